"""The search page's correction reads as a Spanish question, with both marks."""

from search.tests.fixtures import SearchSiteTestCase


class SpanishSuggestionTests(SearchSiteTestCase):
    def test_the_correction_opens_and_closes_the_question(self):
        response = self.client.get("/search/", {"q": "pyton"}, HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(response, '¿Quizás quisiste decir <a href="?q=python">python</a>?', html=True)
