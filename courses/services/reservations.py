"""Reserving seats, for oneself or for colleagues, cancelling, confirming and attendance."""

from django.utils import timezone

from ..errors import ReservationError
from ..models import Company, Reservation, ReservationEvent
from ..payments import default_provider_for, get_provider
from .history import change_status, open_order, record_event
from .locking import locked_session
from .orders import release_order_line
from .rules import (
    check_may_change,
    check_not_reserved,
    check_prerequisites,
    check_session_open,
    company_for,
    is_course_staff,
    next_waitlist_position,
    person_name,
    refuse_if,
    seats_taken,
)
from .waitlist import promote_locked

Status = Reservation.Status
Kind = ReservationEvent.Kind


def reserve_seat(*, session, member, by, join_waitlist=True):
    """Reserve a seat in `session` for `member`, acting as `by`; returns the Reservation.

    One transaction locks the session row, then re-checks everything (session open, deadline,
    no active reservation, prerequisites) and counts the seats taken under the lock before
    writing. Every writer of seats takes the same lock, so the capacity is never exceeded
    whatever the concurrency; the partial unique constraint backs "one place per person".

    A free seat is CONFIRMED; a full session puts the member on the waiting list (WAITLISTED)
    or, with join_waitlist=False, raises "full" with extra={"position": n}. Paid courses need
    place_order (payment_required) unless `by` is course staff. The e-mail is sent after commit.

    Raises ReservationError (not_company_colleague, session_cancelled, session_closed,
    deadline_passed, already_reserved, prerequisite_missing, payment_required, full) or
    BusyError when the lock is not free within LUMINO_LOCK_TIMEOUT_MS.
    """
    company = company_for(by=by, member=member)
    with locked_session(session) as locked:
        now = timezone.now()
        check_session_open(locked, now)
        check_not_reserved(locked, member)
        check_prerequisites(locked, member)
        # People already waiting get freed seats before a newcomer does.
        promote_locked(locked, by=by, now=now)
        reservation = Reservation(session=locked, member=member, reserved_by=by, company=company)
        if seats_taken(locked) < locked.capacity:
            if not locked.course.is_free and not is_course_staff(by):
                raise ReservationError("payment_required")
            change_status(reservation, Status.CONFIRMED, kind=Kind.CONFIRMED, by=by, now=now)
            return reservation
        position = next_waitlist_position(locked)
        if not join_waitlist:
            raise ReservationError("full_waitlist_offered", position=position, extra={"position": position})
        change_status(reservation, Status.WAITLISTED, kind=Kind.WAITLISTED, by=by, now=now, waitlisted_at=now)
        return reservation


def reserve_seats_for_colleagues(*, session, members, by, join_waitlist=True, provider=None):
    """A company manager reserves for people of the companies they manage; all or nothing.

    Each person gets a seat while seats last (CONFIRMED, or HELD in one pending order paid by
    the manager when the course is paid, through `provider` or the default paid one), then a
    waiting-list place in the order given. Nobody is booked if anyone is refused: the error's
    extra["people"] maps each refused person's id to {"code", "message"}.
    """
    people = list({person.pk: person for person in members}.values())
    if not people:
        raise ReservationError("no_members")
    memberships = dict(
        Company.members.through.objects.filter(company__managers=by, user__in=people)
        .order_by("-company_id")
        .values_list("user_id", "company_id")
    )
    outsiders = [person for person in people if person.pk not in memberships]
    if outsiders:
        names = ", ".join(person_name(person) for person in outsiders)
        error = ReservationError("not_company_colleague", names=names)
        error.extra = {"people": {str(p.pk): {"code": error.code, "message": str(error.message)} for p in outsiders}}
        raise error
    with locked_session(session) as locked:
        now = timezone.now()
        check_session_open(locked, now)
        _check_each(locked, people)
        payment = _colleague_provider(locked, provider)
        promote_locked(locked, by=by, now=now)
        free = locked.capacity - seats_taken(locked)
        if not join_waitlist and free < len(people):
            position = next_waitlist_position(locked)
            raise ReservationError("full_waitlist_offered", position=position, extra={"position": position})
        reservations, held = [], []
        for person in people:
            reservation = Reservation(session=locked, member=person, reserved_by=by, company_id=memberships[person.pk])
            if free > 0 and payment is not None:
                reservation.status = Status.HELD
                reservation.save()
                held.append(reservation)
            elif free > 0:
                change_status(reservation, Status.CONFIRMED, kind=Kind.CONFIRMED, by=by, now=now)
            else:
                change_status(reservation, Status.WAITLISTED, kind=Kind.WAITLISTED, by=by, now=now, waitlisted_at=now)
            free -= 1
            reservations.append(reservation)
        if held:
            order = open_order(buyer=by, reservations=held, provider=payment, now=now)
            for reservation in held:
                record_event(reservation, kind=Kind.HELD, from_status="", by=by, order=order, now=now)
        return reservations


