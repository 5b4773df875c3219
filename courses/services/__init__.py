"""Business operations of the courses app. Views, API, admin and tasks call only these.

Stable signatures (keyword-only; `by` is the acting user):

    reserve_seat(*, session, member, by, join_waitlist=True) -> Reservation
    reserve_seats_for_colleagues(*, session, members, by, join_waitlist=True, provider=None) -> list[Reservation]
    cancel_reservation(*, reservation, by) -> Reservation
    leave_waiting_list(*, reservation, by) -> Reservation
    promote_waiting_list(*, session, by=None) -> list[Reservation]
    confirm_reservation(*, reservation, by) -> Reservation          # staff: waiting → confirmed
    mark_attended(*, reservation, by) -> Reservation                # staff, after the start
    cancel_session(*, session, by) -> int                           # staff: cancels every place
    place_order(*, session, member, provider, by) -> Order          # provider: code or PaymentProvider
    place_item_order(*, buyer, description, unit_price, provider, by, hold_minutes=None) -> Order
                                                                    # not a seat (a paid advisory)
    confirm_payment(*, order, by, provider_reference="") -> Order   # staff, or by=None from a provider
    cancel_order(*, order, by) -> Order
    refund_order(*, order, by) -> Order                             # staff
    expire_unpaid_orders(now=None) -> int                           # the sweep
    orders_due_a_reminder(now=None) -> QuerySet[Order]              # the sweep, then send_order_reminder
    is_course_staff(user) -> bool
    missing_prerequisites(session, member) -> list[str]

Refusals raise courses.errors.ReservationError (a portal DomainError: .code, .message,
.field, .status, .extra); lock timeouts raise portal.errors.BusyError (503, code "busy").
Order changes send courses.signals.order_paid / order_released inside their transaction.
Each service runs in its own transaction (nested in the caller's when there is one), locks
session rows first in id order, re-checks under the lock, and sends e-mail after commit.

A rule a page also needs (may this person cancel, leave the queue, pay?) is a `*_refusal`
method on the model (Session.reservation_refusal, Reservation.cancel_refusal, Order.payment_refusal…):
the service raises what it returns, and templates and the API ask the matching `may_*`, so the
button shown and the service's answer cannot disagree.
"""

from .orders import (
    cancel_order,
    confirm_payment,
    expire_unpaid_orders,
    orders_due_a_reminder,
    place_item_order,
    place_order,
    refund_order,
)
from .reservations import (
    cancel_reservation,
    confirm_reservation,
    mark_attended,
    reserve_seat,
    reserve_seats_for_colleagues,
)
from .rules import is_course_staff, missing_prerequisites
from .sessions import cancel_session
from .waitlist import leave_waiting_list, promote_waiting_list

__all__ = [
    "cancel_order",
    "cancel_reservation",
    "cancel_session",
    "confirm_payment",
    "confirm_reservation",
    "expire_unpaid_orders",
    "is_course_staff",
    "leave_waiting_list",
    "mark_attended",
    "missing_prerequisites",
    "orders_due_a_reminder",
    "place_item_order",
    "place_order",
    "promote_waiting_list",
    "refund_order",
    "reserve_seat",
    "reserve_seats_for_colleagues",
]
