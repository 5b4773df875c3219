import datetime

from library.models import LibraryArticlePage
from portal.testing import LuminoTestCase

from .factories import make_article, make_category, make_document, make_library_index


class ArticlePageTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_library_index()
        cls.category = make_category("Bases de datos")
        cls.document = make_document("Manual de índices", filename="indices.pdf")
        cls.page = make_article(
            cls.index,
            "Índices en PostgreSQL",
            category=cls.category,
            level="advanced",
            authors=[cls.editor],
            tags=["PostgreSQL"],
            documents=[cls.document],
            date=datetime.date(2026, 5, 5),
            body=[
                {"type": "paragraph", "value": "<p>Un índice acelera las búsquedas.</p>"},
                {"type": "code", "value": {"language": "sql", "code": "SELECT 1;", "caption": "Consulta"}},
                {
                    "type": "exercise",
                    "value": {
                        "title": "Crea un índice",
                        "prompt": "<p>Indexa la columna email.</p>",
                        "solution": "",
                        "solution_language": "sql",
                        "solution_code": "CREATE INDEX ON usuarios (email);",
                    },
                },
                {"type": "key_points", "value": {"title": "", "points": ["Mide con EXPLAIN."]}},
            ],
        )
        cls.sibling = make_article(cls.index, "VACUUM explicado", category=cls.category)
        cls.private_sibling = make_article(cls.index, "Réplicas privadas", category=cls.category, members_only=True)
        cls.other = make_article(cls.index, "Otra categoría", category=make_category("Redes"))

    def test_renders_header_body_and_highlighted_code(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Índices en PostgreSQL</h1>", html=True)
        self.assertContains(response, "Advanced")
        self.assertContains(response, 'href="/biblioteca/?category=bases-de-datos"')
        self.assertContains(response, f'href="/biblioteca/?author={self.editor.pk}"')
        self.assertContains(response, 'href="/biblioteca/?tag=postgresql"')
        self.assertContains(
            response,
            '<div class="highlight"><pre tabindex="0" role="region" aria-label="Consulta"><span></span><code>'
            '<span class="k">SELECT</span>',
        )
        self.assertContains(response, "/static/css/content.css")

    def test_library_blocks_render_the_exercise_folded_and_key_points(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, '<details class="exercise__solution">')
        self.assertContains(response, '<span class="k">CREATE</span>')
        self.assertContains(response, "Mide con EXPLAIN.")

    def test_lists_attachments_with_type_and_size(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, f'href="/documents/{self.document.pk}/indices.pdf"')
        self.assertContains(response, "Manual de índices")
        self.assertContains(response, "(PDF, ")

    def test_related_articles_share_the_category_and_respect_privacy(self):
        titles = [p.title for p in self.client.get(self.page.url).context["related_pages"]]
        self.assertEqual(titles, ["VACUUM explicado"])
        self.client.force_login(self.member)
        titles = [p.title for p in self.client.get(self.page.url).context["related_pages"]]
        self.assertCountEqual(titles, ["VACUUM explicado", "Réplicas privadas"])

    def test_saving_an_article_collects_its_attachments_text(self):
        self.document.extracted_text = "texto del manual"
        self.document.save(update_fields=["extracted_text"])
        page = LibraryArticlePage.objects.get(pk=self.page.pk)
        page.save()
        self.assertEqual(LibraryArticlePage.objects.get(pk=self.page.pk).attachments_text, "texto del manual")
