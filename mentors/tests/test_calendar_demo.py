"""The demo's academic calendar: this year's terms and the next, Spanish holidays, a timetable, /calendario/."""

import datetime

from django.conf import settings

from freezegun import freeze_time

from home import demo as home_demo
from mentors.calendar_demo import seed_calendar
from mentors.models import AcademicCalendarPage, ClassSchedule, Holiday, Term
from portal.testing import LuminoTestCase


class CalendarDemoTests(LuminoTestCase):
    def seed(self):
        context = home_demo.DemoContext(scale=1)
        home_demo.seed(context)
        seed_calendar(context)

    def counts(self):
        return [model.objects.count() for model in (Term, Holiday, ClassSchedule, AcademicCalendarPage)]

    @freeze_time("2026-11-30")
    def test_the_demo_has_a_current_term_the_next_and_holidays_ahead_once(self):
        self.seed()
        first = self.counts()
        self.seed()
        self.assertEqual(self.counts(), first)
        today = datetime.date(2026, 11, 30)
        names = list(Term.objects.values_list("name", flat=True))
        self.assertEqual(names[:2], ["Primer trimestre 2026-2027", "Segundo trimestre 2026-2027"])
        current = Term.objects.get(starts_on__lte=today, ends_on__gte=today)
        self.assertEqual(current.name, "Primer trimestre 2026-2027")
        self.assertEqual(current.classes.count(), 4)
        holidays = {
            holiday.name: (holiday.starts_on, holiday.ends_on)
            for holiday in Holiday.objects.filter(starts_on__lt=datetime.date(2027, 7, 1))
        }
        self.assertEqual(holidays["Inmaculada Concepción"], (datetime.date(2026, 12, 8),) * 2)
        self.assertEqual(holidays["Vacaciones de Navidad"], (datetime.date(2026, 12, 24), datetime.date(2027, 1, 6)))
        self.assertEqual(holidays["Vacaciones de Semana Santa"][0], datetime.date(2027, 3, 22))
        # Terms never share a day.
        terms = list(Term.objects.all())
        for earlier, later in zip(terms, terms[1:], strict=False):
            self.assertLess(earlier.ends_on, later.starts_on)

    @freeze_time("2027-06-15")
    def test_in_the_last_term_the_next_academic_year_is_already_there(self):
        self.seed()
        today = datetime.date(2027, 6, 15)
        self.assertEqual(Term.objects.get(starts_on__lte=today, ends_on__gte=today).name, "Tercer trimestre 2026-2027")
        self.assertTrue(Term.objects.filter(starts_on__gt=today).exists())
        self.assertTrue(Holiday.objects.filter(starts_on__gt=today).exists())

    @freeze_time("2026-11-30")
    def test_the_page_is_published_at_calendario_outside_the_menu(self):
        self.seed()
        page = AcademicCalendarPage.objects.get()
        self.assertEqual((page.url, page.live, page.show_in_menus), ("/calendario/", True, False))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        response = self.client.get("/calendario/", {"mes": "2026-12"})
        self.assertContains(response, "Inmaculada Concepción")
        self.assertContains(response, "Python desde cero")
        self.assertEqual(self.client.get("/calendario/festivos/").status_code, 200)
