"""Advisory sessions: the free slots of a mentor, booking one, cancelling, and the calendar link.

    free_slots(mentor, start, end, *, now=None) -> list[Slot]
    book_advisory(*, mentor, member, starts_at, topic, provider=None) -> Booking
    cancel_booking(*, booking, by) -> Booking            # .refund_by_staff tells a paid one apart
    confirm_paid_booking(*, order, now=None) / release_booking(*, order, reason, now=None)
    renew_feed_token(*, mentor, by) -> str               # the new token; the old link stops working

Every writer of a mentor's bookings locks her row first (with the lock timeout: BusyError, "try
again", rather than a hang) and re-checks under the lock; the partial unique constraint
(mentor, starts_at) over live bookings backs it, so a slot is never booked twice. E-mails are
written to the outbox inside the same transaction: they exist exactly when the change does.
"""

import datetime
import hashlib
import logging
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format

from courses.errors import busy_error
from courses.models import Order
from courses.payments import PaymentProvider, get_provider
from courses.services import cancel_order, place_item_order
from courses.services.locking import is_lock_failure

from . import emails
from .errors import MentorError
from .models import AvailabilityException, Booking, Mentor, closed_days, is_manager

logger = logging.getLogger(__name__)
TOPIC_LIMIT = 200
UTC = datetime.UTC


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime  # aware, UTC
    ends_at: datetime.datetime

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def key(self):
        """The value a form or an API client sends back: the start in UTC, ISO 8601."""
        return self.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def min_notice():
    return datetime.timedelta(hours=settings.LUMINO_ADVISORY_MIN_NOTICE_HOURS)


def horizon_end(now):
    """The last day slots are offered on (site time zone)."""
    return timezone.localdate(now) + datetime.timedelta(days=settings.LUMINO_ADVISORY_HORIZON_DAYS)


def offered_slots(mentor, start, end, *, now=None):
    """Every slot the mentor offers from day `start` to `end` (inclusive), booked or not.

    Weekly availability cut into advisory-length pieces in the site's time zone, minus her
    exceptions and the organisation's holidays, minus anything inside the minimum notice or past
    the horizon. Three queries whatever the range.
    """
    now = now or timezone.now()
    if not (mentor.active and mentor.takes_bookings):
        return []
    start = max(start, timezone.localdate(now))
    end = min(end, horizon_end(now))
    if end < start:
        return []
    zone = ZoneInfo(settings.TIME_ZONE)
    weekly = {}
    for slot in mentor.slots.all():
        weekly.setdefault(slot.weekday, []).append(slot)
    away = set(closed_days(start, end))
    for exception in AvailabilityException.objects.filter(mentor=mentor, starts_on__lte=end, ends_on__gte=start):
        day = max(exception.starts_on, start)
        while day <= min(exception.ends_on, end):
            away.add(day)
            day += datetime.timedelta(days=1)
    length = datetime.timedelta(minutes=mentor.advisory_minutes)
    earliest = now + min_notice()
    result = []
    day = start
    while day <= end:
        if day not in away:
            for slot in sorted(weekly.get(day.isoweekday(), []), key=lambda item: item.starts_at):
                result.extend(_pieces(day, slot, length, zone, earliest))
        day += datetime.timedelta(days=1)
    return sorted(set(result), key=lambda item: item.starts_at)


def _pieces(day, slot, length, zone, earliest):
    """One weekly slot on one day, cut into pieces; wall-clock times that a DST change skips are left out."""
    wall = datetime.datetime.combine(day, slot.starts_at)
    wall_end = datetime.datetime.combine(day, slot.ends_at)
    slot_end = _aware(wall_end, zone)
    while wall + length <= wall_end:
        starts = _aware(wall, zone)
        if starts is not None and slot_end is not None:
            utc_start = starts.astimezone(UTC)
            utc_end = utc_start + length
            if utc_start >= earliest and utc_end <= slot_end.astimezone(UTC):
                yield Slot(utc_start, utc_end)
        wall += length


def _aware(wall, zone):
    """`wall` in `zone`, or None when that local time does not exist (the hour skipped in spring)."""
    aware = wall.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return aware


def free_slots(mentor, start, end, *, now=None):
    """The slots of `offered_slots` that no live booking overlaps (one more query)."""
    now = now or timezone.now()
    offered = offered_slots(mentor, start, end, now=now)
    if not offered:
        return []
    taken = list(
        Booking.objects.blocking(now)
        .filter(mentor=mentor)
        .overlapping(offered[0].starts_at, offered[-1].ends_at)
        .values_list("starts_at", "ends_at")
    )
    return [slot for slot in offered if not any(s < slot.ends_at and e > slot.starts_at for s, e in taken)]


