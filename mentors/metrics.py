"""The mentors app's figures: active projects and mentors, and the hours they work.

Hours count what is pending or approved (a rejected entry is not hours worked), as decimals
with two places. Every figure is one aggregate query, however many entries there are.
"""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from portal.metrics import Metric

from .models import HoursEntry, Mentor, Project

MONTHS = 12


def as_hours(minutes):
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.01"))


def month_starts(today, count=MONTHS):
    """The first day of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    starts = []
    for _step in range(count):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def metrics(today):
    hours = HoursEntry.objects.counted()
    total = as_hours(hours.aggregate(minutes=Sum("minutes"))["minutes"])

    months = month_starts(today)
    monthly = (
        hours.filter(date__gte=months[0], date__lte=today)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    # TruncMonth of a DateField is a date (a datetime on some backends): compare by year and month.
    by_month = {(row["month"].year, row["month"].month): row["minutes"] for row in monthly}
    monthly_rows = tuple(
        (formats.date_format(start, "b Y"), as_hours(by_month.get((start.year, start.month)))) for start in months
    )

    # Grouped by id as well as name: two projects (or mentors) may share a name.
    per_project = (
        hours.values("project", "project__name").annotate(minutes=Sum("minutes")).order_by("-minutes", "project__name")
    )
    per_mentor = (
        hours.values("mentor", "mentor__full_name")
        .annotate(minutes=Sum("minutes"))
        .order_by("-minutes", "mentor__full_name")
    )
    return [
        Metric("active_projects", _("Active projects"), Project.objects.active().count()),
        Metric("active_mentors", _("Active mentors"), Mentor.objects.active().count()),
        Metric("hours_total", _("Hours worked"), total, unit="h"),
        Metric(
            "hours_monthly",
            _("Hours this month"),
            monthly_rows[-1][1],
            unit="h",
            breakdown=monthly_rows,
            chart="columns",
        ),
        Metric(
            "hours_per_project",
            _("Hours per project"),
            total,
            unit="h",
            breakdown=tuple((row["project__name"], as_hours(row["minutes"])) for row in per_project),
            chart="bars",
        ),
        Metric(
            "hours_per_mentor",
            _("Hours per mentor"),
            total,
            unit="h",
            breakdown=tuple((row["mentor__full_name"], as_hours(row["minutes"])) for row in per_mentor),
            chart="bars",
        ),
    ]
