"""The waiting list: promotion in order of arrival, and leaving it."""

import logging

from django.utils import timezone

from ..models import Reservation, ReservationEvent, Session
from ..payments import default_provider_for
from .history import change_status, open_order, record_event
from .locking import locked_session
from .rules import check_may_change, refuse_if, seats_taken

logger = logging.getLogger(__name__)


def promote_locked(session, *, by=None, now=None):
    """Give free seats to the earliest waiting people. The caller holds the session's lock.

    Free courses confirm the seat at once. Paid courses hold it with a pending order (default
    paid provider) that the person pays like any other; if the hold expires, the next person
    is promoted. Nobody is promoted once the session has started or if it is not scheduled.
    """
    now = now or timezone.now()
    if session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        return []
    free = session.capacity - seats_taken(session)
    if free <= 0:
        return []
    waiting = list(
        Reservation.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(session=session, status=Reservation.Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    provider = None if session.course.is_free else default_provider_for(session.course.price)
    if not session.course.is_free and provider is None:
        logger.error("No paid provider configured: cannot promote the waiting list of session %s", session.pk)
        return []
    for reservation in waiting:
        reservation.session = session
        if provider is None:
            change_status(
                reservation, Reservation.Status.CONFIRMED, kind=ReservationEvent.Kind.PROMOTED, by=by, now=now
            )
            continue
        reservation.status = Reservation.Status.HELD
        reservation.save(update_fields=["status", "updated_at"])
        order = open_order(buyer=reservation.member, reservations=[reservation], provider=provider, now=now)
        record_event(
            reservation,
            kind=ReservationEvent.Kind.PROMOTED,
            from_status=Reservation.Status.WAITLISTED,
            by=by,
            order=order,
            now=now,
        )
    return waiting


def promote_waiting_list(*, session, by=None):
    """Fill free seats of `session` from its waiting list, in order. Returns the promoted reservations.

    Takes the session lock itself (harmless when the caller already holds it). Each promoted
    person gets an e-mail after commit (with the calendar invitation, or payment instructions).
    """
    with locked_session(session) as locked:
        return promote_locked(locked, by=by)


def leave_waiting_list(*, reservation, by):
    """Take a waiting-list place back. Raises forbidden (403) or not_waitlisted."""
    check_may_change(reservation, by)
    with locked_session(reservation.session) as session:
        reservation = Reservation.objects.select_for_update(of=("self",)).get(pk=reservation.pk)
        reservation.session = session
        refuse_if(reservation.leave_refusal(by))
        now = timezone.now()
        change_status(
            reservation,
            Reservation.Status.CANCELLED,
            kind=ReservationEvent.Kind.LEFT_WAITLIST,
            by=by,
            now=now,
            cancelled_at=now,
        )
    return reservation
