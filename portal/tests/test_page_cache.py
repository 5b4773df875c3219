"""Anonymous pages say they are public and come from Django's cache; nothing personal ever does
(portal/page_cache.py)."""

from django.test import override_settings

from wagtail.models import Page

from accounts.tests.factories import UserFactory
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase


class CacheHeadersTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.news = make_news(cls.index, "Noticia pública")

    def test_a_visitor_s_page_is_public_for_a_few_seconds_and_varies_by_cookie_and_language(self):
        for url in ("/", self.index.url, self.news.url, "/search/?q=noticia"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Cache-Control"], "public, max-age=10")
                vary = {part.strip() for part in response["Vary"].split(",")}
                self.assertLessEqual({"Cookie", "Accept-Language"}, vary)

    def test_a_logged_in_person_s_page_is_private(self):
        self.client.force_login(UserFactory())
        self.assertEqual(self.client.get(self.news.url)["Cache-Control"], "private")

    def test_a_page_with_a_form_token_is_never_public(self):
        response = self.client.get("/accounts/login/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_errors_and_views_that_decided_for_themselves_keep_their_headers(self):
        self.assertNotIn("public", self.client.get("/no-existe/").get("Cache-Control", ""))
        self.assertNotIn("public", self.client.get("/api/v1/news/").get("Cache-Control", ""))
        self.client.force_login(UserFactory())
        self.assertIn("no-cache", self.client.get("/dashboard/")["Cache-Control"])


@override_settings(LUMINO_PAGE_CACHE=True)
class PageCacheTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.news = make_news(cls.index, "Noticia pública")

    def test_a_visitor_gets_the_cached_page_until_content_changes(self):
        self.assertContains(self.client.get(self.news.url), "Noticia pública")
        # Changed behind Wagtail's back (no publish): the cached page is what visitors get…
        Page.objects.filter(pk=self.news.pk).update(title="Título cambiado sin publicar")
        with self.assertNumQueries(0):
            self.assertContains(self.client.get(self.news.url), "Noticia pública")
        # …until a publish, which is visible on the next request.
        page = self.news.specific_class.objects.get(pk=self.news.pk)
        page.title = "Noticia corregida"
        page.save_revision().publish()
        self.assertContains(self.client.get(self.news.url), "Noticia corregida")

    def test_a_member_never_gets_a_visitor_s_cached_listing(self):
        make_news(self.index, "Noticia para socios", members_only=True)
        self.assertNotContains(self.client.get(self.index.url), "Noticia para socios")
        self.client.force_login(UserFactory())
        self.assertContains(self.client.get(self.index.url), "Noticia para socios")
        self.client.logout()
        self.assertNotContains(self.client.get(self.index.url), "Noticia para socios")

    def test_the_cached_answer_carries_a_fresh_request_id(self):
        first = self.client.get(self.news.url)
        second = self.client.get(self.news.url)
        self.assertEqual(first.content, second.content)
        self.assertNotEqual(first["X-Request-ID"], second["X-Request-ID"])
