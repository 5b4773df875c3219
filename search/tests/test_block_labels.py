"""Search finds and quotes what readers see on a page, never the labels of the editor's blocks."""

from wagtail.rich_text import RichText

from portal.testing import LuminoTestCase
from search.services import search_site
from search.tests import builders


class BlockLabelTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with cls.captureOnCommitCallbacks(execute=True):
            index = builders.indexes()
            cls.article = builders.article(index["library"], "Despliegue con Docker", intro="Contenedores.")
            cls.article.body = [
                ("heading", {"text": "Primeros pasos con contenedores", "level": "h2"}),
                ("callout", {"kind": "warning", "title": "Antes de empezar", "text": RichText("<p>Instálalo.</p>")}),
            ]
            cls.article.save_revision().publish()

    def test_the_snippet_quotes_the_heading_and_not_its_level(self):
        (hit,) = search_site("contenedores", user=None).hits
        self.assertIn("Primeros pasos con", hit.snippet)
        self.assertNotIn("Heading", hit.snippet)
        self.assertNotIn("Warning", hit.snippet)

    def test_a_block_label_finds_nothing(self):
        self.assertEqual(search_site("heading", user=None).hits, [])
        self.assertEqual(search_site("warning", user=None).hits, [])
