"""Search engines see public pages only: sitemap, robots.txt and the tags each page carries."""

from django.conf import settings

from home.models import HomePage
from portal.testing import LuminoTestCase
from search.tests import builders


class SeoTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = builders.indexes()
        cls.public = builders.article(
            cls.index["library"], "Guía de accesibilidad", intro="Cómo hacer webs para todos.", body="WCAG."
        )
        cls.public.search_description = "Una guía práctica de accesibilidad web."
        cls.public.save_revision().publish()
        cls.members_only = builders.news(cls.index["news"], "Circular interna")
        builders.restrict(cls.members_only)
        cls.draft = builders.news(cls.index["news"], "Borrador sin publicar")
        cls.draft.unpublish()

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_sitemap_lists_live_public_pages_only(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        xml = response.content.decode()
        self.assertIn(f"<loc>{self.public.full_url}</loc>", xml)
        self.assertIn(f"<loc>{HomePage.objects.get().full_url}</loc>", xml)
        self.assertNotIn(self.members_only.url_path.rstrip("/").rsplit("/", 1)[-1], xml)
        self.assertNotIn(self.draft.url_path.rstrip("/").rsplit("/", 1)[-1], xml)

    def test_robots_txt_keeps_crawlers_out_of_private_and_search_pages(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain")
        lines = response.content.decode().splitlines()
        self.assertEqual(lines[0], "User-agent: *")
        for path in ("/admin/", "/accounts/", "/dashboard/", "/api/", "/search/"):
            self.assertIn(f"Disallow: {path}", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)

    def test_a_page_carries_canonical_description_and_open_graph_tags(self):
        response = self.client.get(self.public.url)
        self.assertEqual(response.status_code, 200)
        url = self.public.full_url
        self.assertContains(response, f'<link rel="canonical" href="{url}">', html=True)
        self.assertContains(response, '<meta property="og:title" content="Guía de accesibilidad">', html=True)
        self.assertContains(response, f'<meta property="og:url" content="{url}">', html=True)
        self.assertContains(
            response, '<meta name="description" content="Una guía práctica de accesibilidad web.">', html=True
        )
        self.assertContains(
            response, '<meta property="og:description" content="Una guía práctica de accesibilidad web.">', html=True
        )

    def test_the_search_page_asks_not_to_be_indexed(self):
        response = self.client.get("/search/", {"q": "accesibilidad"})
        self.assertContains(response, '<meta name="robots" content="noindex">', html=True)
        self.assertNotContains(response, 'rel="canonical"')