def _check_each(session, people):
    problems = {}
    for person in people:
        try:
            check_not_reserved(session, person)
            check_prerequisites(session, person)
        except ReservationError as exc:
            problems[person.pk] = exc
    if problems:
        details = " ".join(str(exc.message) for exc in problems.values())
        error = ReservationError("colleagues_refused", details=details)
        error.code = next(iter(problems.values())).code
        error.extra = {
            "people": {str(pk): {"code": exc.code, "message": str(exc.message)} for pk, exc in problems.items()}
        }
        raise error


def _colleague_provider(session, code):
    """None for free courses; otherwise the provider the manager's order will use."""
    if session.course.is_free:
        return None
    provider = get_provider(code) if code else default_provider_for(session.course.price)
    if provider is None:
        raise ReservationError("unknown_provider")
    if not provider.accepts(session.course.price):
        raise ReservationError("provider_not_allowed", provider=provider.label)
    return provider


def cancel_reservation(*, reservation, by):
    """Cancel a seat or waiting-list place and give a freed seat to the next person waiting.

    Allowed to the member, the manager who booked it, and course staff. Members and managers
    may cancel until the session's reservation deadline (which defaults to its start); staff
    until the session ends. A HELD seat leaves its pending order (the order is cancelled when no
    seat is left in it). Paid seats are not refunded here: staff use refund_order.
    Raises forbidden (403), not_cancellable or BusyError.
    """
    check_may_change(reservation, by)
    with locked_session(reservation.session) as session:
        reservation = Reservation.objects.select_for_update(of=("self",)).get(pk=reservation.pk)
        reservation.session = session
        now = timezone.now()
        refuse_if(reservation.cancel_refusal(by, now))
        freed, was_held = reservation.holds_seat, reservation.status == Status.HELD
        change_status(reservation, Status.CANCELLED, kind=Kind.CANCELLED, by=by, now=now, cancelled_at=now)
        if was_held:
            release_order_line(reservation, now=now)
        if freed:
            promote_locked(session, by=by, now=now)
    return reservation


def confirm_reservation(*, reservation, by):
    """Staff give a waiting person a free seat now (out of turn). Confirmed ones are left as they are."""
    if not is_course_staff(by):
        raise ReservationError("forbidden")
    with locked_session(reservation.session) as session:
        reservation = Reservation.objects.select_for_update(of=("self",)).get(pk=reservation.pk)
        reservation.session = session
        if reservation.status in (Status.CONFIRMED, Status.ATTENDED):
            return reservation
        if reservation.status != Status.WAITLISTED:
            raise ReservationError("not_waitlisted")
        if seats_taken(session) >= session.capacity:
            raise ReservationError("full")
        change_status(reservation, Status.CONFIRMED, kind=Kind.CONFIRMED, by=by)
    return reservation


def mark_attended(*, reservation, by):
    """Staff record that a confirmed member came, once the session has started. Idempotent."""
    if not is_course_staff(by):
        raise ReservationError("forbidden")
    with locked_session(reservation.session) as session:
        reservation = Reservation.objects.select_for_update(of=("self",)).get(pk=reservation.pk)
        reservation.session = session
        if reservation.status == Status.ATTENDED:
            return reservation
        if reservation.status != Status.CONFIRMED:
            raise ReservationError("not_confirmed")
        if session.starts_at > timezone.now():
            raise ReservationError("not_started")
        change_status(reservation, Status.ATTENDED, kind=Kind.ATTENDED, by=by)
    return reservation
