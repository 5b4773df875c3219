"""The academic calendar page: a month of days with holidays and classes, month links, the holidays feed."""

import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase

from freezegun import freeze_time
from icalendar import Calendar

from home.models import HomePage
from mentors.models import AcademicCalendarPage, closed_days
from portal.testing import LuminoTestCase

from .calendar_factories import day, make_calendar_page, make_class, make_holiday, make_term
from .factories import make_directory

TODAY = "2026-12-02"  # a Wednesday in the first term


def cell(response, date):
    """The text a visitor reads in the grid's cell of `date` (tags dropped, spaces squeezed)."""
    html = response.content.decode()
    match = re.search(rf'<td[^>]*>\s*<time[^>]*datetime="{date}".*?</td>', html, re.S)
    assert match, f"no cell for {date}"
    return " ".join(re.sub(r"<[^>]+>", " ", match[0]).split())


def cell_tag(response, date):
    html = response.content.decode()
    return re.search(rf'(<td[^>]*>)\s*<time[^>]*datetime="{date}"', html)[1]


class CalendarData:
    @classmethod
    def make_calendar(cls):
        cls.first = make_term()
        cls.second = make_term("Segundo trimestre 2026-2027", "2027-01-11", "2027-03-26")
        make_class(cls.first, "Python desde cero", 1)  # Mondays
        make_class(cls.first, "Análisis de datos", 2, location="Aula 2")  # Tuesdays
        make_class(cls.second, "Django para la web", 3, start=(10, 0), end=(12, 30))  # Wednesdays
        make_holiday("Día de la Constitución (traslado)", "2026-12-07", term=cls.first)
        make_holiday("Inmaculada Concepción", "2026-12-08", term=cls.first)
        make_holiday("Vacaciones de Navidad", "2026-12-24", "2027-01-06")
        cls.page = make_calendar_page()


