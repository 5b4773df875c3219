"""Every refusal of the courses app, each message written once.

Raise `ReservationError("full", position=3)`: the code picks the sentence and the HTTP status,
keyword arguments fill the sentence's {placeholders}. Clients rely on the codes.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.errors import BusyError, DomainError

MESSAGES = {
    # code: (message, status, field)
    "full": (_("This session is full."), 409, "session"),
    "full_waitlist_offered": (
        _("This session is full. You can join the waiting list, in position {position}."),
        409,
        "session",
    ),
    "already_reserved": (_("{name} already has a place in this session."), 409, "session"),
    "already_waitlisted": (_("{name} is already on the waiting list of this session."), 409, "session"),
    "deadline_passed": (_("Reservations for this session closed on {deadline}."), 409, "session"),
    "session_cancelled": (_("This session has been cancelled; choose another date."), 409, "session"),
    "session_closed": (_("This session has already taken place."), 409, "session"),
    "not_company_colleague": (
        _("You can only reserve for members of a company you manage: {names}."),
        403,
        "members",
    ),
    "forbidden": (_("You are not allowed to change this reservation."), 403, None),
    "prerequisite_missing": (_("{name} must first complete: {courses}."), 409, "session"),
    "payment_required": (_("This course is paid: place an order to reserve your seat."), 409, "session"),
    "not_waitlisted": (_("This reservation is not on the waiting list."), 409, None),
    "not_cancellable": (_("This reservation can no longer be cancelled: {reason}"), 409, None),
    "not_confirmed": (_("Only confirmed reservations can be marked as attended."), 409, None),
    "not_started": (_("Attendance can be recorded once the session has started."), 409, None),
    "no_members": (_("Choose at least one person to reserve for."), 400, "members"),
    "colleagues_refused": (_("Nobody was booked. {details}"), 409, "members"),
    "unknown_provider": (_("Choose one of the payment methods offered."), 400, "provider"),
    "provider_not_allowed": (_("{provider} cannot be used for this course."), 400, "provider"),
    "item_provider_not_allowed": (_("{provider} cannot be used for an amount of {amount}."), 400, "provider"),
    "item_description_missing": (_("Describe what is being bought (up to 255 characters)."), 400, "description"),
    "item_price_invalid": (_("Enter a price of zero or more, with at most two decimals."), 400, "unit_price"),
    "item_hold_invalid": (
        _("The time to pay must be a whole number of minutes, from one minute to one year."),
        400,
        "hold_minutes",
    ),
    "order_not_pending": (_("This order is {status}; it can no longer be changed."), 409, None),
    "hold_expired": (
        _("The seat held for this order expired at {expired}. Please place a new order."),
        409,
        None,
    ),
    "item_hold_expired": (_("The time to pay this order ran out at {expired}. Please start again."), 409, None),
}

# Codes that share a client-facing code: a waiting-list offer is "full" with the position in
# `extra`; a place on the waiting list is "already_reserved", told apart only in the sentence.
# An item order (not a seat) is refused with the seat's code and a sentence that fits it.
PUBLIC_CODES = {
    "full_waitlist_offered": "full",
    "already_waitlisted": "already_reserved",
    "item_provider_not_allowed": "provider_not_allowed",
    "item_hold_expired": "hold_expired",
}


class ReservationError(DomainError):
    """A reservation, waiting-list or order rule said no. See MESSAGES for the codes."""

    def __init__(self, code, *, extra=None, field=None, **params):
        template, status, default_field = MESSAGES[code]
        message = format_lazy(template, **params) if params else template
        public_code = PUBLIC_CODES.get(code, code)
        super().__init__(
            public_code,
            message,
            field=field if field is not None else default_field,
            status=status,
            extra=extra,
        )


def busy_error():
    return BusyError("busy", _("Many people are booking right now. Please try again in a moment."))


__all__ = ["BusyError", "ReservationError", "busy_error"]
