from django.test.utils import CaptureQueriesContext

from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from search.tests.fixtures import SearchSiteTestCase

URL = "/api/v1/search/"
AUTOCOMPLETE = "/api/v1/search/autocomplete/"


class SearchApiTests(SearchSiteTestCase):
    def setUp(self):
        self.api = APIClient(HTTP_ACCEPT_LANGUAGE="en")

    def test_answers_results_facets_and_pagination(self):
        response = self.api.get(URL, {"q": "python", "page_size": 1})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            set(body), {"query", "count", "count_is_partial", "next", "previous", "results", "facets", "suggestions"}
        )
        self.assertEqual((body["query"], body["count"], body["previous"]), ("python", 2, None))
        self.assertEqual(body["next"], "http://testserver/api/v1/search/?page=2&page_size=1&q=python")
        [hit] = body["results"]
        self.assertEqual(hit["id"], self.python_intro.pk)
        self.assertEqual(hit["kind"], "library")
        self.assertEqual(hit["title"], "Introducción a Python")
        self.assertEqual(hit["url"], self.python_intro.full_url)
        self.assertEqual(hit["date"], "2023-02-01")
        self.assertEqual(hit["category"], "Programación")
        self.assertEqual(hit["tags"], [{"name": "Python", "slug": "python"}])
        self.assertEqual(
            body["facets"]["type"],
            [
                {"value": "library", "label": "Library", "count": 1, "active": False},
                {"value": "news", "label": "News", "count": 1, "active": False},
            ],
        )
        second = self.api.get(body["next"]).json()
        self.assertEqual(second["previous"], "http://testserver/api/v1/search/?page_size=1&q=python")
        self.assertEqual([hit["title"] for hit in second["results"]], ["Jornada de puertas abiertas"])

    def test_filters_are_applied(self):
        body = self.api.get(URL, {"q": "python", "type": "news", "tag": "eventos", "year": 2024}).json()
        self.assertEqual([hit["title"] for hit in body["results"]], ["Jornada de puertas abiertas"])
        self.assertIn("<mark>Python</mark>", body["results"][0]["snippet"])

    def test_bad_parameters_answer_the_shared_error_shape(self):
        response = self.api.get(URL, {"q": "python", "year": "last"})
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(body["success"], False)
        self.assertIn("year", body["errors"])
        self.assertTrue(body["message"])

    def test_an_empty_query_answers_suggestions(self):
        body = self.api.get(URL).json()
        self.assertEqual((body["count"], body["results"]), (0, []))
        self.assertEqual(body["suggestions"]["popular_tags"][0]["slug"], "python")

    def test_visitors_do_not_get_members_only_pages(self):
        titles = [hit["title"] for hit in self.api.get(URL, {"q": "python"}).json()["results"]]
        self.assertEqual(titles, self.PUBLIC_PYTHON)

    def test_a_member_with_a_jwt_gets_members_only_pages(self):
        token = RefreshToken.for_user(self.member).access_token
        self.api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        results = self.api.get(URL, {"q": "python"}).json()["results"]
        members_only = [hit["title"] for hit in results if hit["members_only"]]
        self.assertEqual(members_only, ["Python para socios"])
        self.assertNotIn("Python con contraseña", [hit["title"] for hit in results])

    def test_a_member_with_a_session_gets_members_only_pages(self):
        self.api.force_login(self.member)
        titles = [hit["title"] for hit in self.api.get(URL, {"q": "python"}).json()["results"]]
        self.assertIn("Python para socios", titles)

    def test_the_query_count_is_bounded(self):
        from django.db import connection

        self.api.get(URL, {"q": "python"})
        with CaptureQueriesContext(connection) as queries:
            self.api.get(URL, {"q": "python"})
        self.assertLess(len(queries), 20)

    def test_is_documented_in_the_openapi_schema(self):
        schema = self.api.get("/api/schema/", {"format": "json"}).json()
        self.assertIn("/api/v1/search/", schema["paths"])
        self.assertIn("/api/v1/search/autocomplete/", schema["paths"])


class AutocompleteApiTests(SearchSiteTestCase):
    def setUp(self):
        self.api = APIClient(HTTP_ACCEPT_LANGUAGE="en")

    def test_suggests_titles_that_start_like_the_query(self):
        body = self.api.get(AUTOCOMPLETE, {"q": "introd"}).json()
        self.assertEqual(
            body["results"],
            [
                {
                    "title": "Introducción a Python",
                    "url": self.python_intro.url,
                    "kind": "library",
                    "kind_label": "Library",
                }
            ],
        )

    def test_hides_members_only_pages_from_visitors_but_not_from_members(self):
        self.assertEqual(self.api.get(AUTOCOMPLETE, {"q": "python para"}).json()["results"], [])
        self.api.force_login(self.member)
        titles = [item["title"] for item in self.api.get(AUTOCOMPLETE, {"q": "python para"}).json()["results"]]
        self.assertEqual(titles, ["Python para socios"])

    def test_answers_at_most_eight_and_nothing_for_an_empty_query(self):
        self.assertEqual(self.api.get(AUTOCOMPLETE, {"q": " "}).json(), {"results": []})
        self.api.force_login(self.manager)
        self.assertLessEqual(len(self.api.get(AUTOCOMPLETE, {"q": "p"}).json()["results"]), 8)
