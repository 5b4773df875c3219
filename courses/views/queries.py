"""Reads for one person, shared by the HTML views, the API and the dashboard.

Everything a person reaches by id goes through these scoped querysets, and the annotations
here let listings show waiting-list positions and pending orders without a query per row.
"""

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Now

from ..models import Company, CoursePage, Order, OrderLine, Reservation, Session

Status = Reservation.Status


def published_courses():
    return CoursePage.objects.live().public()


def published_sessions():
    """Sessions of live, public courses: the only ones anybody can open or reserve by id."""
    return Session.objects.filter(course__in=published_courses())


def with_positions(reservations):
    """Annotate `queue_position` (1 = next to be promoted) on waiting reservations, None on others."""
    ahead = (
        Reservation.objects.filter(session=OuterRef("session"), status=Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session")
        .annotate(count=Count("pk"))
        .values("count")
    )
    position = Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1
    return reservations.annotate(
        queue_position=Case(When(status=Status.WAITLISTED, then=position), default=None, output_field=IntegerField())
    )


def with_pending_order(reservations, buyer):
    """Annotate `pending_order`: the reference of `buyer`'s unpaid order holding the seat, if any.

    A seat a company manager bought for a colleague is the manager's to pay: the colleague gets no link.
    """
    pending = OrderLine.objects.filter(
        reservation=OuterRef("pk"), order__status=Order.Status.PENDING, order__member=buyer, order__expires_at__gt=Now()
    )
    return reservations.annotate(pending_order=Subquery(pending.order_by("-order_id").values("order__reference")[:1]))


def own_reservations(user):
    """The places a person holds, plus the ones they booked for colleagues."""
    if not user.is_authenticated:
        return Reservation.objects.none()
    return Reservation.objects.filter(Q(member=user) | Q(reserved_by=user))


def places_by_session(user, sessions):
    """{session id: the user's active reservation} for these sessions, in one query."""
    if not user.is_authenticated or not sessions:
        return {}
    places = with_pending_order(
        with_positions(Reservation.objects.active().filter(member=user, session__in=[s.pk for s in sessions])),
        buyer=user,
    )
    return {place.session_id: place for place in places}


def is_company_manager(user):
    return user.is_authenticated and Company.objects.managed_by(user).exists()


def colleagues_of(user):
    """People of the companies `user` manages, the manager included when a member too."""
    return (
        get_user_model()
        .objects.filter(is_active=True, companies__in=Company.objects.managed_by(user))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
