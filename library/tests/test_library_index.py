import datetime

from portal.testing import LuminoTestCase

from .factories import make_article, make_category, make_library_index


class LibraryIndexTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_library_index(intro="Guías técnicas.")
        cls.programming = make_category("Programación", slug="programacion")
        cls.python = make_category("Python", parent=cls.programming)
        cls.networks = make_category("Redes")
        cls.a = make_article(
            cls.index,
            "Pruebas con pytest",
            category=cls.python,
            level="beginner",
            tags=["python"],
            authors=[cls.editor],
            date=datetime.date(2026, 3, 1),
        )
        cls.b = make_article(
            cls.index,
            "Patrones de diseño",
            category=cls.programming,
            level="intermediate",
            tags=["arquitectura"],
            authors=[cls.mentor],
            date=datetime.date(2026, 2, 1),
        )
        cls.c = make_article(
            cls.index,
            "Subredes avanzadas",
            category=cls.networks,
            level="advanced",
            tags=["redes"],
            authors=[cls.mentor],
            members_only=True,
            date=datetime.date(2026, 4, 1),
        )
        cls.draft = make_article(cls.index, "Borrador", category=cls.python, live=False)

    def titles(self, url):
        return [page.title for page in self.client.get(url).context["items"]]

    def test_lists_live_public_articles_newest_first(self):
        response = self.client.get("/biblioteca/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p.title for p in response.context["items"]], ["Pruebas con pytest", "Patrones de diseño"])
        self.assertContains(response, "Guías técnicas.")
        self.assertNotContains(response, "Borrador")

    def test_members_only_articles_are_hidden_from_visitors_and_marked_for_members(self):
        response = self.client.get("/biblioteca/")
        self.assertNotContains(response, "Subredes avanzadas")
        self.assertNotContains(response, "Redes (")  # nor counted in the category filter
        self.client.force_login(self.member)
        response = self.client.get("/biblioteca/")
        self.assertEqual(response.context["items"][0].title, "Subredes avanzadas")
        self.assertContains(response, "Members only", count=1)
        self.assertContains(response, "Redes (1)")

    def test_filter_by_parent_category_includes_its_subcategories(self):
        self.assertEqual(self.titles("/biblioteca/?category=python"), ["Pruebas con pytest"])
        self.assertEqual(
            self.titles("/biblioteca/?category=programacion"), ["Pruebas con pytest", "Patrones de diseño"]
        )

    def test_filter_by_tag_author_and_level(self):
        self.assertEqual(self.titles("/biblioteca/?tag=arquitectura"), ["Patrones de diseño"])
        self.assertEqual(self.titles(f"/biblioteca/?author={self.editor.pk}"), ["Pruebas con pytest"])
        self.assertEqual(self.titles("/biblioteca/?level=intermediate"), ["Patrones de diseño"])
        self.assertEqual(self.titles(f"/biblioteca/?author={self.mentor.pk}&level=beginner"), [])

    def test_members_see_private_articles_through_filters(self):
        self.assertEqual(self.titles("/biblioteca/?level=advanced"), [])
        self.client.force_login(self.member)
        self.assertEqual(self.titles("/biblioteca/?level=advanced"), ["Subredes avanzadas"])

    def test_each_filter_offers_only_values_that_find_articles_with_the_other_filters(self):
        context = self.client.get("/biblioteca/?category=programacion").context
        self.assertEqual([top.slug for top in context["categories"]], ["programacion"])  # Redes is members-only
        self.assertEqual([tag.slug for tag in context["tags"]], ["arquitectura", "python"])
        self.assertEqual([value for value, _label in context["levels"]], ["beginner", "intermediate"])
        context = self.client.get("/biblioteca/?level=beginner&category=programacion").context
        self.assertEqual([tag.slug for tag in context["tags"]], ["python"])
        self.assertEqual([author.pk for author in context["authors"]], [self.editor.pk])
        self.assertEqual([value for value, _label in context["levels"]], ["beginner", "intermediate"])

    def test_active_filters_are_selected_and_removable(self):
        response = self.client.get(f"/biblioteca/?category=python&author={self.editor.pk}")
        self.assertContains(response, '<option value="python" selected>')
        self.assertContains(response, f'<option value="{self.editor.pk}" selected>')
        chips = response.context["active_filters"]
        self.assertEqual(
            [(chip["label"], chip["url"]) for chip in chips][0], ("Python", f"/biblioteca/?author={self.editor.pk}")
        )
        self.assertEqual(chips[1]["url"], "/biblioteca/?category=python")
        self.assertContains(response, "Clear filters")

    def test_unknown_level_is_ignored_and_unknown_category_matches_nothing(self):
        self.assertEqual(len(self.titles("/biblioteca/?level=expert")), 2)
        response = self.client.get("/biblioteca/?category=no-existe")
        self.assertEqual(list(response.context["items"]), [])
        self.assertContains(response, "No articles match these filters.")

    def test_paginates_twelve_per_page_keeping_filters(self):
        for number in range(13):
            make_article(self.index, f"Extra {number}", category=self.python, date=datetime.date(2025, 1, number + 1))
        response = self.client.get("/biblioteca/?category=python")
        self.assertEqual(len(response.context["items"]), 12)
        self.assertContains(response, "?category=python&amp;page=2")
        self.assertEqual(len(self.titles("/biblioteca/?category=python&page=2")), 2)
