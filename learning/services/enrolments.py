"""Enrolments follow seats: a confirmed, paid or attended seat enrols, a cancelled one ends it."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Reservation, Session
from courses.services import is_course_staff

from ..errors import LearningError
from ..models import Enrolment

ENROLLING = (Reservation.Status.CONFIRMED, Reservation.Status.ATTENDED)


def person_name(user):
    return user.get_full_name() or user.email


def sync_enrolment(reservation):
    """Bring the member's enrolment in line with the reservation's status.

    Called inside the transaction that saves the reservation (learning/signals.py), so a seat
    and its enrolment are written, or rolled back, together. Idempotent. A held seat (waiting
    for payment) and a waiting-list place do not enrol; enrolments made by hand by staff are
    left alone when a seat is cancelled.
    """
    active = Enrolment.objects.active().filter(member_id=reservation.member_id, session_id=reservation.session_id)
    if reservation.status in ENROLLING:
        if not active.exists():
            Enrolment.objects.create(
                member_id=reservation.member_id,
                session_id=reservation.session_id,
                course_id=Session.objects.values_list("course_id", flat=True).get(pk=reservation.session_id),
                reservation=reservation,
                source=Enrolment.Source.RESERVATION,
                enrolled_by_id=reservation.reserved_by_id,
            )
        return
    if reservation.status == Reservation.Status.CANCELLED:
        active.filter(source=Enrolment.Source.RESERVATION).update(
            status=Enrolment.Status.ENDED, ended_at=timezone.now()
        )


def enrol_member(*, session, member, by):
    """Staff enrol a member in a session by hand, without a seat. Raises forbidden, session_cancelled,
    already_enrolled."""
    if not is_course_staff(by):
        raise LearningError("forbidden")
    if session.status == Session.Status.CANCELLED:
        raise LearningError("session_cancelled")
    try:
        with transaction.atomic():
            if Enrolment.objects.active().filter(member=member, session=session).exists():
                raise LearningError("already_enrolled", name=person_name(member))
            return Enrolment.objects.create(
                member=member,
                session=session,
                course_id=session.course_id,
                source=Enrolment.Source.MANUAL,
                enrolled_by=by,
            )
    except IntegrityError as exc:  # another request enrolled the same person meanwhile
        raise LearningError("already_enrolled", name=person_name(member)) from exc


def end_enrolment(*, enrolment, by):
    """Staff end an enrolment (whatever made it). Progress and grades are kept."""
    if not is_course_staff(by):
        raise LearningError("forbidden")
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if not enrolment.is_active:
            raise LearningError("not_active")
        enrolment.status = Enrolment.Status.ENDED
        enrolment.ended_at = timezone.now()
        enrolment.save(update_fields=["status", "ended_at"])
    return enrolment
