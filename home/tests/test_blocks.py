from django.test import SimpleTestCase
from django.utils import translation

from home.blocks import CalloutBlock, CodeBlock, DataTableBlock, HeadingBlock


class TableBlockTests(SimpleTestCase):
    def test_header_row_is_rendered_once_as_column_headers(self):
        value = {
            "data": [["Motor", "Versión"], ["PostgreSQL", "16"], ["SQLite", "3.45"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Bases de datos",
        }
        html = DataTableBlock().render(value)
        self.assertIn('<th scope="col">Motor</th>', html)
        self.assertEqual(html.count("Motor"), 1)
        self.assertIn("<td>PostgreSQL</td>", html)
        self.assertIn("<caption>Bases de datos</caption>", html)


class CodeBlockTests(SimpleTestCase):
    def test_code_is_highlighted_on_the_server_and_escaped(self):
        block = CodeBlock()
        value = block.to_python({"language": "python", "code": "print('<script>')", "caption": ""})
        html = block.render(value)
        self.assertIn('class="highlight"', html)
        self.assertNotIn("<script>", html)

    def test_the_keyboard_reaches_code_that_scrolls_sideways_and_hears_its_name(self):
        block = CodeBlock()
        value = block.to_python({"language": "bash", "code": "echo " + "x" * 200, "caption": ""})
        self.assertIn('<pre tabindex="0" role="region" aria-label="Code in Bash">', block.render(value))

    def test_a_caption_names_the_code_and_is_escaped(self):
        block = CodeBlock()
        value = block.to_python({"language": "python", "code": "x = 1", "caption": 'Bucle "for" <1>'})
        self.assertIn('aria-label="Bucle &quot;for&quot; &lt;1&gt;"', block.render(value))


class SearchableContentTests(SimpleTestCase):
    def test_search_indexes_a_heading_s_words_not_its_level_label(self):
        block = HeadingBlock()
        value = block.to_python({"text": "Primeros pasos", "level": "h2"})
        with translation.override("es"):
            self.assertEqual(block.get_searchable_content(value), ["Primeros pasos"])

    def test_search_indexes_a_callout_s_text_not_its_kind(self):
        block = CalloutBlock()
        value = block.to_python({"kind": "warning", "title": "Cuidado", "text": "<p>Haz copia antes.</p>"})
        content = " ".join(block.get_searchable_content(value))
        self.assertIn("Cuidado", content)
        self.assertIn("Haz copia antes.", content)
        self.assertNotIn("Warning", content)
        self.assertNotIn(str(CalloutBlock().child_blocks["kind"].get_searchable_content("warning")[0]), content)