def upcoming_free_slots(mentor, *, now=None):
    """Free slots from today to the horizon."""
    now = now or timezone.now()
    return free_slots(mentor, timezone.localdate(now), horizon_end(now), now=now)


@contextmanager
def locked_mentor(mentor, member=None, *, order_id=None):
    """A transaction holding the mentor's row lock (then the member's, always in that order).

    The member's row is locked too so that one person booking two mentors at once cannot slip
    two overlapping advisories past the check. With `order_id`, that order is locked first: the
    courses services lock an order and then, through their signals, the mentor, so the same
    order here means a payment arriving meanwhile cannot deadlock with us. Lock failures become
    BusyError.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)", [f"{settings.LUMINO_LOCK_TIMEOUT_MS}ms"]
                    )
            if order_id is not None:
                Order.objects.select_for_update().filter(pk=order_id).exists()
            locked = Mentor.objects.select_for_update(of=("self",)).get(pk=mentor.pk)
            if member is not None:
                get_user_model().objects.select_for_update().filter(pk=member.pk).exists()
            yield locked
    except OperationalError as exc:
        if is_lock_failure(exc):
            raise busy_error() from exc
        raise


def when_label(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def clean_topic(topic):
    topic = " ".join((topic or "").split())
    if not topic:
        raise MentorError("topic_missing")
    if len(topic) > TOPIC_LIMIT:
        raise MentorError("topic_too_long", limit=TOPIC_LIMIT)
    return topic


def _payment(mentor, provider):
    if mentor.advisory_is_free:
        return None
    if not provider:
        raise MentorError("provider_needed")
    payment = provider if isinstance(provider, PaymentProvider) else get_provider(provider)
    if payment is None:
        raise MentorError("unknown_provider")
    if not payment.accepts(mentor.advisory_price):
        raise MentorError("provider_not_allowed", provider=payment.label)
    return payment


def book_advisory(*, mentor, member, starts_at, topic, provider=None):
    """Book the advisory of `mentor` starting at `starts_at` for `member`; returns the Booking.

    Under the mentor's lock: she takes bookings, the slot is one she offers (recomputed, never
    trusted from the request), outside the minimum notice, free, and the member has nothing else
    at that time. A free advisory is CONFIRMED and both people get the invitation; a paid one is
    HELD with a pending order (courses) through `provider`, until the order's hold runs out.

    Raises MentorError (topic_missing, topic_too_long, not_taking_bookings, own_advisory,
    too_short_notice, slot_not_offered, slot_taken, member_busy, provider_needed,
    unknown_provider, provider_not_allowed) or BusyError.
    """
    topic = clean_topic(topic)
    if timezone.is_naive(starts_at):
        raise MentorError("slot_not_offered", name=mentor.full_name, when=str(starts_at))
    starts_at = starts_at.astimezone(UTC)
    with locked_mentor(mentor, member) as locked:
        now = timezone.now()
        if not (locked.active and locked.takes_bookings):
            raise MentorError("not_taking_bookings", name=locked.full_name)
        if locked.user_id is not None and locked.user_id == member.pk:
            raise MentorError("own_advisory")
        if starts_at < now + min_notice():
            raise MentorError("too_short_notice", hours=settings.LUMINO_ADVISORY_MIN_NOTICE_HOURS)
        payment = _payment(locked, provider)
        day = timezone.localdate(starts_at)
        slot = next((s for s in offered_slots(locked, day, day, now=now) if s.starts_at == starts_at), None)
        if slot is None:
            raise MentorError("slot_not_offered", name=locked.full_name, when=when_label(starts_at))
        live = Booking.objects.blocking(now).overlapping(slot.starts_at, slot.ends_at)
        if live.filter(mentor=locked).exists():
            raise MentorError("slot_taken", when=when_label(starts_at))
        mine = live.filter(member=member).order_by("starts_at").first()
        if mine is not None:
            raise MentorError("member_busy", start=when_label(mine.starts_at), end=when_label(mine.ends_at))
        _release_lapsed_holds(locked, starts_at, now)
        booking = Booking(
            mentor=locked,
            member=member,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            topic=topic,
            status=Booking.Status.CONFIRMED if payment is None else Booking.Status.HELD,
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as exc:
            raise MentorError("slot_taken", when=when_label(starts_at)) from exc
        if payment is not None:
            # courses e-mails the member how to pay, with a link to the order page.
            booking.order = _place_order(booking, payment, now)
            if booking.order.is_paid:  # a provider that confirms on placing
                booking.status = Booking.Status.CONFIRMED
            booking.save(update_fields=["order", "status"])
        if booking.is_confirmed:
            emails.send_confirmation(booking)
    return booking


def _place_order(booking, payment, now):
    """A pending order for the advisory, held as long as the provider needs, but never past its start."""
    hold = min(payment.hold_period(), booking.starts_at - now)
    minutes = max(int(hold.total_seconds() // 60), settings.LUMINO_ORDER_HOLD_MINUTES)
    return place_item_order(
        buyer=booking.member,
        description=emails.order_description(booking),
        unit_price=booking.mentor.advisory_price,
        provider=payment,
        by=booking.member,
        hold_minutes=minutes,
    )


def _release_lapsed_holds(mentor, starts_at, now):
    """Held bookings of this slot whose order can no longer be paid give the slot up now, not at the sweep."""
    lapsed = Booking.objects.select_for_update(of=("self",)).filter(
        mentor=mentor, starts_at=starts_at, status=Booking.Status.HELD
    )
    for booking in lapsed.exclude(pk__in=Booking.objects.blocking(now).values("pk")):
        _cancel(booking, by=None, reason="expired", now=now)


def _cancel(booking, *, by, reason, now):
    was_confirmed = booking.is_confirmed
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    # An unpaid hold that ran out is told by courses' own "hold expired" e-mail about the order.
    if was_confirmed or reason != "expired":
        emails.send_cancellation(booking, was_confirmed=was_confirmed)


def cancel_booking(*, booking, by):
    """Cancel an advisory: the member (up to the minimum notice before a confirmed one starts),
    the mentor, or a manager, until it starts. The slot is free again at once.

    A held booking gives up its pending order. A paid, confirmed one is not refunded here: the
    returned booking has `refund_by_staff = True` and staff refund the order (courses).
    Raises MentorError (booking_forbidden, already_cancelled, already_started,
    too_late_to_cancel) or BusyError.
    """
    with locked_mentor(booking.mentor, order_id=booking.order_id) as mentor:
        booking = Booking.objects.select_for_update(of=("self",)).select_related("order").get(pk=booking.pk)
        booking.mentor = mentor
        now = timezone.now()
        refusal = booking.cancel_refusal(by, now)
        if refusal is not None:
            raise refusal
        role = booking.canceller_role(by)
        was_held, order = booking.is_held, booking.order
        booking.refund_by_staff = bool(order is not None and order.is_paid)
        _cancel(booking, by=by, reason=role, now=now)
        if was_held and order is not None and order.is_pending:
            # The buyer's own order: cancelled in her name, whoever called the advisory off.
            cancel_order(order=order, by=order.member)
    return booking


def _bookings_of(order):
    return list(Booking.objects.filter(order=order).select_related("mentor").order_by("pk"))


def confirm_paid_booking(*, order, now=None):
    """The order of a held booking was paid: confirm it and send the invitations.

    Runs inside the order's transaction (courses' order_paid signal). Idempotent.
    """
    now = now or timezone.now()
    for booking in _bookings_of(order):
        with locked_mentor(booking.mentor):
            booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
            if booking.is_held:
                booking.status = Booking.Status.CONFIRMED
                booking.save(update_fields=["status"])
                emails.send_confirmation(booking)
            elif booking.is_cancelled:
                # Unreachable while courses refuses payments after the hold: staff must refund it.
                logger.error("Order %s was paid for advisory %s, which is cancelled.", order.reference, booking.pk)


def release_booking(*, order, reason, now=None):
    """The order of a booking was cancelled, expired or refunded: cancel the booking, free the slot.

    Runs inside the order's transaction (courses' order_released signal). Idempotent.
    """
    now = now or timezone.now()
    for booking in _bookings_of(order):
        with locked_mentor(booking.mentor):
            booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
            # A refund after the advisory took place leaves its record as it was.
            if not booking.is_cancelled and booking.ends_at > now:
                _cancel(booking, by=None, reason=reason, now=now)


def feed_token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def renew_feed_token(*, mentor, by):
    """A new secret calendar link for `mentor` (herself or a manager); the previous one stops working."""
    if not (is_manager(by) or (mentor.user_id is not None and mentor.user_id == by.pk)):
        raise MentorError("not_a_mentor")
    token = secrets.token_urlsafe(32)
    mentor.feed_token = token
    mentor.feed_token_hash = feed_token_hash(token)
    mentor.save(update_fields=["feed_token", "feed_token_hash"])
    return token


def mentor_for_feed(token):
    """The mentor whose calendar link this is, or None. Looked up by the token's hash, so the
    database comparison reveals nothing about the token itself."""
    if not token or len(token) > 100:
        return None
    return Mentor.objects.filter(feed_token_hash=feed_token_hash(token)).first()
