"""Every refusal of the learning app, each message written once.

Raise `LearningError("not_enrolled")`: the code picks the sentence and the HTTP status,
keyword arguments fill the sentence's {placeholders}. Clients rely on the codes.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    # code: (message, status, field)
    "not_enrolled": (_("Reserve a seat in this course to open its lessons."), 403, None),
    "forbidden": (_("You are not allowed to do this for this course."), 403, None),
    "already_enrolled": (_("{name} is already enrolled in this session."), 409, "member"),
    "not_active": (_("This enrolment has already ended."), 409, None),
    "session_cancelled": (_("This session has been cancelled; choose another one."), 409, "session"),
    "not_eligible": (_("{name} has not finished this course yet: {reason}"), 409, None),
    "already_certified": (_("{name} already has a certificate for this session."), 409, None),
    "already_revoked": (_("This certificate was already revoked on {date}."), 409, None),
    "revoked": (_("This certificate has been revoked and cannot be re-issued; issue a new one."), 409, None),
    "bulk_running": (_("A bulk issue for this session is already running: follow its progress."), 409, None),
    "score_too_high": (_("The score for {assessment} must be between 0 and {maximum}."), 400, "points"),
    "score_invalid": (_("Write the score for {assessment} as a number, for example 7.5."), 400, "points"),
    "reason_required": (_("Say why the certificate is revoked; the holder will read it."), 400, "reason"),
    "workbook_invalid": ("{problem}", 400, "file"),  # the problem is a translated sentence
}


class LearningError(DomainError):
    """A learning rule said no. See MESSAGES for the codes."""

    def __init__(self, code, *, extra=None, field=None, **params):
        template, status, default_field = MESSAGES[code]
        message = format_lazy(template, **params) if params else template
        super().__init__(code, message, field=field if field is not None else default_field, status=status, extra=extra)
