"""Dates read the same everywhere in Spanish: "30 de noviembre de 2026" (Django's DATE_FORMAT)."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase
from django.utils import formats, translation

from library.tests.factories import make_article, make_library_index
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase

DAY = datetime.date(2026, 11, 30)
# Machine-readable values (datetime attributes, comparisons, time-zone names) and the weekday's
# name before a DATE_FORMAT may use their own formats.
MACHINE_FORMATS = {"c", "Y-m-d", "Ymd", "T", "U", "r", "l"}


class DateFormatTests(SimpleTestCase):
    def test_spanish_dates_read_day_de_month_de_year(self):
        with translation.override("es"):
            self.assertEqual(formats.date_format(DAY, "DATE_FORMAT"), "30 de noviembre de 2026")

    def test_templates_show_dates_only_in_the_named_formats(self):
        odd = []
        for template in Path(settings.BASE_DIR, "templates").rglob("*.*"):
            for match in re.finditer(r"""\|date:["']([^"']*)["']""", template.read_text(encoding="utf-8")):
                value = match.group(1)
                if not value.endswith("_FORMAT") and value not in MACHINE_FORMATS:
                    odd.append(f"{template.relative_to(settings.BASE_DIR)}: {value}")
        self.assertEqual(odd, [], "use DATE_FORMAT, DATETIME_FORMAT or SHORT_DATE_FORMAT")


class PageDatesInSpanishTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        news_index = make_news_index()
        cls.news = make_news(news_index, "Jornada de puertas abiertas", date=DAY)
        library = make_library_index()
        cls.article = make_article(library, "Índices en PostgreSQL", date=DAY)

    def test_news_and_articles_and_their_lists_show_the_long_spanish_date(self):
        for url in [self.news.url, self.news.get_parent().url, self.article.url, self.article.get_parent().url]:
            response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="es")
            self.assertContains(response, "30 de noviembre de 2026</time>")
            self.assertNotContains(response, "30 nov")
            self.assertNotContains(response, "30 noviembre 2026")
