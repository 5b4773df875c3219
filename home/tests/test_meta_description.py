"""Every public page describes itself to search engines, even when its editor left the field empty."""

import re

from django.test import TestCase

from search.tests import builders


def meta_description(response):
    found = re.search(r'<meta name="description" content="([^"]*)">', response.content.decode())
    return found and found.group(1)


class MetaDescriptionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        index = builders.indexes()
        cls.news = builders.news(index["news"], "Jornada de puertas abiertas", intro="Charlas y talleres gratis.")
        cls.article = builders.article(index["library"], "Introducción a Python", intro="Variables y bucles.")

    def test_a_news_item_without_one_is_described_by_its_introduction(self):
        self.assertEqual(meta_description(self.client.get(self.news.url)), "Charlas y talleres gratis.")

    def test_an_article_without_one_is_described_by_its_introduction(self):
        self.assertEqual(meta_description(self.client.get(self.article.url)), "Variables y bucles.")

    def test_the_editor_s_description_wins(self):
        self.news.search_description = "Ven a conocernos el sábado."
        self.news.save_revision().publish()
        self.assertEqual(meta_description(self.client.get(self.news.url)), "Ven a conocernos el sábado.")

    def test_a_long_introduction_is_cut_to_what_search_engines_show(self):
        self.article.intro = "palabra " * 60
        self.article.save_revision().publish()
        description = meta_description(self.client.get(self.article.url))
        self.assertLessEqual(len(description), 160)
        self.assertTrue(description.endswith("…"))

    def test_the_not_found_page_has_one(self):
        response = self.client.get("/no-existe/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(meta_description(response))
