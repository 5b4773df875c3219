from home.models import HomePage
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase

from .factories import make_article, make_library_index


class HomeFeaturedPrivacyTests(LuminoTestCase):
    """Members-only news and articles chosen as featured never reach anonymous visitors."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        news_index, library_index = make_news_index(), make_library_index()
        pages = [
            make_news(news_index, "Noticia abierta"),
            make_news(news_index, "Noticia reservada", members_only=True),
            make_article(library_index, "Artículo abierto"),
            make_article(library_index, "Artículo reservado", members_only=True),
        ]
        home = HomePage.objects.get()
        home.hero_title = "Lumino"
        home.featured = [{"type": "page", "value": page.pk} for page in pages]
        home.save_revision().publish()

    def test_visitors_see_only_public_featured_items(self):
        response = self.client.get("/")
        self.assertContains(response, "Noticia abierta")
        self.assertContains(response, "Artículo abierto")
        self.assertNotContains(response, "reservad")

    def test_members_only_items_do_not_leak_into_the_shared_home_page_for_members_either(self):
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get("/"), "reservad")