class ClosedDaysTests(CalendarData, LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_calendar()

    def test_closed_days_are_the_holidays_inside_the_range(self):
        self.assertEqual(closed_days(day("2026-12-01"), day("2026-12-10")), {day("2026-12-07"), day("2026-12-08")})
        self.assertEqual(
            closed_days(day("2026-12-30"), day("2027-01-02")),
            {day("2026-12-30"), day("2026-12-31"), day("2027-01-01"), day("2027-01-02")},
        )
        self.assertEqual(closed_days(day("2026-12-09"), day("2026-12-23")), set())


@freeze_time(TODAY)
class MonthViewTests(CalendarData, LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_calendar()

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def get(self, month=None, status=200):
        response = self.client.get(self.page.url, {"mes": month} if month else {})
        self.assertEqual(response.status_code, status)
        return response

    def test_the_month_shows_holidays_and_the_classes_of_its_term(self):
        response = self.get("2026-12")
        self.assertContains(response, "<caption>December 2026</caption>", html=True)
        self.assertEqual(cell(response, "2026-12-14"), "Monday, 14 18:00–20:00 Python desde cero")
        self.assertEqual(cell(response, "2026-12-15"), "Tuesday, 15 18:00–20:00 Análisis de datos")
        # Holidays: named, marked, and their classes skipped.
        self.assertEqual(cell(response, "2026-12-08"), "Tuesday, 8 Holiday: Inmaculada Concepción")
        self.assertIn("is-holiday", cell_tag(response, "2026-12-08"))
        self.assertEqual(cell(response, "2026-12-07"), "Monday, 7 Holiday: Día de la Constitución (traslado)")
        # After the term ends there are no classes; Christmas closes from the 24th.
        self.assertEqual(cell(response, "2026-12-21"), "Monday, 21")
        self.assertEqual(cell(response, "2026-12-28"), "Monday, 28 Holiday: Vacaciones de Navidad")

    def test_the_table_is_labelled_for_screen_readers_and_starts_on_monday(self):
        html = self.get("2026-12").content.decode()
        headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
        self.assertEqual(headers, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        # December 2026 starts on a Tuesday: the Monday before is an empty cell of the first week.
        first_week = html.split("<tbody>")[1].split("</tr>")[0]
        self.assertEqual(first_week.count('class="calendar-day is-outside"'), 1)

    def test_today_is_highlighted(self):
        response = self.get()
        self.assertContains(response, "<caption>December 2026</caption>", html=True)
        self.assertIn('aria-current="date"', cell_tag(response, TODAY))
        self.assertIn("is-today", cell_tag(response, TODAY))
        self.assertNotIn("is-today", cell_tag(response, "2026-12-03"))
        self.assertNotIn('aria-current="date"', cell_tag(self.get("2027-01"), "2027-01-02"))

    def test_the_term_its_timetable_and_the_month_holidays_are_listed_below(self):
        response = self.get("2026-12")
        text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
        self.assertIn("Primer trimestre 2026-2027 : from Sept. 14, 2026 to Dec. 18, 2026", text)
        self.assertIn("Weekly timetable: Primer trimestre 2026-2027", text)
        self.assertIn("Monday 18:00–20:00 Python desde cero · Aula 1", text)
        self.assertIn("Tuesday 18:00–20:00 Análisis de datos · Aula 2", text)
        self.assertIn("Inmaculada Concepción : Tuesday, Dec. 8, 2026", text)
        self.assertIn("Vacaciones de Navidad : from Dec. 24, 2026 to Jan. 6, 2027", text)
        self.assertNotIn("Segundo trimestre", text)

    def test_january_belongs_to_the_second_term_after_christmas(self):
        response = self.get("2027-01")
        self.assertEqual(cell(response, "2027-01-06"), "Wednesday, 6 Holiday: Vacaciones de Navidad")
        self.assertEqual(cell(response, "2027-01-13"), "Wednesday, 13 10:00–12:30 Django para la web")
        self.assertContains(response, "Weekly timetable: Segundo trimestre 2026-2027")

    def test_a_month_without_term_says_so(self):
        self.assertContains(self.get("2027-08"), "No term has classes this month.")

    def test_the_page_reads_in_spanish(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        response = self.get("2026-12")
        self.assertContains(response, "<caption>Diciembre de 2026</caption>", html=True)
        self.assertEqual(cell(response, "2026-12-08"), "Martes, 8 Festivo: Inmaculada Concepción")
        self.assertContains(response, "del 14 de septiembre de 2026 al 18 de diciembre de 2026")
        self.assertContains(response, "Horario semanal: Primer trimestre 2026-2027")
        self.assertContains(response, "Festivos de diciembre de 2026")
        self.assertContains(response, '<th scope="col">Lunes</th>', html=True)

    def test_previous_and_next_month_links(self):
        response = self.get("2026-12")
        self.assertContains(response, '<a href="?mes=2026-11" rel="prev">← November 2026</a>', html=True)
        self.assertContains(response, '<a href="?mes=2027-01" rel="next">January 2027 →</a>', html=True)
        self.assertNotContains(response, "This month")  # already on it
        self.assertContains(self.get("2027-02"), '<a href="?mes=2026-12">This month</a>', html=True)

    def test_months_are_limited_to_a_year_around_the_terms(self):
        # Terms run from September 2026 to March 2027: from September 2025 to March 2028.
        first, last = self.get("2025-09"), self.get("2028-03")
        self.assertNotContains(first, 'rel="prev"')
        self.assertNotContains(last, 'rel="next"')
        self.get("2025-08", status=404)
        self.get("2028-04", status=404)
        self.get("9999-12", status=404)

    def test_bad_month_values_are_a_404_not_an_error(self):
        bad = ("2026-13", "2026-00", "diciembre", "2026-1", "2026-12-01", "0000-01", "２０２６-１２", "2026-12\n")
        for value in bad:
            with self.subTest(value=value):
                self.get(value, status=404)

    def test_query_count_does_not_grow_with_classes_and_holidays(self):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                self.get("2026-12")
            return [query["sql"] for query in captured.captured_queries]

        self.get("2026-12")  # caches filled (site root paths, settings)
        before = queries()
        for number in range(20):
            make_class(self.first, f"Taller {number}", number % 7 + 1, start=(8, number), end=(9, 0))
            make_holiday(f"Cierre {number}", f"2026-12-{number + 9:02d}")
        after = queries()
        self.assertEqual(len(after), len(before), "\n".join(sql for sql in after if sql not in before))
        self.assertContains(self.get("2026-12"), "Cierre 19")


@freeze_time(TODAY)
class HolidaysFeedTests(CalendarData, LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_calendar()
        make_holiday("Fiesta de hace dos años", "2024-10-12")

    def test_the_holidays_are_all_day_events_to_subscribe_to(self):
        response = self.client.get(f"{self.page.url}festivos/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("public", response["Cache-Control"])
        events = {str(event["summary"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}
        self.assertEqual(
            set(events), {"Día de la Constitución (traslado)", "Inmaculada Concepción", "Vacaciones de Navidad"}
        )
        christmas = events["Vacaciones de Navidad"]
        self.assertEqual(christmas.decoded("dtstart"), day("2026-12-24"))
        self.assertEqual(christmas.decoded("dtend"), day("2027-01-07"))  # the day after the last one
        self.assertIn(b"DTSTART;VALUE=DATE:20261208", response.content)
        self.assertEqual(len({str(event["uid"]) for event in events.values()}), 3)

    def test_the_page_links_the_feed(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, f'href="{self.page.url}festivos/"', count=2)


class CalendarPageTreeTests(WagtailPageTestCase):
    def test_one_calendar_page_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, AcademicCalendarPage)
        self.assertAllowedSubpageTypes(AcademicCalendarPage, {})
        make_calendar_page()
        self.assertFalse(AcademicCalendarPage.can_create_at(HomePage.objects.get()))

    def test_the_page_is_linked_from_the_footer_and_the_directory_not_the_header(self):
        page = make_calendar_page()
        directory = make_directory()
        html = self.client.get(directory.url).content.decode()
        header = html.split('<header class="site-header">')[1].split("</header>")[0]
        footer = html.split('<footer class="site-footer">')[1]
        self.assertNotIn(page.url, header)
        self.assertIn(f'<a href="{page.url}">Calendario académico</a>', footer)
        self.assertIn(f'<a href="{page.url}">Academic calendar: terms, holidays and class timetables</a>', html)

    def test_an_unpublished_calendar_is_not_linked(self):
        page = make_calendar_page()
        page.unpublish()
        self.assertNotContains(self.client.get(make_directory().url), page.url)
