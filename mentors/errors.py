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
