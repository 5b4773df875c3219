from unittest import mock

from django.test import override_settings

from search.services import SearchError, search_site
from search.tests.fixtures import SearchSiteTestCase


def titles(outcome):
    return [hit.page.title for hit in outcome.hits]


def facet(outcome, name):
    return {value.label: value.count for value in outcome.facets[name]}


class RelevanceAndLanguageTests(SearchSiteTestCase):
    def test_a_title_match_ranks_above_a_body_only_match(self):
        self.assertEqual(titles(search_site("python", user=None)), self.PUBLIC_PYTHON)

    def test_an_unaccented_query_finds_accented_text(self):
        self.assertIn("Tecnología para todos", titles(search_site("tecnologia", user=None)))

    def test_an_accented_query_finds_unaccented_text(self):
        self.assertIn("Guia de tecnologia educativa", titles(search_site("TECNOLOGÍA", user=None)))

    def test_a_plural_finds_the_singular(self):
        self.assertEqual(titles(search_site("cursos", user=None)), ["Curso de fotografía"])

    def test_every_word_must_match(self):
        self.assertEqual(titles(search_site("python datos", user=None)), ["Jornada de puertas abiertas"])

    def test_snippets_mark_matched_words_whatever_their_accents_and_inflection(self):
        snippets = {hit.page.title: hit.snippet for hit in search_site("python", user=None).hits}
        expected = "Novedades de Lumino. Hablaremos de <mark>Python</mark> y de datos."
        self.assertEqual(snippets["Jornada de puertas abiertas"], expected)
        snippets = {hit.page.title: hit.snippet for hit in search_site("tecnologías", user=None).hits}
        self.assertIn("<mark>tecnologia</mark>", snippets["Guia de tecnologia educativa"])
        self.assertIn("<mark>tecnología</mark>", snippets["Tecnología para todos"])


class FacetAndFilterTests(SearchSiteTestCase):
    def test_facets_count_the_whole_matching_set_not_just_the_page(self):
        outcome = search_site("python", user=None, per_page=1)
        self.assertEqual(len(outcome.hits), 1)
        self.assertEqual(facet(outcome, "type"), {"News": 1, "Library": 1})
        self.assertEqual(facet(outcome, "tag"), {"Python": 2, "Eventos": 1})
        self.assertEqual(facet(outcome, "category"), {"Programación": 1})
        self.assertEqual(facet(outcome, "year"), {"2024": 1, "2023": 1})

    def test_facet_values_carry_the_slug_to_filter_with(self):
        outcome = search_site("python", user=None)
        self.assertEqual({value.value for value in outcome.facets["tag"]}, {"python", "eventos"})
        self.assertEqual([value.value for value in outcome.facets["category"]], ["programacion"])

    def test_a_category_given_by_name_only_gets_its_real_slug(self):
        outcome = search_site("fotografía", user=None)
        self.assertEqual([(v.label, v.value) for v in outcome.facets["category"]], [("Imagen digital", "imagen")])
        self.assertEqual(titles(search_site("fotografía", user=None, category="imagen")), ["Curso de fotografía"])

    def test_filters_narrow_the_results_and_combine(self):
        self.assertEqual(titles(search_site("python", user=None, kind="news")), ["Jornada de puertas abiertas"])
        self.assertEqual(titles(search_site("python", user=None, tag="eventos")), ["Jornada de puertas abiertas"])
        self.assertEqual(titles(search_site("python", user=None, tag="python", year=2023)), ["Introducción a Python"])
        self.assertEqual(
            titles(search_site("python", user=None, category="programacion", kind="library")), ["Introducción a Python"]
        )
        self.assertEqual(titles(search_site("python", user=None, tag="eventos", kind="library")), [])

    def test_the_type_facet_still_offers_the_other_kinds_when_one_is_chosen(self):
        outcome = search_site("python", user=None, kind="library")
        self.assertEqual(facet(outcome, "type"), {"News": 1, "Library": 1})
        self.assertEqual([value.value for value in outcome.facets["type"] if value.active], ["library"])
        self.assertEqual(facet(outcome, "tag"), {"Python": 1})

    def test_unknown_filter_values_are_ignored_or_match_nothing(self):
        self.assertEqual(titles(search_site("python", user=None, kind="nope", year="abc")), self.PUBLIC_PYTHON)
        self.assertEqual(titles(search_site("python", user=None, tag="no-such-tag")), [])

    def test_pagination_splits_the_results_and_survives_bad_page_numbers(self):
        first, second = (search_site("python", user=None, per_page=1, page=n) for n in (1, 2))
        self.assertEqual(titles(first) + titles(second), self.PUBLIC_PYTHON)
        self.assertEqual((first.total, first.page_obj.paginator.num_pages), (2, 2))
        self.assertEqual(titles(search_site("python", user=None, per_page=1, page="x")), titles(first))
        self.assertEqual(titles(search_site("python", user=None, per_page=1, page=99)), titles(second))


class PrivacyTests(SearchSiteTestCase):
    def test_visitors_find_public_pages_only(self):
        self.assertEqual(titles(search_site("python", user=None)), self.PUBLIC_PYTHON)

    def test_a_member_also_finds_members_only_pages_marked_as_such(self):
        outcome = search_site("python", user=self.member)
        self.assertIn("Python para socios", titles(outcome))
        self.assertNotIn("Python interno", titles(outcome))
        self.assertNotIn("Python con contraseña", titles(outcome))
        self.assertEqual([hit.page.title for hit in outcome.hits if hit.members_only], ["Python para socios"])

    def test_group_restricted_pages_only_for_that_group(self):
        self.assertIn("Python interno", titles(search_site("python", user=self.editor)))
        self.assertNotIn("Python interno", titles(search_site("python", user=self.agent)))

    def test_password_protected_pages_are_never_listed(self):
        for user in (None, self.member, self.editor, self.manager):
            self.assertNotIn("Python con contraseña", titles(search_site("python", user=user)))

    def test_drafts_are_not_found(self):
        self.photo_course.unpublish()
        self.assertEqual(titles(search_site("fotografía", user=None)), [])


class QueryAndEmptyStateTests(SearchSiteTestCase):
    @override_settings(LUMINO_SEARCH_MAX_QUERY_LENGTH=10)
    def test_a_long_query_is_cut_at_the_configured_length(self):
        outcome = search_site("   python " + "x" * 300, user=None)
        self.assertEqual(outcome.query, "python xxx")

    def test_an_empty_query_shows_suggestions_not_an_error(self):
        outcome = search_site("   ", user=None)
        self.assertEqual((outcome.hits, outcome.total), ([], 0))
        self.assertEqual(outcome.suggestions["popular_tags"][0], {"name": "Python", "slug": "python", "count": 2})
        latest = [item["title"] for item in outcome.suggestions["latest"]]
        self.assertTrue(latest)
        self.assertNotIn("Python para socios", latest)

    def test_no_results_suggests_a_corrected_query_and_similar_titles(self):
        outcome = search_site("pyton", user=None)
        self.assertEqual(outcome.hits, [])
        self.assertEqual(outcome.suggestions["did_you_mean"], "python")
        outcome = search_site("introduc", user=None)
        self.assertIn("Introducción a Python", [item["title"] for item in outcome.suggestions["titles"]])

    def test_a_failing_backend_raises_a_503_search_error(self):
        with mock.patch("wagtail.query.PageQuerySet.search", side_effect=ConnectionError("engine down")):
            with self.assertRaises(SearchError) as caught:
                search_site("python", user=None)
        self.assertEqual(caught.exception.status, 503)
