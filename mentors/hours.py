"""Hours worked: the rules an entry must keep, and the operations that log, change and review them.

`check_entry` is the one place the rules live; the admin form asks it to show the refusal on
the field, and every service asks it again under the mentor's row lock, so two submissions at
once cannot together pass 24 h in a day. Refusals are `HoursError`s naming the rule and the fix.

Who may do what:
- a mentor (a user with an active mentor record) logs, changes and deletes her own entries, while
  they are pending or rejected and their week is not locked (correcting a rejected entry sends it
  back for review);
- a project's supervisors, and managers, approve or reject the entries of that project, never
  their own; a week (Monday to Sunday) with an approved entry of a mentor is locked for her.
"""

from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from courses.services.locking import is_lock_failure
from portal.audit import audit
from portal.errors import BusyError, DomainError

from .models import HoursEntry, Mentor, ProjectGroup, is_manager, mentor_of, supervises, week_bounds
from .models.projects import MINUTES_PER_DAY

MESSAGES = {
    # code: (message, status, field)
    "no_duration": (_("Give the start and end times, or the duration."), 400, "minutes"),
    "half_range": (_("Give both the start and the end time, or neither and the duration."), 400, "ends_at"),
    "range_order": (_("The end time ({end}) must be after the start time ({start})."), 400, "ends_at"),
    "duration_mismatch": (
        _("From {start} to {end} is {range} h, not {hours} h: correct the duration or leave it empty."),
        400,
        "minutes",
    ),
    "duration_range": (_("An entry lasts from 1 minute to 24 h; {hours} h is not possible."), 400, "minutes"),
    "future_date": (_("{date} is in the future: you can log hours up to today ({today})."), 400, "date"),
    "before_project": (
        _("The project {project} starts on {starts}: log hours from that day on."),
        400,
        "date",
    ),
    "project_inactive": (
        _("The project {project} is {status}: hours can only be logged on active projects."),
        400,
        "project",
    ),
    "not_assigned": (
        _("You are not in any active group of {project}: ask its supervisor to add you, or choose another project."),
        400,
        "project",
    ),
    "overlap": (
        _("From {start} to {end} overlaps your entry of {other_start}–{other_end} on {date}: change the times."),
        400,
        "starts_at",
    ),
    "day_over_24h": (
        _("You already have {logged} h logged on {date}: with these {hours} h you would go over 24 h in a day."),
        400,
        "minutes",
    ),
    "week_locked": (
        _(
            "The week of {monday} already has approved hours, so it is locked: "
            "ask the project's supervisor if something must change."
        ),
        409,
        "date",
    ),
    "not_a_mentor": (_("Only mentors with a mentor record linked to their account can log hours."), 403, None),
    "not_owner": (_("Only the mentor who logged these hours can change them."), 403, None),
    "not_editable": (
        _("These hours have been approved: they can no longer be changed or deleted."),
        409,
        None,
    ),
    "not_supervisor": (
        _("Only the project's supervisors or a manager can approve or reject these hours."),
        403,
        None,
    ),
    "own_hours": (_("You cannot approve or reject your own hours: another supervisor must review them."), 403, None),
    "not_pending": (
        _("These hours have already been reviewed ({status}); only pending hours can be reviewed."),
        409,
        None,
    ),
    "note_required": (_("Say why you reject these hours, so the mentor can correct them."), 400, "review_note"),
    "nothing_to_approve": (
        _("{mentor} has no pending hours you may approve in the week of {monday}."),
        409,
        None,
    ),
    "project_has_hours": (
        _("The project {project} has hours logged: mark it as finished instead of deleting it."),
        409,
        None,
    ),
}


class HoursError(DomainError):
    """A rule of projects and hours said no. See MESSAGES for the codes."""

    def __init__(self, code, **params):
        template, status, field = MESSAGES[code]
        super().__init__(code, format_lazy(template, **params) if params else template, field=field, status=status)


def busy_error():
    return BusyError("busy", _("Many hours are being saved right now. Please try again in a moment."))


# --- Formatting for the messages (in the language of the request) ---


