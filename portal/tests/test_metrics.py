"""Gathering the apps' figures (portal/metrics.py): order, duplicate keys, the short cache, months,
and how figures read in Spanish and English."""

from datetime import date
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.translation import gettext_lazy

from portal import metrics
from portal.charts import format_figure, nice_ticks
from portal.metrics import Metric, collect, last_months

from .metrics_support import fake_module

TODAY = date(2026, 1, 20)


def figures(key, label="Figure", **fields):
    return lambda today: [Metric(key=key, label=label, value=1, **fields)]


def apps(*modules):
    return mock.patch.object(metrics, "app_modules", return_value=list(modules))


class CollectTests(SimpleTestCase):
    def setUp(self):
        metrics.cache.clear()

    def test_every_contribution_in_the_order_the_apps_come(self):
        first = fake_module("courses.metrics", metrics=figures("reservations"))
        second = fake_module("helpdesk.metrics", metrics=figures("open_tickets"))
        with apps(first, second):
            self.assertEqual([metric.key for metric in collect(TODAY)], ["reservations", "open_tickets"])

    def test_a_key_offered_by_two_apps_is_refused(self):
        first = fake_module("courses.metrics", metrics=figures("hours"))
        second = fake_module("mentors.metrics", metrics=figures("hours"))
        with apps(first, second), self.assertRaisesMessage(ImproperlyConfigured, "courses.metrics and mentors.metrics"):
            collect(TODAY)

    def test_a_chart_the_dashboard_cannot_draw_is_refused(self):
        with apps(fake_module("news.metrics", metrics=figures("reads", chart="pie"))):
            with self.assertRaisesMessage(ImproperlyConfigured, "unknown chart type"):
                collect(TODAY)

    def test_the_real_apps_are_asked_through_their_metrics_module(self):
        names = [module.__name__ for module in metrics.app_modules("metrics", exclude=("portal.metrics",))]
        self.assertLessEqual(["courses.metrics", "learning.metrics", "helpdesk.metrics"], names)
        self.assertNotIn("portal.metrics", names)

    def test_figures_are_counted_once_a_minute_per_language(self):
        counter = mock.Mock(side_effect=figures("reads", label=gettext_lazy("Open tickets")))
        with apps(fake_module("news.metrics", metrics=counter)):
            with translation.override("en"):
                english = collect(TODAY)
                collect(TODAY)
            with translation.override("es"):
                spanish = collect(TODAY)
        self.assertEqual(counter.call_count, 2)
        self.assertEqual((english[0].label, spanish[0].label), ("Open tickets", "Tickets abiertos"))
        self.assertIs(type(spanish[0].label), str)

    def test_a_failing_cache_means_counting_again_not_an_error(self):
        broken = mock.Mock(**{"get.side_effect": ConnectionError("down"), "set.side_effect": ConnectionError("down")})
        with (
            apps(fake_module("news.metrics", metrics=figures("reads"))),
            mock.patch.object(metrics, "cache", broken),
            self.assertLogs("portal.metrics", "WARNING"),
        ):
            self.assertEqual(collect(TODAY)[0].value, 1)

    def test_the_last_twelve_months_run_back_across_the_year(self):
        months = last_months(TODAY)
        self.assertEqual((months[0], months[-1], len(months)), (date(2025, 2, 1), date(2026, 1, 1), 12))
        self.assertEqual(last_months(date(2026, 12, 31), 1), [date(2026, 12, 1)])


class FigureFormatTests(SimpleTestCase):
    def test_spanish_groups_thousands_with_a_dot_and_uses_a_decimal_comma(self):
        with translation.override("es"):
            self.assertEqual(format_figure(Decimal("1234.5"), "h"), "1.234,5\u00a0h")
            self.assertEqual(format_figure(1234567), "1.234.567")
            self.assertEqual(format_figure(Decimal("0.125"), "h"), "0,13\u00a0h")

    def test_english_reads_the_other_way_round(self):
        with translation.override("en"):
            self.assertEqual(format_figure(Decimal("1234.5"), "h"), "1,234.5\u00a0h")

    def test_whole_hours_show_no_decimals_and_counts_stay_whole(self):
        with translation.override("es"):
            self.assertEqual(format_figure(Decimal("12.00"), "h"), "12\u00a0h")
            self.assertEqual(format_figure(0), "0")
            self.assertEqual(format_figure(Decimal("100")), "100")

    def test_axis_ticks_are_round_whole_numbers_reaching_the_largest_value(self):
        self.assertEqual(nice_ticks(0), [0, 1])
        self.assertEqual(nice_ticks(1), [0, 1])
        self.assertEqual(nice_ticks(7), [0, 2, 4, 6, 8])
        self.assertEqual(nice_ticks(Decimal("0.4")), [0, 1])
        self.assertEqual(nice_ticks(100), [0, 50, 100])
        huge = nice_ticks(987_654_321)
        self.assertGreaterEqual(huge[-1], 987_654_321)
        self.assertLessEqual(len(huge), 6)
