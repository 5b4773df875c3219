"""Due dates counted in business hours: working days (Monday to Friday, not a public holiday of
the configured Spanish region) between the opening and closing hours, in the site's time zone.

The SLA clock runs from the ticket's creation; a change of priority recomputes the due date
from the same start. Time spent waiting for the requester is not paused (kept simple on purpose).
"""

from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import holidays

from .conf import setting

SLA_LABELS = {
    "met": _("SLA met"),
    "missed": _("SLA missed"),
    "overdue": _("Overdue"),
    "at_risk": _("Due soon"),
    "on_track": _("On time"),
}
# Remaining business time under this share of the whole SLA counts as "due soon".
AT_RISK_SHARE = 0.25
MAX_DAYS = 3660


@lru_cache(maxsize=64)
def _holidays(country, region, year):
    return holidays.country_holidays(country, subdiv=region, years=year)


def is_business_day(day):
    country, region = setting("LUMINO_HELPDESK_HOLIDAYS")
    return day.weekday() < 5 and day not in _holidays(country, region, day.year)


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def _day_window(day, zone):
    opening, closing = setting("LUMINO_HELPDESK_BUSINESS_HOURS")
    return datetime.combine(day, time(opening), zone), datetime.combine(day, time(closing), zone)


def add_business_hours(start, hours):
    """The moment `hours` business hours after `start` (an aware datetime)."""
    zone = _zone()
    remaining = timedelta(hours=hours)
    current = start.astimezone(zone)
    for _day in range(MAX_DAYS):
        day = current.date()
        if is_business_day(day):
            opens, closes = _day_window(day, zone)
            current = max(current, opens)
            if current < closes:
                if remaining <= closes - current:
                    return current + remaining
                remaining -= closes - current
        current = datetime.combine(day + timedelta(days=1), time(0), zone)
    raise ValueError("SLA beyond ten years")


def business_hours_between(start, end):
    """Business hours from `start` to `end` (0 when end is not after start)."""
    zone = _zone()
    current, end = start.astimezone(zone), end.astimezone(zone)
    total = timedelta()
    while current < end:
        day = current.date()
        if is_business_day(day):
            opens, closes = _day_window(day, zone)
            begin, finish = max(current, opens), min(closes, end)
            if finish > begin:
                total += finish - begin
        current = datetime.combine(day + timedelta(days=1), time(0), zone)
    return total.total_seconds() / 3600


def sla_hours(priority):
    return setting("LUMINO_HELPDESK_SLA_HOURS")[priority]


def due_date(created_at, priority):
    return add_business_hours(created_at, sla_hours(priority))


def sla_state(ticket, now=None):
    if ticket.due_at is None:
        return ""
    if not ticket.is_open:
        if ticket.resolved_at is None:
            return ""
        return "met" if ticket.resolved_at <= ticket.due_at else "missed"
    now = now or timezone.now()
    if now > ticket.due_at:
        return "overdue"
    if business_hours_between(now, ticket.due_at) <= AT_RISK_SHARE * sla_hours(ticket.priority):
        return "at_risk"
    return "on_track"
