"""Changes to a whole session."""

from django.utils import timezone

from ..errors import ReservationError
from ..models import Order, Reservation, ReservationEvent, Session
from ..signals import order_released
from .history import change_status
from .locking import locked_session
from .rules import is_course_staff


def cancel_session(*, session, by):
    """Staff call a session off: every active place is cancelled (each person is e-mailed) and
    pending orders for it are cancelled. Paid orders stay paid for staff to refund. Returns
    the number of places cancelled; running it again cancels nothing more.
    """
    if not is_course_staff(by):
        raise ReservationError("forbidden")
    with locked_session(session) as locked:
        now = timezone.now()
        if locked.status != Session.Status.CANCELLED:
            locked.status = Session.Status.CANCELLED
            locked.save(update_fields=["status"])
        places = list(
            Reservation.objects.select_for_update(of=("self",))
            .filter(session=locked, status__in=[s for s in Reservation.ACTIVE_STATUSES if s != "attended"])
            .order_by("pk")
        )
        for reservation in places:
            reservation.session = locked
            change_status(
                reservation,
                Reservation.Status.CANCELLED,
                kind=ReservationEvent.Kind.CANCELLED,
                by=by,
                now=now,
                cancelled_at=now,
            )
        pending = Order.objects.filter(lines__session=locked, status=Order.Status.PENDING)
        ids = list(pending.values_list("pk", flat=True).distinct())
        Order.objects.filter(pk__in=ids).update(
            status=Order.Status.CANCELLED, cancelled_at=now, cancel_reason="session_cancelled"
        )
        for order in Order.objects.filter(pk__in=ids).order_by("pk"):
            order_released.send(sender=Order, order=order, reason="cancelled", now=now)
    return len(places)
