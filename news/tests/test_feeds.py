import datetime

from defusedxml import ElementTree

from portal.testing import LuminoTestCase

from .factories import make_news, make_news_index

ATOM = "{http://www.w3.org/2005/Atom}"


class NewsFeedTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index(intro="Noticias de Lumino.")
        cls.public = [
            make_news(cls.index, f"Pública {day:02d}", date=datetime.date(2026, 1, day), tags=["cursos"])
            for day in range(1, 23)
        ]
        cls.private = make_news(cls.index, "Solo para miembros", date=datetime.date(2026, 2, 1), members_only=True)
        cls.draft = make_news(cls.index, "Borrador", date=datetime.date(2026, 2, 2), live=False)

    def test_rss_lists_the_newest_twenty_public_items(self):
        response = self.client.get("/noticias/rss/")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/rss+xml"))
        channel = ElementTree.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("title"), "Noticias · Lumino")
        self.assertEqual(channel.findtext("description"), "Noticias de Lumino.")
        titles = [item.findtext("title") for item in channel.findall("item")]
        self.assertEqual(titles, [f"Pública {day:02d}" for day in range(22, 2, -1)])
        first = channel.find("item")
        self.assertEqual(first.findtext("link"), self.public[-1].full_url)
        self.assertEqual(first.findtext("category"), "cursos")
        self.assertIn("22 Jan 2026", first.findtext("pubDate"))

    def test_atom_lists_the_same_items(self):
        response = self.client.get("/noticias/atom/")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        feed = ElementTree.fromstring(response.content)
        titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
        self.assertEqual(len(titles), 20)
        self.assertEqual(titles[0], "Pública 22")

    def test_members_only_and_draft_items_never_appear_even_for_members(self):
        self.client.force_login(self.member)
        for url in ("/noticias/rss/", "/noticias/atom/"):
            content = self.client.get(url).content.decode()
            self.assertNotIn("Solo para miembros", content)
            self.assertNotIn("Borrador", content)
