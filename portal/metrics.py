"""The organisation's figures, contributed by each app and shown together.

An app contributes with a `metrics.py` module defining `metrics(today)`, which returns a list of
`Metric`: one headline figure each, counted from what exists (nothing is estimated), optionally
with a breakdown (hours per project, per month…) that the admin dashboard draws as a chart and
lists as a table, and that /api/v1/metrics/ returns under the metric's key.

`collect()` gathers them all (in INSTALLED_APPS order) for the dashboard and the API, and keeps
the result for a minute: a manager reloading the dashboard does not recount everything.
"""

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, DateTimeField
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.formats import date_format

from .contributions import app_modules

logger = logging.getLogger(__name__)
CACHE_SECONDS = 60
CHARTS = ("", "bars", "columns")
PERMISSION = "portal.view_metrics"


@dataclass(frozen=True)
class Metric:
    # A stable name for API clients ("active_projects", "hours_per_project"…), unique across apps.
    key: str
    # The translated label people read ("Proyectos activos").
    label: str
    # The headline figure: an int for counts, a Decimal for hours or money.
    value: int | Decimal
    # "h" for hours, "" for plain counts.
    unit: str = ""
    # (label, value) rows, in display order: a series for a chart and its table.
    breakdown: tuple[tuple[str, int | Decimal], ...] = ()
    # How the dashboard draws the breakdown: "bars" (categories), "columns" (a time series) or "".
    chart: str = ""


def may_view_metrics(user):
    """Managers (and superusers, and any group given the permission) see the figures."""
    return bool(user and user.is_active and user.has_perm(PERMISSION))


class Snapshot(NamedTuple):
    """Every app's figures, and when they were counted."""

    generated_at: datetime
    metrics: list[Metric]


def snapshot(today=None):
    """The figures of every app as of `today` (the site's date by default), counted at most a
    minute ago. Labels are translated, so each language has its own copy. A cache that fails
    only means counting again."""
    today = today or timezone.localdate()
    key = f"portal:metrics:{translation.get_language()}:{today.isoformat()}"
    try:
        cached = cache.get(key)
    except Exception:  # cache backends share no error class; a failing one is a miss
        logger.warning("The metrics cache could not be read", exc_info=True)
        cached = None
    if isinstance(cached, Snapshot):
        return cached
    counted = Snapshot(timezone.now(), gather(today))
    try:
        cache.set(key, counted, CACHE_SECONDS)
    except Exception:  # as above: the figures are still answered, only not kept
        logger.warning("The metrics cache could not be written", exc_info=True)
    return counted


def collect(today=None):
    """Every app's metrics (see `snapshot`), in INSTALLED_APPS order."""
    return snapshot(today).metrics


def gather(today):
    """Ask each app's `metrics(today)`, uncached. A key offered twice, or a chart type the
    dashboard cannot draw, is a programming error and raises ImproperlyConfigured."""
    found, owners = [], {}
    for module in app_modules("metrics", expects=("metrics",), exclude=(__name__,)):
        for metric in module.metrics(today):
            if metric.key in owners:
                raise ImproperlyConfigured(
                    f"The metric {metric.key!r} is contributed by both {owners[metric.key]} and {module.__name__}."
                )
            if metric.chart not in CHARTS:
                raise ImproperlyConfigured(f"{module.__name__}: the metric {metric.key!r} has an unknown chart type.")
            owners[metric.key] = module.__name__
            found.append(_settled(metric))
    return found


def _settled(metric):
    """Lazy translations made into text now, in the current language, so the metric can be cached."""
    rows = tuple((str(label), value) for label, value in metric.breakdown)
    return replace(metric, label=str(metric.label), unit=str(metric.unit), breakdown=rows)


def last_months(today, count=12):
    """The first day of each of the `count` months up to `today`'s, oldest first."""
    months, year, month = [], today.year, today.month
    for _step in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def month_label(month):
    """ "Ene 2026" / "Jan 2026"."""
    return date_format(month, "M Y")


def per_month(queryset, field, today, *, count=12, total=None):
    """Rows (month label, figure) for the last `count` months, months with nothing included as 0.

    `field` is the date or date-time that places a row in a month (in the site's time zone);
    `total` the aggregate to take per month (the number of rows by default). One query."""
    months = last_months(today, count)
    start = months[0]
    if isinstance(queryset.model._meta.get_field(field), DateTimeField):
        start = timezone.make_aware(datetime.combine(start, time.min))
    grouped = (
        queryset.filter(**{f"{field}__gte": start})
        .annotate(metric_month=TruncMonth(field))
        .values("metric_month")
        .annotate(metric_total=total if total is not None else Count("pk"))
        .order_by()
    )
    figures = {}
    for row in grouped:
        month = row["metric_month"]
        month = month.date() if isinstance(month, datetime) else month
        figures[month] = figures.get(month, 0) + (row["metric_total"] or 0)
    return tuple((month_label(month), figures.get(month, 0)) for month in months)
