from unittest import mock

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from home.fragments import forget_version
from portal.testing import LuminoTestCase
from search.tests import builders
from search.tests.fixtures import SearchSiteTestCase


class EnglishMixin:
    """Assertions read the English strings; Spanish is the site's default language."""

    def setUp(self):
        super().setUp()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


class SearchPageTests(EnglishMixin, SearchSiteTestCase):
    def test_lists_results_with_badge_link_snippet_date_and_tags(self):
        response = self.client.get("/search/", {"q": "python"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<meta name="robots" content="noindex">', html=True)
        self.assertContains(response, 'role="status" aria-live="polite"')
        self.assertContains(response, "2 results for “python”")
        self.assertContains(response, f'<a href="{self.open_day.url}">Jornada de puertas abiertas</a>', html=True)
        self.assertContains(response, '<span class="badge">News</span>', html=True)
        self.assertContains(response, "Hablaremos de <mark>Python</mark> y de datos.")
        self.assertContains(response, '<time datetime="2024-06-01">')
        self.assertContains(response, "?q=python&amp;tag=eventos")
        self.assertNotContains(response, "Python para socios")

    def test_the_header_search_box_keeps_the_query(self):
        response = self.client.get("/search/", {"q": "python"})
        self.assertContains(response, 'id="site-search-q"')
        self.assertContains(response, 'value="python"')
        self.assertContains(response, "js/search.js")

    def test_facet_links_add_and_remove_filters_and_list_the_active_ones(self):
        response = self.client.get("/search/", {"q": "python", "type": "news"})
        html = response.content.decode()
        self.assertIn('href="?q=python&amp;type=library"', html)  # switch kind
        self.assertIn('href="?q=python" aria-current="true"', html)  # the active kind removes itself
        self.assertIn('href="?q=python&amp;type=news&amp;tag=eventos"', html)  # add a tag, keep the kind
        self.assertIn("Remove filter: News", html)
        self.assertIn("Clear all filters", html)
        self.assertNotIn("Introducción a Python", html)

    def test_a_member_sees_members_only_results_marked(self):
        self.client.force_login(self.member)
        response = self.client.get("/search/", {"q": "python"})
        self.assertContains(response, "Python para socios")
        self.assertContains(response, "Members only")
        self.assertNotContains(response, "Python con contraseña")

    def test_an_empty_query_shows_the_empty_state(self):
        response = self.client.get("/search/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "What are you looking for?")
        self.assertContains(response, "Popular topics")
        self.assertContains(response, '<a class="tag" href="?q=Python">Python</a>', html=True)

    def test_no_results_offers_a_correction(self):
        response = self.client.get("/search/", {"q": "pyton"})
        self.assertContains(response, "0 results for “pyton”")
        self.assertContains(response, 'Did you mean <a href="?q=python">python</a>?', html=True)

    def test_a_search_engine_outage_renders_a_message_not_a_crash(self):
        with mock.patch("wagtail.query.PageQuerySet.search", side_effect=ConnectionError("engine down")):
            response = self.client.get("/search/", {"q": "python"})
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "Search is not available right now", status_code=503)

    def test_works_without_javascript(self):
        response = self.client.get("/search/", {"q": "python"})
        self.assertContains(response, 'action="/search/" method="get" role="search"')
        self.assertContains(response, '<input id="search-page-q" type="search" name="q"')


class SnippetEscapingTests(EnglishMixin, LuminoTestCase):
    def test_page_text_cannot_inject_markup_into_the_results(self):
        with self.captureOnCommitCallbacks(execute=True):
            index = builders.indexes()
            builders.news(
                index["news"],
                "Seguridad <script>alert(1)</script>",
                intro='Filtrado de entradas & "comillas" <img src=x onerror=alert(2)>',
                body="&lt;script&gt;alert(3)&lt;/script&gt; validación",
            )
        response = self.client.get("/search/", {"q": "validación"})
        html = response.content.decode()
        self.assertIn("Seguridad &lt;script&gt;alert(1)&lt;/script&gt;", html)
        self.assertIn("<mark>validación</mark>", html)
        self.assertIn("&amp; &quot;comillas&quot;", html)
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)


class SearchPageQueryCountTests(EnglishMixin, LuminoTestCase):
    def _queries(self, **filters):
        params = {"q": "ofimática", "tag": "oficina", **filters}
        self.client.get("/search/", params)  # warm caches (content types, site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/search/", params)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def _add(self, index, count, start):
        with self.captureOnCommitCallbacks(execute=True):
            for number in range(start, start + count):
                kind = ("news", "library", "course")[number % 3]
                build = {"news": builders.news, "library": builders.article, "course": builders.course}[kind]
                build(index[kind], f"Ofimática {number}", tags=["Oficina", f"nivel-{number % 4}"])

    def test_the_query_count_does_not_grow_with_the_number_of_results(self):
        self.client.force_login(self.member)
        with self.captureOnCommitCallbacks(execute=True):
            index = builders.indexes()
        self._add(index, 10, 0)
        few, response = self._queries()
        self.assertContains(response, "10 results")
        few_by_kind = {kind: self._queries(type=kind)[0] for kind in ("news", "library", "course")}
        self._add(index, 90, 10)
        many, response = self._queries()
        self.assertContains(response, "100 results")
        # Each type shown costs its own fixed queries, so a page with every type is the dearest;
        # with one type, ten times the matches cost exactly the same.
        self.assertLessEqual(many, few)
        for kind, count in few_by_kind.items():
            with self.subTest(kind=kind):
                self.assertEqual(self._queries(type=kind)[0], count)


@override_settings(LUMINO_FRAGMENT_TIMEOUT=300)
class CachedSuggestionsTests(SearchSiteTestCase):
    """Popular tags, latest items and the "did you mean" words scan the whole site, so the empty
    state keeps them per content version and audience; a publish shows at once."""

    def setUp(self):
        cache.clear()
        forget_version()

    def suggestions(self, query="zxqwv"):
        return self.client.get("/search/", {"q": query}).context["outcome"].suggestions

    def test_a_second_empty_search_reuses_them_and_a_publish_refreshes_them(self):
        with CaptureQueriesContext(connection) as cold:
            first = self.suggestions()
        with CaptureQueriesContext(connection) as warm:
            self.assertEqual(self.suggestions("qwzzy")["latest"], first["latest"])
        self.assertLess(len(warm), len(cold))
        with self.captureOnCommitCallbacks(execute=True):
            builders.news(self.index["news"], "Convocatoria de becas", tags=["Becas"]).save_revision().publish()
        self.assertEqual(self.suggestions("becsa")["did_you_mean"], "becas")

    def test_members_and_visitors_get_their_own_copy(self):
        self.assertNotIn("Python para socios", [item["title"] for item in self.suggestions()["latest"]])
        self.client.force_login(self.member)
        self.assertIn("Python para socios", [item["title"] for item in self.suggestions()["latest"]])
