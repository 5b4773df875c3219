from datetime import UTC, datetime
from decimal import Decimal

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from home.formatting import format_local, format_money


class MoneyAndTimeTests(SimpleTestCase):
    def test_money_reads_the_readers_way(self):
        with translation.override("es"):
            self.assertEqual(format_money(Decimal("120"), "EUR"), "120,00\xa0€")
        with translation.override("en"):
            self.assertEqual(format_money(Decimal("120"), "EUR"), "€120.00")
            self.assertEqual(Template("{% load formatting %}{{ v|money:'EUR' }}").render(Context({"v": 5})), "€5.00")

    def test_a_time_says_its_zone(self):
        moment = datetime(2030, 1, 10, 9, 0, tzinfo=UTC)
        with translation.override("es"):
            self.assertIn("10:00 (hora de Madrid)", format_local(moment, "Europe/Madrid"))
        with translation.override("en"):
            self.assertIn("(Mexico City time)", format_local(moment, "America/Mexico_City"))
