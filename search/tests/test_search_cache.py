"""The search page's results are a cached fragment: asked again, a search runs no search; a
failed search is never kept, and a publish shows at once."""

from unittest import mock

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from search.tests import builders
from search.tests.fixtures import SearchSiteTestCase


@override_settings(LUMINO_FRAGMENT_TIMEOUT=300, LANGUAGE_CODE="en")
class SearchResultsCacheTests(SearchSiteTestCase):
    def test_the_same_search_again_comes_from_the_cache_in_few_queries(self):
        self.client.get("/")  # a new site's first request creates its settings (a content change)
        first = self.client.get("/search/", {"q": "python"})
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get("/search/", {"q": "python"})
        self.assertEqual(first.content, second.content)
        self.assertLessEqual(len(queries), 4, "\n".join(q["sql"][:150] for q in queries))
        self.assertNotIn("indexentry", " ".join(query["sql"] for query in queries))

    def test_an_outage_is_not_kept_once_the_engine_is_back(self):
        with mock.patch("wagtail.query.PageQuerySet.search", side_effect=ConnectionError("engine down")):
            self.assertEqual(self.client.get("/search/", {"q": "python"}).status_code, 503)
        response = self.client.get("/search/", {"q": "python"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Introducción a Python")

    def test_a_new_page_is_found_at_once(self):
        self.assertNotContains(self.client.get("/search/", {"q": "python"}), "Python avanzado")
        with self.captureOnCommitCallbacks(execute=True):
            builders.article(self.index["library"], "Python avanzado", body="Decoradores.", tags=["Python"])
        self.assertContains(self.client.get("/search/", {"q": "python"}), "Python avanzado")


class SearchEngineUnavailableTests(SearchSiteTestCase):
    @override_settings(
        WAGTAILSEARCH_BACKENDS={
            "default": {"BACKEND": "modelsearch.backends.elasticsearch9", "URLS": ["http://127.0.0.1:9"]}
        }
    )
    def test_a_search_engine_that_cannot_be_reached_or_loaded_answers_503_not_500(self):
        response = self.client.get("/search/", {"q": "python"})
        self.assertEqual(response.status_code, 503)
