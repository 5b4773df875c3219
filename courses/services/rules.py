"""Checks the services run (most of them under the session lock) before writing anything."""

from django.db.models import Q

from ..errors import ReservationError
from ..models import Company, Reservation, is_course_staff


def person_name(user):
    return user.get_full_name() or user.email


def company_for(*, by, member):
    """The company through which `by` may book for `member` (None when booking for oneself or as staff).

    Raises not_company_colleague (403) unless `by` manages a company that `member` belongs to.
    """
    company = Company.objects.managed_by(by).filter(members=member).order_by("pk").first()
    if company is None and by.pk != member.pk and not is_course_staff(by):
        raise ReservationError("not_company_colleague", names=person_name(member))
    return company


def refuse_if(refusal):
    """Raise the refusal a model's rule returned (see the `*_refusal` methods), if any."""
    if refusal is not None:
        raise refusal


def check_session_open(session, now=None):
    """Sessions take reservations while scheduled and before their reservation deadline."""
    refuse_if(session.reservation_refusal(now))


def check_not_reserved(session, member):
    statuses = set(session.reservations.active().filter(member=member).values_list("status", flat=True))
    if statuses == {Reservation.Status.WAITLISTED}:
        raise ReservationError("already_waitlisted", name=person_name(member))
    if statuses:
        raise ReservationError("already_reserved", name=person_name(member))


def missing_prerequisites(session, member):
    """Required courses the member has not done.

    A required course counts as done when the member attended any of its sessions, or holds a
    confirmed seat in one that ends before this session starts (so a learner can book a
    path of courses in advance).
    """
    required = list(session.course.requires_courses.order_by("title").values_list("pk", "title"))
    if not required:
        return []
    done = set(
        Reservation.objects.filter(member=member, session__course_id__in=[pk for pk, _title in required])
        .filter(
            Q(status=Reservation.Status.ATTENDED)
            | Q(status=Reservation.Status.CONFIRMED, session__ends_at__lte=session.starts_at)
        )
        .values_list("session__course_id", flat=True)
    )
    return [title for pk, title in required if pk not in done]


def check_prerequisites(session, member):
    missing = missing_prerequisites(session, member)
    if missing:
        raise ReservationError("prerequisite_missing", name=person_name(member), courses=", ".join(missing))


def seats_taken(session):
    """The capacity guard: counted under the session lock, never from a cached value."""
    return Reservation.objects.filter(session=session, status__in=Reservation.SEAT_STATUSES).count()


def next_waitlist_position(session):
    return Reservation.objects.filter(session=session, status=Reservation.Status.WAITLISTED).count() + 1


def check_may_change(reservation, by):
    """The member, the person who booked it (a company manager) or course staff."""
    refuse_if(reservation.change_refusal(by))
