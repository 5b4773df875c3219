"""The courses app's part of "My Lumino" and of the home page greeting.

Each panel runs a fixed number of queries however many rows it shows: positions and pending
orders are annotations, courses come with their images, tags and sessions prefetched.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from accounts.dashboard import GreetingItem, Panel

from .models import Company, CoursePage, CoursePageTag, Order, OrderLine, Reservation, Session

Status = Reservation.Status
User = get_user_model()
RECOMMENDED = 3
ORDERS_SHOWN = 5
COMPANY_ROWS = 50
SOON = timedelta(days=14)


def _upcoming_places(user, now):
    """The user's seats and waiting-list places in sessions still ahead, soonest first (one query)."""
    places = Reservation.objects.active().filter(
        member=user, session__status=Session.Status.SCHEDULED, session__starts_at__gt=now
    )
    places = places.with_queue_positions().with_order_to_pay(user).select_related("session__course")
    return list(places.order_by("session__starts_at", "pk"))


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    now = timezone.now()
    places = _upcoming_places(user, now)
    seats = [place for place in places if place.status != Status.WAITLISTED]
    waiting = [place for place in places if place.status == Status.WAITLISTED]
    result = [
        Panel(_("My reservations"), "courses/dashboard/reservations.html", {"reservations": seats}, order=10),
    ]
    if waiting:
        result.append(
            Panel(_("My waiting lists"), "courses/dashboard/waiting_list.html", {"reservations": waiting}, order=20)
        )
    orders = _orders(user)
    if orders:
        result.append(Panel(_("My orders"), "courses/dashboard/orders.html", {"orders": orders}, order=30))
    companies = list(Company.objects.managed_by(user).order_by("name"))
    if companies:
        context = {"companies": companies, **_company_enrolments(companies, now)}
        result.append(Panel(_("My company's enrolments"), "courses/dashboard/company.html", context, order=40))
    courses, from_interests = _recommended(user, now)
    if courses:
        context = {"courses": courses, "from_interests": from_interests}
        result.append(Panel(_("Recommended for you"), "courses/dashboard/recommended.html", context, order=50))
    return result


def _orders(user):
    pending_first = Case(
        When(status=Order.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    orders = Order.objects.filter(member=user).order_by(pending_first, "-created_at")[:ORDERS_SHOWN]
    lines = Prefetch("lines", queryset=OrderLine.objects.select_related("session__course").order_by("pk"))
    return list(orders.prefetch_related(lines))


def _company_enrolments(companies, now):
    """Colleagues' places in sessions from a month ago onwards (recent attendance included)."""
    rows = (
        Reservation.objects.filter(member__in=User.objects.filter(companies__in=companies))
        .with_queue_positions()
        .filter(status__in=Reservation.ACTIVE_STATUSES, session__starts_at__gt=now - timedelta(days=30))
        .select_related("member", "session__course")
        .order_by("session__starts_at", "member__first_name", "pk")
    )
    rows = list(rows[: COMPANY_ROWS + 1])
    return {"enrolments": rows[:COMPANY_ROWS], "more_enrolments": len(rows) > COMPANY_ROWS}


def _recommended(user, now):
    """Upcoming courses tagged with the user's interests, then (fallback) the soonest ones.

    Courses where the user already holds a place are left out. Returns (courses, from_interests).
    """
    upcoming = Session.objects.upcoming(now).filter(course=OuterRef("pk"))
    mine = Reservation.objects.active().filter(member=user, session__course=OuterRef("pk"))
    courses = (
        CoursePage.objects.visible_to(user)
        .filter(Exists(upcoming))
        .exclude(Exists(mine))
        .annotate(next_start=Subquery(upcoming.values("starts_at")[:1]))
        .select_related("category")
        .order_by("next_start", "title")
    )
    interests = list(user.interests.values_list("pk", flat=True))
    chosen = []
    if interests:
        tagged = CoursePageTag.objects.filter(content_object=OuterRef("pk"), tag_id__in=interests)
        chosen = list(courses.filter(Exists(tagged))[:RECOMMENDED])
    from_interests = bool(chosen)
    if not chosen:
        chosen = list(courses[:RECOMMENDED])
    images = get_image_model().objects.prefetch_renditions()
    prefetch_related_objects(
        chosen,
        Prefetch("image", queryset=images),
        Prefetch("og_image", queryset=images),
        "tags",
        Prefetch("sessions", queryset=Session.objects.upcoming(now).with_seats(), to_attr="upcoming_sessions"),
    )
    return chosen, from_interests


def greeting_items(request):
    """Up to three "what is next" lines: a session soon, an order to pay, a waiting-list place."""
    user = request.user
    if not user.is_authenticated:
        return []
    now = timezone.now()
    items = []
    places = _upcoming_places(user, now)
    soon = next((p for p in places if p.status == Status.CONFIRMED and p.session.starts_at < now + SOON), None)
    if soon is not None:
        text = format_lazy(_("Your next session: {course}"), course=soon.session.course.title)
        items.append(GreetingItem(text=text, url=soon.session.course.get_url(request), when=soon.session.starts_at))
    seats = OrderLine.objects.filter(order=OuterRef("pk"), kind=OrderLine.Kind.SEAT)
    order = (
        Order.objects.awaiting_payment(now)
        .filter(member=user)
        .annotate(holds_seats=Exists(seats))
        .order_by("expires_at")
        .first()
    )
    if order is not None:
        if order.holds_seats:
            text = format_lazy(_("Pay order {reference} before the seat is released"), reference=order.reference)
        else:
            text = format_lazy(_("Pay order {reference} before it is cancelled"), reference=order.reference)
        url = reverse("courses:order", args=[order.reference])
        items.append(GreetingItem(text=text, url=url, when=order.expires_at))
    waiting = next((p for p in places if p.status == Status.WAITLISTED), None)
    if waiting is not None:
        text = format_lazy(
            _("You are number {position} on the waiting list for {course}"),
            position=waiting.queue_position,
            course=waiting.session.course.title,
        )
        items.append(GreetingItem(text=text, url=waiting.session.course.get_url(request), when=None))
    return items[:3]