def format_hours(minutes):
    """Minutes as hours for people: 90 → "1.5" ("1,5" in Spanish), 1200 → "20"."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()
    return formats.number_format(value, use_l10n=True)


def format_day(day):
    return formats.date_format(day, "DATE_FORMAT")


def format_time(value):
    return value.strftime("%H:%M")


def range_minutes(starts_at, ends_at):
    return (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)


# --- The rules ---


def is_week_locked(mentor, day, *, exclude=None):
    approved = HoursEntry.objects.filter(mentor=mentor, status=HoursEntry.Status.APPROVED).in_week(day)
    if exclude is not None:
        approved = approved.exclude(pk=exclude.pk)
    return approved.exists()


def is_assigned(mentor, project):
    return ProjectGroup.objects.filter(project=project, mentors=mentor, status=ProjectGroup.Status.ACTIVE).exists()


def duration_of(*, starts_at=None, ends_at=None, minutes=None):
    """The entry's minutes, from its range or its duration (both: they must agree)."""
    if (starts_at is None) != (ends_at is None):
        raise HoursError("half_range")
    if starts_at is None and minutes is None:
        raise HoursError("no_duration")
    if minutes is not None and not 1 <= minutes <= MINUTES_PER_DAY:
        raise HoursError("duration_range", hours=format_hours(minutes))
    if starts_at is None:
        return minutes
    # Seconds are not kept: an entry is minutes long.
    starts_at, ends_at = starts_at.replace(second=0, microsecond=0), ends_at.replace(second=0, microsecond=0)
    length = range_minutes(starts_at, ends_at)
    if length <= 0:
        raise HoursError("range_order", start=format_time(starts_at), end=format_time(ends_at))
    if minutes is not None and minutes != length:
        raise HoursError(
            "duration_mismatch",
            start=format_time(starts_at),
            end=format_time(ends_at),
            range=format_hours(length),
            hours=format_hours(minutes),
        )
    return length


def check_entry(*, mentor, project, date, starts_at=None, ends_at=None, minutes=None, entry=None, today=None):
    """Check an entry (new, or `entry` changed to these values) against every rule.

    Returns its minutes; raises HoursError naming the first rule it breaks. Callers that write
    call it inside `locked_mentor`, so the day's total it counts cannot change before the write.
    """
    minutes = duration_of(starts_at=starts_at, ends_at=ends_at, minutes=minutes)
    if starts_at is not None:
        starts_at, ends_at = starts_at.replace(second=0, microsecond=0), ends_at.replace(second=0, microsecond=0)
    today = today or timezone.localdate()
    if date > today:
        raise HoursError("future_date", date=format_day(date), today=format_day(today))
    if not project.is_active:
        raise HoursError("project_inactive", project=project.name, status=project.get_status_display().lower())
    if date < project.starts_on:
        raise HoursError("before_project", project=project.name, starts=format_day(project.starts_on))
    if not is_assigned(mentor, project):
        raise HoursError("not_assigned", project=project.name)
    for day in {date, entry.date} if entry is not None else {date}:
        if is_week_locked(mentor, day):
            raise HoursError("week_locked", monday=format_day(week_bounds(day)[0]))
    same_day = HoursEntry.objects.for_mentor(mentor).counted().filter(date=date)
    if entry is not None:
        same_day = same_day.exclude(pk=entry.pk)
    same_day = list(same_day.order_by("starts_at", "pk"))
    if starts_at is not None:
        for other in same_day:
            if other.has_range and other.starts_at < ends_at and starts_at < other.ends_at:
                raise HoursError(
                    "overlap",
                    start=format_time(starts_at),
                    end=format_time(ends_at),
                    other_start=format_time(other.starts_at),
                    other_end=format_time(other.ends_at),
                    date=format_day(date),
                )
    logged = sum(other.minutes for other in same_day)
    if logged + minutes > MINUTES_PER_DAY:
        raise HoursError(
            "day_over_24h", logged=format_hours(logged), date=format_day(date), hours=format_hours(minutes)
        )
    return minutes


# --- Locks ---


