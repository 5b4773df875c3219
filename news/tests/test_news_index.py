import datetime

from wagtail.models import Page

from portal.testing import LuminoTestCase

from .factories import make_news, make_news_index


class NewsIndexListingTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index(intro="Lo último de Lumino.")
        cls.old = make_news(cls.index, "Noticia antigua", date=datetime.date(2025, 3, 1), tags=["becas"])
        cls.new = make_news(cls.index, "Noticia reciente", date=datetime.date(2026, 5, 1), tags=["python", "cursos"])
        cls.private = make_news(cls.index, "Noticia para miembros", date=datetime.date(2026, 6, 1), members_only=True)
        cls.draft = make_news(cls.index, "Borrador sin publicar", date=datetime.date(2026, 7, 1), live=False)

    def titles(self, response):
        return [page.title for page in response.context["items"]]

    def test_lists_live_public_news_newest_first(self):
        response = self.client.get("/noticias/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.titles(response), ["Noticia reciente", "Noticia antigua"])
        self.assertContains(response, "Lo último de Lumino.")
        self.assertNotContains(response, "Borrador sin publicar")

    def test_members_only_news_is_hidden_from_visitors_and_marked_for_members(self):
        self.assertNotContains(self.client.get("/noticias/"), "Noticia para miembros")
        self.client.force_login(self.member)
        response = self.client.get("/noticias/")
        self.assertEqual(self.titles(response), ["Noticia para miembros", "Noticia reciente", "Noticia antigua"])
        self.assertContains(response, "Members only", count=1)

    def test_filters_by_tag_and_marks_the_active_link(self):
        response = self.client.get("/noticias/?tag=python")
        self.assertEqual(self.titles(response), ["Noticia reciente"])
        self.assertContains(
            response, '<a href="/noticias/?tag=python" aria-current="true" class="is-active">', html=False
        )
        self.assertContains(response, 'href="/noticias/?tag=becas"')

    def test_filters_by_year_keeping_the_tag(self):
        response = self.client.get("/noticias/?year=2025")
        self.assertEqual(self.titles(response), ["Noticia antigua"])
        self.assertContains(response, 'href="/noticias/?year=2025" aria-current="true"')
        both = self.client.get("/noticias/?tag=becas&year=2026")
        self.assertEqual(self.titles(both), [])
        self.assertContains(both, "No news match these filters.")

    def test_each_filter_offers_only_values_that_find_news_with_the_other_filter(self):
        in_2025 = self.client.get("/noticias/?year=2025")
        self.assertContains(in_2025, 'href="/noticias/?tag=becas&amp;year=2025"')
        self.assertNotContains(in_2025, "?tag=python")
        about_becas = self.client.get("/noticias/?tag=becas")
        self.assertContains(about_becas, 'href="/noticias/?tag=becas&amp;year=2025"')
        self.assertNotContains(about_becas, "year=2026")

    def test_year_links_list_only_years_with_visible_news(self):
        response = self.client.get("/noticias/")
        self.assertContains(response, 'href="/noticias/?year=2026"')
        self.assertContains(response, 'href="/noticias/?year=2025"')
        self.assertNotContains(response, "?year=2024")

    def test_bad_filter_values_are_ignored_or_match_nothing(self):
        self.assertEqual(
            self.titles(self.client.get("/noticias/?year=dos-mil")), ["Noticia reciente", "Noticia antigua"]
        )
        self.assertEqual(self.titles(self.client.get("/noticias/?tag=no-existe")), [])

    def test_empty_index_shows_an_empty_state(self):
        Page.objects.filter(pk__in=[self.old.pk, self.new.pk]).delete()
        response = self.client.get("/noticias/")
        self.assertContains(response, "There is no news yet.")

    def test_offers_feeds_in_the_head(self):
        response = self.client.get("/noticias/")
        self.assertContains(response, '<link rel="alternate" type="application/rss+xml"')
        self.assertContains(response, 'href="/noticias/rss/"')
        self.assertContains(response, 'href="/noticias/atom/"')


class NewsPaginationTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        for day in range(14):
            make_news(cls.index, f"Noticia del día {day + 1}", date=datetime.date(2026, 2, day + 1), tags=["cursos"])

    def test_twelve_per_page_and_the_rest_on_page_two(self):
        first = self.client.get("/noticias/")
        self.assertEqual(len(first.context["items"]), 12)
        self.assertContains(first, 'rel="next"')
        second = self.client.get("/noticias/?page=2")
        self.assertEqual([p.title for p in second.context["items"]], ["Noticia del día 2", "Noticia del día 1"])

    def test_pagination_links_keep_the_filter(self):
        response = self.client.get("/noticias/?tag=cursos")
        self.assertContains(response, "?tag=cursos&amp;page=2")

    def test_out_of_range_page_shows_the_last_page(self):
        response = self.client.get("/noticias/?page=99")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page_obj"].number, 2)
