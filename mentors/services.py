"""Operations on mentor records."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction

from accounts.roles import Role

from .choices import Weekday
from .errors import MentorError, busy_error
from .models import AvailabilityException, AvailabilitySlot, Mentor, MentorArea

logger = logging.getLogger(__name__)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout


def sync_instructors():
    """Give every active user of the mentor role (the course instructors: `CoursePage.instructors`
    and `Session.instructor` are chosen from that role) a mentor record linked to her account.

    Idempotent: people who already have a record are left as they are (their name and e-mail
    may have been edited in the admin). Returns the records created.
    """
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.MENTOR.group_name, mentor__isnull=True)
        .distinct()
        .order_by("pk")
    )
    created = []
    with transaction.atomic():
        for user in people:
            created.append(
                Mentor.objects.create(user=user, full_name=user.get_full_name() or user.email, email=user.email)
            )
    return created


def check_availability(*, slots=(), exceptions=()):
    """Refuse a weekly timetable or a list of exceptions that cannot be right.

    `slots`: dicts with weekday, starts_at, ends_at; `exceptions`: dicts with starts_on, ends_on.
    Raises MentorError naming the entry at fault ("availability.2", "exceptions.0"): a slot that
    ends before it starts, two slots of one day that overlap, an exception whose dates are reversed.
    """
    for index, slot in enumerate(slots):
        if slot["ends_at"] <= slot["starts_at"]:
            raise MentorError("slot_order", item=index, day=Weekday(slot["weekday"]).label)
    ordered = sorted(range(len(slots)), key=lambda index: (slots[index]["weekday"], slots[index]["starts_at"]))
    for before, after in zip(ordered, ordered[1:], strict=False):
        first, second = slots[before], slots[after]
        if first["weekday"] == second["weekday"] and second["starts_at"] < first["ends_at"]:
            raise MentorError(
                "slot_overlap",
                item=after,
                day=Weekday(first["weekday"]).label,
                first=_span(first),
                second=_span(second),
            )
    for index, exception in enumerate(exceptions):
        if exception["ends_on"] < exception["starts_on"]:
            raise MentorError("exception_order", item=index, starts=exception["starts_on"].isoformat())


def _span(slot):
    return f"{slot['starts_at']:%H:%M}–{slot['ends_at']:%H:%M}"


@contextmanager
def locked_mentor(mentor_id):
    """A transaction holding the mentor's row: two people saving one record go one after the other
    (without it, two replacements of the slots could both insert, leaving the union of both)."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)", [f"{settings.LUMINO_LOCK_TIMEOUT_MS}ms"]
                    )
            yield Mentor.objects.select_for_update().get(pk=mentor_id)
    except OperationalError as exc:
        cause = getattr(exc.__cause__, "sqlstate", None)
        if cause == LOCK_NOT_AVAILABLE or "database is locked" in str(exc):
            raise busy_error() from exc
        raise


def _replace_slots(mentor, slots):
    mentor.slots.all().delete()
    ordered = sorted(slots, key=lambda slot: (slot["weekday"], slot["starts_at"]))
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(
            mentor=mentor, weekday=slot["weekday"], starts_at=slot["starts_at"], ends_at=slot["ends_at"], sort_order=n
        )
        for n, slot in enumerate(ordered)
    )


def _replace_exceptions(mentor, exceptions):
    mentor.exceptions.all().delete()
    ordered = sorted(exceptions, key=lambda item: (item["starts_on"], item["ends_on"]))
    AvailabilityException.objects.bulk_create(
        AvailabilityException(
            mentor=mentor,
            kind=item.get("kind") or AvailabilityException.Kind.HOLIDAY,
            starts_on=item["starts_on"],
            ends_on=item["ends_on"],
            note=item.get("note", ""),
            sort_order=n,
        )
        for n, item in enumerate(ordered)
    )


def _replace_areas(mentor, areas):
    mentor.areas.all().delete()
    MentorArea.objects.bulk_create(
        MentorArea(mentor=mentor, area=item["area"], level=item["level"], sort_order=n) for n, item in enumerate(areas)
    )


def replace_availability(*, mentor, slots=None, exceptions=None, by):
    """Replace a mentor's weekly slots and/or exceptions (None leaves that set as it is): what a
    mentor may change on her own record. Same guarantees and refusals as `save_mentor`; whether
    `by` may do it is the caller's check."""
    return save_mentor(mentor=mentor, fields={}, slots=slots, exceptions=exceptions, by=by)


def save_mentor(*, mentor=None, fields, areas=None, slots=None, exceptions=None, by):
    """Create a record (mentor=None) or change one: its own fields, and each set sent (areas, slots,
    exceptions) replaced whole; a set left as None is kept.

    The availability is checked first (check_availability); then everything is written in one
    transaction, under the mentor's row lock for a change: either all of it is stored or nothing
    changes. Raises MentorError for bad input, BusyError when the record stays locked elsewhere.
    """
    check_availability(slots=slots or (), exceptions=exceptions or ())
    if mentor is None:
        with transaction.atomic():
            mentor = Mentor.objects.create(**fields)
            _replace_children(mentor, areas, slots, exceptions)
        logger.info("Mentor %s created by user %s", mentor.pk, getattr(by, "pk", None))
        return mentor
    with locked_mentor(mentor.pk) as locked:
        for name, value in fields.items():
            setattr(locked, name, value)
        if fields:
            locked.save(update_fields=list(fields))
        _replace_children(locked, areas, slots, exceptions)
    logger.info("Mentor %s changed by user %s (%s)", mentor.pk, getattr(by, "pk", None), ", ".join(sorted(fields)))
    return locked


def _replace_children(mentor, areas, slots, exceptions):
    if areas is not None:
        _replace_areas(mentor, areas)
    if slots is not None:
        _replace_slots(mentor, slots)
    if exceptions is not None:
        _replace_exceptions(mentor, exceptions)
