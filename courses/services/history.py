"""Writing helpers shared by the services: status changes with their history, and held orders."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from portal.audit import audit
from portal.tasks import enqueue_on_commit

from ..models import Order, OrderLine, ReservationEvent, is_course_staff
from ..tasks import send_reservation_email


def change_status(reservation, status, *, kind, by, order=None, now=None, **fields):
    """Set a reservation's status (creating the row if new) and record the event."""
    now = now or timezone.now()
    previous = reservation.status if reservation.pk else ""
    reservation.status = status
    for name, value in fields.items():
        setattr(reservation, name, value)
    if reservation.pk:
        reservation.save(update_fields=["status", "updated_at", *fields])
    else:
        reservation.save()
    return record_event(reservation, kind=kind, from_status=previous, by=by, order=order, now=now)


def record_event(reservation, *, kind, from_status, by, order=None, now=None):
    """History row for a change already written; its e-mail (if any) is enqueued after commit."""
    event = ReservationEvent.objects.create(
        reservation=reservation,
        kind=kind,
        from_status=from_status,
        to_status=reservation.status,
        by=by,
        order=order,
        at=now or timezone.now(),
    )
    if event.sends_email:
        enqueue_on_commit(send_reservation_email, event.pk)
    if by is not None and by.pk != reservation.member_id and is_course_staff(by):
        audit(
            reservation,
            f"courses.reservation.{kind}",
            by=by,
            data={"from": from_status, "to": reservation.status, "order": order.reference if order else ""},
        )
    return event


def open_order(*, buyer, reservations, provider, now=None):
    """A pending order for these HELD reservations, one line each, paid by `buyer`.

    The seats stay held until `expires_at` (see `hold_until`); then the sweep
    (expire_unpaid_orders) frees them.
    """
    now = now or timezone.now()
    courses = [reservation.session.course for reservation in reservations]
    sessions = [reservation.session for reservation in reservations]
    order = Order.objects.create(
        member=buyer,
        total=sum((course.price for course in courses), start=0),
        currency=courses[0].currency,
        provider=provider.code,
        expires_at=hold_until(provider, sessions, now),
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            session=reservation.session,
            reservation=reservation,
            description=f"{reservation.session} — {reservation.member}"[:255],
            unit_price=reservation.session.course.price,
        )
        for reservation in reservations
    )
    return order


def hold_until(provider, sessions, now):
    """The provider's hold (days for a transfer), but a long hold ends at the reservation deadline.

    A seat held past the deadline could neither be paid for nor offered to the waiting list;
    the short hold (LUMINO_ORDER_HOLD_MINUTES) is always granted.
    """
    shortest = now + timedelta(minutes=settings.LUMINO_ORDER_HOLD_MINUTES)
    until = now + provider.hold_period()
    deadlines = [session.reservation_deadline or session.starts_at for session in sessions]
    if deadlines:
        until = min(until, *deadlines)
    return max(until, shortest)
