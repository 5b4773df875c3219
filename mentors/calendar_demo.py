"""Demo academic calendar: the terms of this academic year and the first of the next, Spanish
holidays (the national ones from the `holidays` package, plus the Christmas and Easter breaks),
a weekly timetable made of the demo courses, and the calendar page at /calendario/.

Dates follow today's date, so the demo always has a current or coming term and holidays ahead.
Terms and holidays are found again by name, and a term with classes gets no more: a second run
creates nothing.
"""

import datetime

from django.utils import timezone

import holidays as public_holidays

from courses.models import CoursePage
from home.demo import index_page

from .models import AcademicCalendarPage, ClassSchedule, Holiday, Term

PAGE_FIELDS = {
    "title": "Calendario académico",
    "intro": (
        "Periodos lectivos, festivos y horario semanal de clases. En los días festivos Lumino cierra: "
        "no hay clases ni asesorías."
    ),
    "search_description": "Calendario académico de Lumino: trimestres, festivos y horario de clases.",
    "show_in_menus": False,  # linked from the footer and the mentor directory, not from the header
}
# (first month, first day, last month, last day, ordinal), within one academic year.
TERMS = [(9, 14, 12, 22, "Primer"), (1, 8, 3, 27, "Segundo"), (4, 1, 6, 19, "Tercer")]
# (weekday, start hour, start minute, end hour, end minute, room)
SLOTS = [
    (1, 18, 0, 20, 0, "Aula 1"),
    (2, 18, 0, 20, 0, "Aula 2"),
    (3, 10, 0, 12, 0, "Aula 1"),
    (4, 17, 30, 20, 0, "Aula 3"),
]
CLASS_NAMES = ["Python desde cero", "Análisis de datos", "Desarrollo web con Django", "Ciberseguridad básica"]


def _monday_from(day):
    return day + datetime.timedelta(days=-day.weekday() % 7)


def _friday_until(day):
    return day - datetime.timedelta(days=(day.weekday() - 4) % 7)


def _terms_for(first_year):
    """This academic year's three terms and the first of the next: [(name, start, end)]."""
    terms = []
    for year in (first_year, first_year + 1):
        for start_month, start_day, end_month, end_day, ordinal in TERMS:
            in_year = year if start_month >= 9 else year + 1
            start = _monday_from(datetime.date(in_year, start_month, start_day))
            end = _friday_until(datetime.date(in_year, end_month, end_day))
            terms.append((f"{ordinal} trimestre {year}-{year + 1}", start, end))
    return terms[:4]


def _holidays_between(start, end):
    """[(name, first day, last day)]: the Christmas and Easter breaks, and the national holidays outside them."""
    national = public_holidays.country_holidays("ES", years=range(start.year, end.year + 1), language="es")
    breaks = []
    for year in range(start.year, end.year + 1):
        breaks.append(("Vacaciones de Navidad", datetime.date(year, 12, 24), datetime.date(year + 1, 1, 6)))
        fridays = [day for day, name in national.items() if day.year == year and "Viernes Santo" in name]
        if fridays:
            # From the Monday before Good Friday to Easter Monday.
            easter = (fridays[0] - datetime.timedelta(days=4), fridays[0] + datetime.timedelta(days=3))
            breaks.append(("Vacaciones de Semana Santa", *easter))
    days = [
        (name, day, day)
        for day, name in sorted(national.items())
        if not any(first <= day <= last for _name, first, last in breaks)
    ]
    return sorted((item for item in [*breaks, *days] if item[2] >= start and item[1] <= end), key=lambda item: item[1])


def _class_titles():
    titles = list(CoursePage.objects.live().order_by("path").values_list("title", flat=True)[: len(SLOTS)])
    return [title[:150] for title in titles] if len(titles) == len(SLOTS) else CLASS_NAMES


def seed_calendar(context):
    today = timezone.localdate()
    first_year = today.year if today.month >= 7 else today.year - 1
    terms = []
    for name, start, end in _terms_for(first_year):
        term = Term.objects.filter(name=name).first()
        if term is None and not Term.objects.overlapping(start, end).exists():
            term = Term.objects.create(name=name, starts_on=start, ends_on=end)
        if term is not None:
            terms.append(term)
    if terms:
        for name, start, end in _holidays_between(terms[0].starts_on, terms[-1].ends_on):
            term = next((term for term in terms if term.starts_on <= start <= term.ends_on), None)
            Holiday.objects.get_or_create(name=name, starts_on=start, defaults={"ends_on": end, "term": term})
    titles = _class_titles()
    for term in terms:
        if term.classes.exists():
            continue
        ClassSchedule.objects.bulk_create(
            ClassSchedule(
                term=term,
                title=title,
                weekday=slot[0],
                starts_at=datetime.time(slot[1], slot[2]),
                ends_at=datetime.time(slot[3], slot[4]),
                location=slot[5],
            )
            for title, slot in zip(titles, SLOTS, strict=True)
        )
    index_page(context.home, AcademicCalendarPage, slug="calendario", **PAGE_FIELDS)