@contextmanager
def locked_mentor(mentor):
    """A transaction holding the mentor's row: her entries are checked and written one writer at a time.

    A lock not obtained within settings.LUMINO_LOCK_TIMEOUT_MS is BusyError ("try again").
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)", [f"{settings.LUMINO_LOCK_TIMEOUT_MS}ms"]
                    )
            yield Mentor.objects.select_for_update().get(pk=mentor.pk)
    except OperationalError as exc:
        if is_lock_failure(exc):
            raise busy_error() from exc
        raise


# --- A mentor's own entries ---


def _owner_record(by):
    mentor = mentor_of(by)
    if mentor is None:
        raise HoursError("not_a_mentor")
    return mentor


def log_hours(*, by, project, date, description, starts_at=None, ends_at=None, minutes=None, today=None):
    """Log hours for the mentor linked to `by`. Returns the new pending entry; raises HoursError."""
    mentor = _owner_record(by)
    with locked_mentor(mentor) as mentor:
        minutes = check_entry(
            mentor=mentor,
            project=project,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            minutes=minutes,
            today=today,
        )
        return HoursEntry.objects.create(
            mentor=mentor,
            project=project,
            date=date,
            starts_at=starts_at.replace(second=0, microsecond=0) if starts_at else None,
            ends_at=ends_at.replace(second=0, microsecond=0) if ends_at else None,
            minutes=minutes,
            description=description,
        )


def _check_owner(entry, by):
    if entry.mentor.user_id is None or entry.mentor.user_id != by.pk:
        raise HoursError("not_owner")
    if entry.status == HoursEntry.Status.APPROVED:
        raise HoursError("not_editable")


def update_hours(*, entry, by, today=None, **changes):
    """Change the owner's pending or rejected entry (`project`, `date`, `starts_at`, `ends_at`,
    `minutes`, `description`); a rejected entry goes back to pending for review.

    Passing `starts_at`/`ends_at` without `minutes` recomputes the duration from the range.
    """
    with locked_mentor(entry.mentor):
        entry = HoursEntry.objects.select_related("mentor", "project").get(pk=entry.pk)
        _check_owner(entry, by)
        values = {
            name: changes.get(name, getattr(entry, name))
            for name in ("project", "date", "starts_at", "ends_at", "description")
        }
        if "starts_at" in changes or "ends_at" in changes:
            minutes = changes.get("minutes")
        elif "minutes" in changes:
            # A new duration alone replaces the range.
            minutes, values["starts_at"], values["ends_at"] = changes["minutes"], None, None
        else:
            minutes = None if entry.has_range else entry.minutes
        values["minutes"] = check_entry(
            mentor=entry.mentor,
            project=values["project"],
            date=values["date"],
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            minutes=minutes,
            entry=entry,
            today=today,
        )
        for name in ("starts_at", "ends_at"):
            if values[name] is not None:
                values[name] = values[name].replace(second=0, microsecond=0)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.status = HoursEntry.Status.PENDING
        entry.save(update_fields=[*values, "status", "updated_at"])
        return entry


def delete_hours(*, entry, by):
    """Delete the owner's pending or rejected entry outside a locked week."""
    with locked_mentor(entry.mentor):
        entry = HoursEntry.objects.select_related("mentor").get(pk=entry.pk)
        _check_owner(entry, by)
        if is_week_locked(entry.mentor, entry.date):
            raise HoursError("week_locked", monday=format_day(week_bounds(entry.date)[0]))
        entry.delete()


# --- Review ---


def may_review(user, entry):
    """Supervisors of the entry's project and managers, never on their own hours."""
    return supervises(user, entry.project_id) and entry.mentor.user_id != user.pk


def _check_reviewer(entry, by):
    if entry.mentor.user_id is not None and entry.mentor.user_id == by.pk:
        raise HoursError("own_hours")
    if not supervises(by, entry.project_id):
        raise HoursError("not_supervisor")
    if entry.status != HoursEntry.Status.PENDING:
        raise HoursError("not_pending", status=entry.get_status_display().lower())


def _review(entry, by, status, note=""):
    with locked_mentor(entry.mentor):
        entry = HoursEntry.objects.select_related("mentor", "project").get(pk=entry.pk)
        _check_reviewer(entry, by)
        entry.status = status
        entry.reviewed_by = by
        entry.reviewed_at = timezone.now()
        entry.review_note = note
        entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
        audit(entry, f"mentors.hours.{status}", by=by, data={"mentor": entry.mentor.full_name, "note": note})
        return entry


def approve_hours(*, entry, by):
    """Approve a pending entry (its week becomes locked for the mentor)."""
    return _review(entry, by, HoursEntry.Status.APPROVED)


def reject_hours(*, entry, by, note):
    """Reject a pending entry with a note the mentor reads; she may correct and resubmit it."""
    note = (note or "").strip()
    if not note:
        raise HoursError("note_required")
    return _review(entry, by, HoursEntry.Status.REJECTED, note)


def approve_week(*, mentor, day, by):
    """Approve every pending entry of `mentor` in `day`'s week on projects `by` supervises.

    Returns how many were approved; raises HoursError when there was none (or they are her own).
    """
    monday, _sunday = week_bounds(day)
    if mentor.user_id is not None and mentor.user_id == by.pk:
        raise HoursError("own_hours")
    with locked_mentor(mentor):
        pending = HoursEntry.objects.for_mentor(mentor).in_week(day).filter(status=HoursEntry.Status.PENDING)
        if not is_manager(by):
            pending = pending.filter(project__supervisors=by)
        approved = list(pending.select_related("mentor"))
        count = pending.update(
            status=HoursEntry.Status.APPROVED, reviewed_by=by, reviewed_at=timezone.now(), updated_at=timezone.now()
        )
        for entry in approved:
            audit(entry, "mentors.hours.approved", by=by, data={"mentor": mentor.full_name, "week": str(monday)})
    if not count:
        raise HoursError("nothing_to_approve", mentor=mentor.full_name, monday=format_day(monday))
    return count


def delete_project(*, project):
    """Delete a project without hours (its groups go with it); one with hours is kept."""
    with transaction.atomic():
        if project.hours.exists():
            raise HoursError("project_has_hours", project=project.name)
        project.delete()


__all__ = [
    "HoursError",
    "approve_hours",
    "approve_week",
    "check_entry",
    "delete_hours",
    "delete_project",
    "is_week_locked",
    "log_hours",
    "may_review",
    "reject_hours",
    "update_hours",
]
