"""Mentors who take advisory bookings, and the moments the booking tests use."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from mentors.bookings import book_advisory

from .factories import make_mentor

MADRID = ZoneInfo("Europe/Madrid")
# A Monday morning in Madrid, far from any DST change: "now" for most tests.
NOW = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=MADRID)


def local(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=MADRID)


def make_advisor(full_name="Laura Gómez", *, slots=((3, 10, 12),), price="0", minutes=60, **fields):
    """A mentor taking bookings; by default on Wednesdays 10:00–12:00 (two one-hour slots)."""
    fields.setdefault("email", "laura@mentores.example")
    return make_mentor(
        full_name,
        slots=slots,
        takes_bookings=True,
        advisory_price=Decimal(price),
        advisory_minutes=minutes,
        **fields,
    )


def book(mentor, member, starts_at, topic="Revisar mi proyecto de Django", **kwargs):
    return book_advisory(mentor=mentor, member=member, starts_at=starts_at, topic=topic, **kwargs)
