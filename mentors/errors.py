"""Every refusal of the mentors app, each message written once (see courses/errors.py)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.errors import BusyError, DomainError

MESSAGES = {
    # code: (message, status, field)
    "has_page": (
        _("{name} has a page in the mentor directory: delete that page first, or mark the mentor as inactive."),
        409,
        None,
    ),
    "duplicate_area": (_("Each knowledge area can appear only once: {area} is repeated."), 400, "areas"),
    "slot_order": (_("A time slot must end after it starts ({day})."), 400, "availability"),
    "slot_overlap": (
        _("Two time slots overlap on {day} ({first} and {second}): join them into one or change the times."),
        400,
        "availability",
    ),
    "exception_order": (
        _("An exception cannot end before it starts: the end date must be on or after {starts}."),
        400,
        "exceptions",
    ),
    "not_yours": (_("You can change only your own mentor record."), 403, None),
    "managers_only": (
        _("Only managers change {fields}; you can change your availability, exceptions, e-mail and phone."),
        403,
        None,
    ),
    # Advisory bookings (mentors/bookings.py)
    "not_taking_bookings": (_("{name} is not taking advisory bookings at the moment."), 409, "mentor"),
    "own_advisory": (_("You cannot book an advisory with yourself."), 409, "mentor"),
    "slot_not_offered": (
        _("{name} does not offer an advisory starting at {when}; choose one of the free slots shown."),
        409,
        "starts_at",
    ),
    "slot_taken": (_("The slot at {when} has just been booked by someone else; choose another one."), 409, "starts_at"),
    "too_short_notice": (
        _("Advisories must be booked at least {hours} hours ahead; choose a later slot."),
        409,
        "starts_at",
    ),
    "member_busy": (
        _("You already have an advisory from {start} to {end}; cancel it first or choose another time."),
        409,
        "starts_at",
    ),
    "topic_missing": (_("Tell the mentor in a few words what you would like to talk about."), 400, "topic"),
    "topic_too_long": (_("Keep the topic under {limit} characters."), 400, "topic"),
    "provider_needed": (_("This advisory is paid: choose a payment method."), 400, "provider"),
    "unknown_provider": (_("Choose one of the payment methods offered."), 400, "provider"),
    "provider_not_allowed": (_("{provider} cannot be used to pay this advisory."), 400, "provider"),
    "booking_forbidden": (_("You are not allowed to change this advisory."), 403, None),
    "already_cancelled": (_("This advisory is already cancelled."), 409, None),
    "already_started": (_("This advisory has already started; it can no longer be cancelled."), 409, None),
    "too_late_to_cancel": (
        _("Advisories can be cancelled up to {hours} hours before they start; write to the mentor instead."),
        409,
        None,
    ),
    "not_a_mentor": (_("Only mentors have a calendar link."), 403, None),
}


class MentorError(DomainError):
    """`item`: the position of the faulty entry in a list field, so the error names "availability.2"."""

    def __init__(self, code, *, item=None, **params):
        template, status, field = MESSAGES[code]
        if item is not None and field is not None:
            field = f"{field}.{item}"
        super().__init__(code, format_lazy(template, **params) if params else template, field=field, status=status)


def busy_error():
    return BusyError("busy", _("Someone else is saving this mentor's record right now. Try again in a moment."))
