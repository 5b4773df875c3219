from unittest import mock, skipUnless

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend

from modelsearch.query import And, Or

from portal.testing import LuminoTestCase
from search.ranking import Match, _merge_variants, best_matches
from search.services import _audience, _searchable
from search.tests import builders
from search.tests.fixtures import SearchSiteTestCase
from search.text import backend_query, query_terms


def modelsearch_order(base, query, limit):
    """What modelsearch's own backend answers, page by page."""
    results = base.only("id", "content_type_id", "title").search(query)[:limit]
    return [Match(page.pk, page.content_type_id, page.title) for page in results]


class BestMatchesTests(SearchSiteTestCase):
    """The ranking query (one per database backend) finds what modelsearch finds, in its order."""

    QUERIES = ["python", "tecnología", "tecnologia educativa", "cursos", "python datos", "zxqwv"]

    def assert_same_as_modelsearch(self, user):
        base = _searchable(user, _audience(user))
        for words in self.QUERIES:
            with self.subTest(query=words):
                query = backend_query(query_terms(words))
                self.assertEqual(best_matches(base, query, 1000), modelsearch_order(base, query, 1000))

    def test_a_visitor_gets_modelsearchs_matches_in_its_order(self):
        self.assert_same_as_modelsearch(None)

    def test_a_member_gets_modelsearchs_matches_in_its_order(self):
        self.assert_same_as_modelsearch(self.member)

    def test_the_cap_keeps_the_best(self):
        base = _searchable(None, _audience(None))
        query = backend_query(query_terms("python"))
        self.assertGreater(len(modelsearch_order(base, query, 1000)), 1)
        self.assertEqual(best_matches(base, query, 1), modelsearch_order(base, query, 1))

    def test_the_ranking_starts_from_the_index_entries_not_the_pages(self):
        base = _searchable(None, _audience(None))
        with CaptureQueriesContext(connection) as queries:
            best_matches(base, backend_query(query_terms("python")), 1000)
        sqls = [query["sql"] for query in queries.captured_queries]
        froms = [sql.split(" FROM ", 1)[1].split(" ", 1)[0] for sql in sqls]
        self.assertTrue(any("indexentry" in table for table in froms), froms)
        # modelsearch's own query starts from the pages and joins their entries.
        from_pages = [sql for sql, table in zip(sqls, froms, strict=True) if table == '"wagtailcore_page"']
        self.assertFalse(any("JOIN" in sql and "indexentry" in sql for sql in from_pages))


def settings_config():
    return get_search_backend().config


@skipUnless(connection.vendor == "postgresql", "lexemes of the PostgreSQL configuration")
class MergedVariantsTests(SimpleTestCase):
    databases = {"default"}

    def merged(self, words):
        return _merge_variants(backend_query(query_terms(words)), settings_config(), "default")

    def test_forms_stemmed_alike_are_searched_once(self):
        merged = self.merged("ejemplos cursos")
        self.assertIsInstance(merged, And)
        self.assertEqual([part.query_string for part in merged.subqueries], ["ejemplo", "curso"])

    def test_forms_stemmed_differently_are_all_kept(self):
        query = backend_query(query_terms("luces"))  # luces, luz: `luc` and `luz`
        self.assertIsInstance(query, Or)
        self.assertIs(_merge_variants(query, settings_config(), "default"), query)


class RankingCapTests(LuminoTestCase):
    """Over MAX_RANKED matches, only the newest and those with the query in the title are scored."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with cls.captureOnCommitCallbacks(execute=True):
            library = builders.indexes()["library"]
            # Indexed first: the oldest match, but the word is in its title.
            cls.titled = builders.article(library, "Zarzamora silvestre", body="Una planta.")
            cls.bodies = [
                builders.article(library, f"Artículo {number}", body="Habla de la zarzamora.") for number in range(4)
            ]

    def ranked(self, max_ranked, user=None):
        base = _searchable(user, _audience(user))
        return best_matches(base, backend_query(query_terms("zarzamora")), 100, max_ranked=max_ranked)

    def test_under_the_cap_every_match_is_ranked(self):
        matches = self.ranked(5)
        self.assertFalse(matches.partial)
        self.assertEqual({match.pk for match in matches}, {self.titled.pk, *(page.pk for page in self.bodies)})

    def test_over_the_cap_the_newest_and_the_title_matches_are_ranked(self):
        matches = self.ranked(3)  # one title match (half the budget, rounded down), two newest
        self.assertTrue(matches.partial)
        expected = {self.titled.pk, self.bodies[3].pk, self.bodies[2].pk}
        self.assertEqual({match.pk for match in matches}, expected)

    def test_a_list_cut_at_its_limit_is_partial_too(self):
        base = _searchable(None, _audience(None))
        query = backend_query(query_terms("zarzamora"))
        self.assertTrue(best_matches(base, query, 4, max_ranked=10).partial)
        self.assertFalse(best_matches(base, query, 5, max_ranked=10).partial)

    def test_the_search_page_says_there_are_more(self):
        with mock.patch("search.ranking.MAX_RANKED", 3):
            response = self.client.get("/search/", {"q": "zarzamora"}, headers={"accept-language": "es"})
            data = self.client.get("/api/v1/search/", {"q": "zarzamora"}).json()
        self.assertContains(response, "Más de 3 resultados para «zarzamora»")
        self.assertEqual((data["count"], data["count_is_partial"]), (3, True))
        with mock.patch("search.ranking.MAX_RANKED", 5):
            data = self.client.get("/api/v1/search/", {"q": "zarzamora"}).json()
        self.assertEqual((data["count"], data["count_is_partial"]), (5, False))
