"""The holidays as a calendar file (.ics) people subscribe to: one all-day event per holiday."""

import datetime
from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from icalendar import Calendar, Event

from portal.site_url import site_hostname

# Holidays that ended more than this long ago are left out of the feed, which keeps it short.
PAST_DAYS_IN_FEED = 365


def holiday_uid(holiday):
    """Stable per holiday, so a changed date replaces the subscriber's entry instead of adding one."""
    return f"holiday-{holiday.pk}@{site_hostname()}"


def feed_holidays(queryset, *, today=None):
    today = today or timezone.localdate()
    return queryset.filter(ends_on__gte=today - datetime.timedelta(days=PAST_DAYS_IN_FEED)).order_by("starts_on", "pk")


def build_holidays_ics(holidays, *, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Lumino//Academic calendar//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", _("Days on which Lumino is closed: no classes and no advisory sessions."))
    stamp = timezone.now().astimezone(UTC)
    for holiday in holidays:
        event = Event()
        event.add("uid", holiday_uid(holiday))
        event.add("dtstamp", stamp)
        # All-day events: DATE values, and DTEND is the day after the last one (RFC 5545, 3.6.1).
        event.add("dtstart", holiday.starts_on)
        event.add("dtend", holiday.ends_on + datetime.timedelta(days=1))
        event.add("summary", holiday.name)
        event.add("transp", "TRANSPARENT")
        event.add("categories", [pgettext("calendar", "Holiday")])
        calendar.add_component(event)
    return calendar.to_ical()
