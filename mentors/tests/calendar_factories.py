"""Terms, holidays, class schedules and the calendar page for the tests."""

import datetime

from home.models import HomePage
from mentors.models import AcademicCalendarPage, ClassSchedule, Holiday, Term


def day(text):
    return datetime.date.fromisoformat(text)


def make_term(name="Primer trimestre 2026-2027", starts_on="2026-09-14", ends_on="2026-12-18"):
    return Term.objects.create(name=name, starts_on=day(starts_on), ends_on=day(ends_on))


def make_holiday(name, starts_on, ends_on=None, *, term=None):
    return Holiday.objects.create(name=name, starts_on=day(starts_on), ends_on=day(ends_on or starts_on), term=term)


def make_class(term, title, weekday, start=(18, 0), end=(20, 0), location="Aula 1"):
    return ClassSchedule.objects.create(
        term=term,
        title=title,
        weekday=weekday,
        starts_at=datetime.time(*start),
        ends_at=datetime.time(*end),
        location=location,
    )


def make_calendar_page(title="Calendario académico", slug="calendario"):
    page = AcademicCalendarPage(title=title, slug=slug, intro="Periodos lectivos y festivos.")
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page
