"""Orders for paid sessions and other items: place (holding a seat), pay, cancel, refund, expire holds.

Every change of an order's status sends courses.signals.order_paid / order_released inside the
transaction, after the order row changed, so an app selling items through orders can follow them.
"""

import logging
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from home.formatting import format_money
from portal.errors import BusyError

from ..emails import send_item_order_email
from ..errors import ReservationError
from ..models import Order, OrderLine, Reservation, ReservationEvent
from ..payments import PaymentProvider, get_provider, providers
from ..signals import order_paid, order_released
from .history import change_status, open_order, record_event
from .locking import locked_session, locked_sessions
from .rules import (
    check_not_reserved,
    check_prerequisites,
    check_session_open,
    company_for,
    is_course_staff,
    next_waitlist_position,
    refuse_if,
    seats_taken,
)
from .waitlist import promote_locked

logger = logging.getLogger(__name__)
Status = Reservation.Status
Kind = ReservationEvent.Kind
MAX_HOLD_MINUTES = 366 * 24 * 60


def place_order(*, session, member, provider, by):
    """Buy a seat: a pending Order and a HELD reservation, written under the session lock.

    Held seats count against capacity until the order is paid or `expires_at` (now +
    LUMINO_ORDER_HOLD_MINUTES) passes. A provider that confirms immediately (free courses)
    pays the order in the same transaction. `provider` is a code or a PaymentProvider.
    Raises ReservationError (unknown_provider, provider_not_allowed, the reserve_seat checks,
    full with extra={"position": n}) or BusyError.
    """
    payment = _payment_provider(provider)
    company = company_for(by=by, member=member)
    with locked_session(session) as locked:
        now = timezone.now()
        check_session_open(locked, now)
        if not payment.accepts(locked.course.price):
            raise ReservationError("provider_not_allowed", provider=payment.label)
        check_not_reserved(locked, member)
        check_prerequisites(locked, member)
        promote_locked(locked, by=by, now=now)
        if seats_taken(locked) >= locked.capacity:
            position = next_waitlist_position(locked)
            raise ReservationError("full_waitlist_offered", position=position, extra={"position": position})
        reservation = Reservation.objects.create(
            session=locked, member=member, reserved_by=by, company=company, status=Status.HELD
        )
        buyer = by if company is not None and by.pk != member.pk else member
        order = open_order(buyer=buyer, reservations=[reservation], provider=payment, now=now)
        if payment.confirms_immediately:
            _mark_paid(order, by=by, now=now, provider_reference="", kind=Kind.CONFIRMED)
        else:
            record_event(reservation, kind=Kind.HELD, from_status="", by=by, order=order, now=now)
    return order


def place_item_order(*, buyer, description, unit_price, provider, by, hold_minutes=None):
    """Sell something that is not a seat: a pending Order with one item line (no session).

    The order waits `hold_minutes` (default LUMINO_ORDER_HOLD_MINUTES) for its payment, then
    the sweep cancels it (order_released, reason "expired"). A provider that confirms on placing
    (free) pays it at once (order_paid); otherwise the buyer is e-mailed how to pay. Runs in the
    caller's transaction when there is one: the caller links its own record to the returned
    order there. A payment on placing is signalled before that link exists, so the caller
    checks `order.is_paid` on return rather than waiting for order_paid.
    Raises ReservationError (unknown_provider, provider_not_allowed, item_description_missing,
    item_price_invalid, item_hold_invalid).
    """
    payment = _payment_provider(provider)
    description = " ".join(str(description or "").split())
    if not description or len(description) > OrderLine._meta.get_field("description").max_length:
        raise ReservationError("item_description_missing")
    price = _item_price(unit_price)
    if hold_minutes is not None and (isinstance(hold_minutes, bool) or not isinstance(hold_minutes, int)):
        raise ReservationError("item_hold_invalid")
    if hold_minutes is not None and not 1 <= hold_minutes <= MAX_HOLD_MINUTES:
        raise ReservationError("item_hold_invalid")
    if not payment.accepts(price):
        amount = format_money(price, Order._meta.get_field("currency").default)
        raise ReservationError("item_provider_not_allowed", provider=payment.label, amount=amount)
    with transaction.atomic():
        now = timezone.now()
        order = Order.objects.create(
            member=buyer,
            total=price,
            provider=payment.code,
            expires_at=now + timedelta(minutes=hold_minutes or settings.LUMINO_ORDER_HOLD_MINUTES),
        )
        OrderLine.objects.create(order=order, kind=OrderLine.Kind.ITEM, description=description, unit_price=price)
        if payment.confirms_immediately:
            _mark_paid(order, by=by, now=now, provider_reference="", kind=Kind.CONFIRMED)
        else:
            send_item_order_email(order, "order_placed")
    return order


