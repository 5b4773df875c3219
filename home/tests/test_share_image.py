import re

from wagtail.models import Site

from home.models import SiteSettings
from library.tests.factories import make_article, make_library_index
from news.tests.factories import make_image
from portal.testing import LuminoTestCase

OG_IMAGE = re.compile(r'<meta property="og:image" content="http://testserver(/media/images/[^"]+)">')


class ShareImageTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_library_index()
        cls.own = make_image("Tarjeta propia", size=(1200, 630))
        cls.default = make_image("Tarjeta del sitio", size=(1200, 630))

    def share_image_of(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        found = OG_IMAGE.search(response.content.decode())
        return found and found.group(1)

    @staticmethod
    def card_of(image):
        return image.get_rendition("fill-1200x630|format-jpeg").url

    def set_default_share_image(self, image):
        settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings_row.default_share_image = image
        settings_row.save()

    def test_an_article_with_its_own_share_image_shows_it_cropped_for_social_cards(self):
        article = make_article(self.index, "Con imagen", og_image=self.own)
        self.set_default_share_image(self.default)
        self.assertEqual(self.share_image_of(article.url), self.card_of(self.own))

    def test_pages_without_an_image_use_the_site_default_share_image(self):
        article = make_article(self.index, "Sin imagen")
        self.set_default_share_image(self.default)
        for url in (article.url, self.index.url, "/"):
            self.assertEqual(self.share_image_of(url), self.card_of(self.default), url)

    def test_no_share_image_at_all_renders_no_og_image(self):
        article = make_article(self.index, "Sin nada")
        self.assertIsNone(self.share_image_of(article.url))
