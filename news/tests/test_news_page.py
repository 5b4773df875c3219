import datetime
import json
import re

from news.models import NewsPageRelated
from portal.testing import LuminoTestCase

from .factories import make_image, make_news, make_news_index


class NewsPageRenderingTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.page = make_news(
            cls.index,
            "Abrimos el aula híbrida",
            date=datetime.date(2026, 4, 2),
            author=cls.editor,
            lead_image=make_image("Aula", size=(1280, 720)),
            lead_image_alt="Personas en un aula con pantallas",
            body=[
                {"type": "paragraph", "value": "<p>Texto <b>completo</b> de la noticia.</p>"},
                {"type": "image", "value": {"image": make_image("Cuerpo").pk, "alt_text": "Pizarra", "caption": ""}},
            ],
            tags=["centro"],
        )

    def test_renders_title_byline_date_and_body(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Abrimos el aula híbrida</h1>", html=True)
        self.assertContains(response, 'datetime="2026-04-02"')
        self.assertContains(response, "Elena")
        self.assertContains(response, "Texto <b>completo</b> de la noticia.")
        self.assertContains(response, 'href="/noticias/?tag=centro"')

    def test_author_name_overrides_the_account_name(self):
        self.page.author_name = "Equipo de comunicación"
        self.page.save()
        response = self.client.get(self.page.url)
        self.assertContains(response, "Equipo de comunicación")

    def test_lead_image_is_a_responsive_picture_loaded_first(self):
        html = self.client.get(self.page.url).content.decode()
        lead = re.search(r'<figure class="article__lead-image">(.*?)</figure>', html, re.S).group(1)
        self.assertIn("<picture>", lead)
        self.assertIn('type="image/avif"', lead)
        self.assertIn('type="image/webp"', lead)
        self.assertRegex(lead, r'<img [^>]*width="\d+"')
        self.assertRegex(lead, r'<img [^>]*height="\d+"')
        self.assertIn('fetchpriority="high"', lead)
        self.assertNotIn('loading="lazy"', lead)
        self.assertIn('alt="Personas en un aula con pantallas"', lead)
        self.assertEqual(lead.count(" 1200w"), 3)  # several widths in each format

    def test_body_images_load_lazily(self):
        html = self.client.get(self.page.url).content.decode()
        body = html.split('class="stream article__body"', 1)[1]
        self.assertRegex(body, r'<img [^>]*loading="lazy"')

    def test_head_has_feeds_and_article_structured_data(self):
        html = self.client.get(self.page.url).content.decode()
        self.assertIn('type="application/rss+xml"', html)
        data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], "Abrimos el aula híbrida")
        self.assertEqual(data["datePublished"], "2026-04-02")

    def test_structured_data_cannot_close_its_script_tag(self):
        self.page.title = "</script><script>alert(1)</script>"
        self.page.save()
        html = self.client.get(self.page.url).content.decode()
        self.assertNotIn("<script>alert(1)", html)


class RelatedNewsTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.page = make_news(cls.index, "Principal", tags=["python"])
        cls.sharing = make_news(cls.index, "Comparte etiqueta", tags=["python"], date=datetime.date(2026, 9, 1))
        cls.private = make_news(cls.index, "Privada con etiqueta", tags=["python"], members_only=True)
        cls.unrelated = make_news(cls.index, "Sin relación", tags=["becas"])

    def related_titles(self, response):
        return [page.title for page in response.context["related_pages"]]

    def test_without_a_choice_shows_recent_news_sharing_a_tag_visible_to_the_reader(self):
        self.assertEqual(self.related_titles(self.client.get(self.page.url)), ["Comparte etiqueta"])
        self.client.force_login(self.member)
        self.assertCountEqual(
            self.related_titles(self.client.get(self.page.url)), ["Comparte etiqueta", "Privada con etiqueta"]
        )

    def test_at_most_three_tag_related_items(self):
        for number in range(4):
            make_news(self.index, f"Extra {number}", tags=["python"])
        self.assertEqual(len(self.client.get(self.page.url).context["related_pages"]), 3)

    def test_editors_choice_wins_in_order_and_hides_private_pages_from_visitors(self):
        for order, target in enumerate([self.unrelated, self.private]):
            NewsPageRelated.objects.create(page=self.page, target=target, sort_order=order)
        self.assertEqual(self.related_titles(self.client.get(self.page.url)), ["Sin relación"])
        self.client.force_login(self.member)
        self.assertEqual(self.related_titles(self.client.get(self.page.url)), ["Sin relación", "Privada con etiqueta"])

    def test_members_only_page_asks_visitors_to_log_in_and_is_marked_for_members(self):
        response = self.client.get(self.private.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.assertNotContains(self.client.get(self.page.url), 'class="badge badge--members"')
        self.client.force_login(self.member)
        self.assertContains(self.client.get(self.private.url), 'class="badge badge--members"', count=1)
