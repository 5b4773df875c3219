from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from portal.testing import PeopleMixin

from .factories import make_news_index


class NewsPageRulesTests(PeopleMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.create_people()
        cls.index = make_news_index()

    def test_index_lives_under_the_home_page_and_holds_only_news(self):
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_news_items_only_go_under_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_an_editor_creates_a_news_item_in_the_admin(self):
        self.client.force_login(self.editor)
        data = nested_form_data(
            {
                "title": "Nueva convocatoria",
                "slug": "nueva-convocatoria",
                "date": "2026-03-01",
                "intro": "Abrimos plazo.",
                "body": streamfield([("paragraph", rich_text("<p>Texto de la noticia.</p>"))]),
                "tags": "becas, cursos",
                "related_links-TOTAL_FORMS": 0,
                "related_links-INITIAL_FORMS": 0,
                "related_links-MIN_NUM_FORMS": 0,
                "related_links-MAX_NUM_FORMS": 6,
            }
        )
        self.assertCanCreate(self.index, NewsPage, data)
        page = NewsPage.objects.get(slug="nueva-convocatoria")
        self.assertEqual(sorted(page.tags.names()), ["becas", "cursos"])