def _payment_provider(provider):
    payment = provider if isinstance(provider, PaymentProvider) else get_provider(provider)
    if payment is None:
        raise ReservationError("unknown_provider")
    return payment


def _item_price(value):
    """A price as the order stores it: not negative, cents at most, within the column's digits."""
    cent = Decimal("0.01")
    digits = OrderLine._meta.get_field("unit_price").max_digits
    try:
        price = Decimal(str(value))
        if not price.is_finite() or price < 0 or price != price.quantize(cent):
            raise ReservationError("item_price_invalid")
        price = price.quantize(cent)
    except (InvalidOperation, ValueError, TypeError):
        raise ReservationError("item_price_invalid") from None
    if len(price.as_tuple().digits) > digits:
        raise ReservationError("item_price_invalid")
    return price


def _session_ids(order):
    """The sessions an order's seats are in, to lock (item lines have none)."""
    return order.lines.filter(session__isnull=False).values_list("session_id", flat=True)


def confirm_payment(*, order, by, provider_reference=""):
    """Mark a pending order paid and confirm its held seats. Idempotent for a paid order.

    `by` is course staff (bank transfers confirmed in the admin), or None for a provider's
    verified callback. Raises forbidden, hold_expired (the hold ran out: the seats may be
    gone; refund through the provider), order_not_pending or BusyError.
    """
    if by is not None and not is_course_staff(by):
        raise ReservationError("forbidden")
    with locked_sessions(_session_ids(order)):
        order = Order.objects.select_for_update().get(pk=order.pk)
        now = timezone.now()
        if order.status == Order.Status.PAID:
            return order
        refuse_if(order.payment_refusal(now))
        _mark_paid(order, by=by, now=now, provider_reference=provider_reference, kind=Kind.PAID)
    return order


def _mark_paid(order, *, by, now, provider_reference, kind):
    order.status = Order.Status.PAID
    order.paid_at = now
    order.provider_reference = provider_reference or order.provider_reference
    order.save(update_fields=["status", "paid_at", "provider_reference"])
    for reservation in _line_reservations(order, Status.HELD):
        change_status(reservation, Status.CONFIRMED, kind=kind, by=by, order=order, now=now)
    if kind == Kind.PAID:
        send_item_order_email(order, "order_paid")
    order_paid.send(sender=Order, order=order, now=now)


def _line_reservations(order, status):
    return list(
        Reservation.objects.select_for_update(of=("self",))
        .select_related("session__course")
        .filter(order_lines__order=order, status=status)
        .order_by("pk")
    )


def cancel_order(*, order, by):
    """The buyer (or staff) gives up a pending order: its held seats go to the waiting list."""
    refuse_if(order.change_refusal(by))
    with locked_sessions(_session_ids(order)) as sessions:
        order = Order.objects.select_for_update().get(pk=order.pk)
        refuse_if(order.cancel_refusal(by))
        _cancel_pending(order, sessions, by=by, now=timezone.now(), reason="cancelled", kind=Kind.CANCELLED)
    return order


