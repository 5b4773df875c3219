"""The month view of the academic calendar: weeks of days (Monday first), each with its holidays
and the classes of the term it falls in, holidays skipped.

Pure functions over rows already loaded, so the page runs the same few queries whatever the
number of terms, classes and holidays.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

# ASCII digits only, the whole value: "２０２６-１２" or a trailing newline is not a month.
MONTH_PARAM = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
# How far before the first term and after the last one the month links reach: enough to look
# around, finite so a crawler following "next month" stops.
MONTHS_AROUND_TERMS = 12


def parse_month(value):
    """The first day of the month written "2026-12", or None when it is not such a month."""
    match = MONTH_PARAM.fullmatch(value or "")
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and datetime.MINYEAR < year < datetime.MAXYEAR):
        return None
    return datetime.date(year, month, 1)


def month_param(month):
    return f"{month.year:04d}-{month.month:02d}"


def shift_month(month, count):
    """The first day of the month `count` months after (or before, if negative) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_day(month):
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_range(first_term_day, last_term_day, today):
    """The first and last month a visitor may open: the terms ± a year, and always this month."""
    this_month = today.replace(day=1)
    if first_term_day is None:
        return this_month, this_month
    first = min(shift_month(first_term_day.replace(day=1), -MONTHS_AROUND_TERMS), this_month)
    last = max(shift_month(last_term_day.replace(day=1), MONTHS_AROUND_TERMS), this_month)
    return first, last


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool = False
    holidays: list = field(default_factory=list)
    classes: list = field(default_factory=list)

    @property
    def is_holiday(self):
        return bool(self.holidays)


def weekly_timetable(term):
    """[(weekday number, [classes by start time])] for the days of the week the term has classes."""
    days = {}
    for item in sorted(term.classes.all(), key=lambda item: (item.weekday, item.starts_at, item.pk)):
        days.setdefault(item.weekday, []).append(item)
    return sorted(days.items())


def month_weeks(month, *, today, terms, holidays):
    """The weeks shown for `month`: lists of seven `Day`, Monday first.

    `terms`: the terms touching the month, with their classes prefetched; `holidays`: the holidays
    touching the month. Days of the neighbouring months are in the grid but carry nothing.
    """
    timetables = [(term, dict(weekly_timetable(term))) for term in terms]
    weeks = []
    for dates in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        week = []
        for date in dates:
            day = Day(date=date, in_month=date.month == month.month, is_today=date == today)
            if day.in_month:
                day.holidays = [holiday for holiday in holidays if holiday.starts_on <= date <= holiday.ends_on]
                if not day.holidays:
                    for term, timetable in timetables:
                        if term.starts_on <= date <= term.ends_on:
                            day.classes = timetable.get(date.isoweekday(), [])
                            break
            week.append(day)
        weeks.append(week)
    return weeks
