"""Every searchable page type (home/searchable.py) answers the search protocol the same way.

Types are discovered from the installed apps: a new searchable type is checked here as soon as it
exists, and must add a builder below so its pages are checked too.
"""

import datetime
from collections import Counter
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.db.models import ForeignKey

from wagtail.images import get_image_model

from home.models import featurable_page_types
from home.searchable import FACET_NAMES, Facet, SearchablePage
from portal.testing import LuminoTestCase
from search import registry

from . import builders

BUILDERS = {
    "news": lambda index: builders.news(index["news"], "Protocolo", tags=["Protocolo"], date=datetime.date(2025, 2, 3)),
    "library": lambda index: builders.article(
        index["library"],
        "Protocolo",
        tags=["Protocolo"],
        category=builders.library_category("Redes"),
        date=datetime.date(2025, 2, 3),
    ),
    "course": lambda index: published_on(
        builders.course(
            index["course"], "Protocolo", tags=["Protocolo"], category=builders.course_category("Datos", "datos")
        )
    ),
    "mentor": lambda index: published_on(builders.mentor(index["mentor"], "Protocolo", tags=["Protocolo"])),
}


def published_on(page, day=datetime.datetime(2025, 2, 3, 10, tzinfo=datetime.UTC)):
    """A course without sessions, and a mentor, are dated by their first publication."""
    type(page).objects.filter(pk=page.pk).update(first_published_at=day)
    page.first_published_at = day
    return page


class SearchProtocolTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index = builders.indexes()
        cls.pages = {kind: build(index) for kind, build in BUILDERS.items()}

    def test_the_search_covers_every_searchable_page_type_and_each_has_a_builder_here(self):
        models = registry.searchable_models()
        self.assertEqual({model.search_kind for model in models}, set(BUILDERS))
        self.assertEqual(set(featurable_page_types()), {model for model in models if model.featurable})

    def test_each_type_names_its_kind_and_shows_images_it_really_has(self):
        image_model = get_image_model()
        for model in registry.searchable_models():
            with self.subTest(model=model._meta.label):
                self.assertTrue(model.search_kind and str(model.search_kind_label))
                self.assertEqual(registry.kind_label(model.search_kind), model.search_kind_label)
                for name in model.card_image_fields:
                    field = model._meta.get_field(name)
                    self.assertIsInstance(field, ForeignKey)
                    self.assertIs(field.related_model, image_model)
                self.assertIn("tags", [getattr(field, "field_name", "") for field in model.search_fields])

    def test_each_page_gives_its_card_and_snippet_fields(self):
        for kind, page in self.pages.items():
            page = type(page).objects.get(pk=page.pk)
            with self.subTest(kind=kind):
                self.assertTrue(page.card_summary)
                self.assertIsInstance(page.search_text(), str)
                self.assertIn(page.card_summary, page.search_text())
                self.assertIsInstance(page.search_date, datetime.date)
                self.assertIn(page.search_category, {"", "Redes", "Datos"})
                self.assertIsNone(page.card_image)

    def test_facets_come_in_the_one_format_with_slugs_and_labels(self):
        for kind, page in self.pages.items():
            model = type(page)
            with self.subTest(kind=kind):
                facets = model.search_facets([page.pk])
                self.assertEqual(set(facets), set(FACET_NAMES))
                self.assertEqual(facets["tag"], Counter({Facet("protocolo", "Protocolo"): 1}))
                year = str(page.search_date.year)
                self.assertEqual(facets["year"], Counter({Facet(year, year): 1}))
                for counter in facets.values():
                    self.assertTrue(all(isinstance(facet, Facet) for facet in counter))
                self.assertEqual(model.search_facets([]), {name: Counter() for name in FACET_NAMES})

    def test_filters_narrow_by_tag_category_and_year(self):
        for kind, page in self.pages.items():
            model = type(page)
            everything = model.objects.all()
            year = page.search_date.year
            with self.subTest(kind=kind):
                self.assertEqual(list(model.search_filter(everything, tag="protocolo", year=year)), [page])
                self.assertEqual(list(model.search_filter(everything, tag="otra")), [])
                self.assertEqual(list(model.search_filter(everything, year=year + 1)), [])
                category = {"library": "redes", "course": "datos"}.get(kind)
                found = list(model.search_filter(everything, category=category or "redes"))
                self.assertEqual(found, [page] if category else [])

    def test_cards_load_in_a_fixed_number_of_queries(self):
        for kind, page in self.pages.items():
            model = type(page)
            with self.subTest(kind=kind):
                cards = list(model.with_cards(model.objects.filter(pk=page.pk)))
                with self.assertNumQueries(0):
                    for card in cards:
                        self.assertIsNone(card.card_image)
                        self.assertIsNotNone(card.search_date)
                        self.assertIn(card.search_category, {"", "Redes", "Datos"})
                        if "tags" in model.card_prefetches():
                            self.assertEqual([tag.name for tag in card.tags.all()], ["Protocolo"])

    def test_a_searchable_type_without_a_kind_fails_loudly(self):
        class Nameless(SearchablePage):
            pass

        Nameless._meta = type("Meta", (), {"label": "tests.Nameless"})
        real = registry.apps.get_models
        registry.searchable_models.cache_clear()
        self.addCleanup(registry.searchable_models.cache_clear)
        with mock.patch.object(registry.apps, "get_models", lambda: [*real(), Nameless]):
            with self.assertRaisesMessage(ImproperlyConfigured, "tests.Nameless inherits SearchablePage"):
                registry.searchable_models()
