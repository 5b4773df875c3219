"""Every refusal of the mentors app, each message written once (see courses/errors.py)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    # code: (message, status, field)
    "has_page": (
        _("{name} has a page in the mentor directory: delete that page first, or mark the mentor as inactive."),
        409,
        None,
    ),
    "duplicate_area": (_("Each knowledge area can appear only once: {area} is repeated."), 400, "areas"),
    "slot_order": (_("A time slot must end after it starts ({day})."), 400, "availability"),
}


class MentorError(DomainError):
    def __init__(self, code, **params):
        template, status, field = MESSAGES[code]
        super().__init__(code, format_lazy(template, **params) if params else template, field=field, status=status)