def _cancel_pending(order, sessions, *, by, now, reason, kind):
    order.status = Order.Status.CANCELLED
    order.cancelled_at = now
    order.cancel_reason = reason
    order.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    for reservation in _line_reservations(order, Status.HELD):
        change_status(reservation, Status.CANCELLED, kind=kind, by=by, order=order, now=now, cancelled_at=now)
    for session in sessions.values():
        promote_locked(session, by=by, now=now)
    if reason == "expired":
        send_item_order_email(order, "hold_expired")
    order_released.send(sender=Order, order=order, reason=reason, now=now)


def refund_order(*, order, by):
    """Staff record a refund of a paid order: its seats (not yet attended) are cancelled and freed.

    The money itself goes back through the provider (or the bank); this records it.
    """
    if not is_course_staff(by):
        raise ReservationError("forbidden")
    with locked_sessions(_session_ids(order)) as sessions:
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.PAID:
            raise ReservationError("order_not_pending", status=order.get_status_display().lower())
        now = timezone.now()
        order.status = Order.Status.REFUNDED
        order.refunded_at = now
        order.save(update_fields=["status", "refunded_at"])
        for reservation in _line_reservations(order, Status.CONFIRMED):
            change_status(
                reservation, Status.CANCELLED, kind=Kind.REFUNDED, by=by, order=order, now=now, cancelled_at=now
            )
        for session in sessions.values():
            promote_locked(session, by=by, now=now)
        order_released.send(sender=Order, order=order, reason="refunded", now=now)
    return order


def expire_unpaid_orders(now=None):
    """Cancel pending orders whose hold has run out, free their seats and promote the waiting lists.

    Each order in its own transaction; one that is busy is left for the next run. Returns the
    number expired. Registered as a sweep (courses/sweeps.py).
    """
    now = now or timezone.now()
    expired = 0
    for order in Order.objects.expired(now).order_by("expires_at")[:500]:
        try:
            with locked_sessions(_session_ids(order)) as sessions:
                order = Order.objects.select_for_update().get(pk=order.pk)
                if order.status != Order.Status.PENDING or order.expires_at > now:
                    continue
                _cancel_pending(order, sessions, by=None, now=now, reason="expired", kind=Kind.HOLD_EXPIRED)
                expired += 1
        except BusyError:
            logger.info("Order %s is busy; it will be expired on the next sweep.", order.pk)
    return expired


def orders_due_a_reminder(now=None):
    """Pending orders of slow payments (transfers) whose hold ends within the reminder lead time.

    Only holds longer than the lead time qualify (a short hold was just explained in the order
    e-mail), and only orders not reminded yet: `send_order_reminder` sets `reminder_sent_at`.
    """
    now = now or timezone.now()
    lead = timedelta(hours=settings.LUMINO_ORDER_REMINDER_HOURS_BEFORE)
    codes = [code for code, provider in providers().items() if provider.reminds_before_expiry]
    return Order.objects.filter(
        status=Order.Status.PENDING,
        provider__in=codes,
        reminder_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + lead,
        created_at__lte=F("expires_at") - lead,
    ).order_by("expires_at")


def release_order_line(reservation, *, now):
    """A held seat was cancelled on its own: shrink its pending order, or cancel it when empty.

    The caller holds the session lock of the reservation.
    """
    pending = Order.objects.select_for_update(of=("self",)).filter(
        lines__reservation=reservation, status=Order.Status.PENDING
    )
    for order in pending:
        remaining = [
            line
            for line in order.lines.select_related("reservation")
            if line.reservation and line.reservation.status in Reservation.SEAT_STATUSES
        ]
        if remaining:
            order.total = sum((line.amount for line in remaining), start=0)
            order.save(update_fields=["total"])
        else:
            order.status = Order.Status.CANCELLED
            order.cancelled_at = now
            order.cancel_reason = "cancelled"
            order.save(update_fields=["status", "cancelled_at", "cancel_reason"])
            order_released.send(sender=Order, order=order, reason="cancelled", now=now)
