from django.test import SimpleTestCase

from home.blocks import CodeBlock, DataTableBlock


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
