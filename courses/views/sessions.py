"""A session's own page, reserving and buying a seat, booking colleagues, and the personal
fragment of a course page's session list.

Course pages are the same for everyone (cacheable); what depends on the visitor (their place,
the buttons they may use) comes from `course_sessions`, fetched by static/js/lumino.js. Without
JavaScript the list links to `session_detail`, which does everything with plain forms.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.errors import DomainError

from .. import services
from ..forms import ColleaguesForm, OrderForm, ReserveForm
from ..models import Company, CoursePage, Order, Reservation, Session
from ..payments import provider_of, providers_for
from .common import form_status, login_first


def _session_or_404(request, session_id):
    sessions = Session.objects.of_courses_visible_to(request.user).with_seats().select_related("course", "instructor")
    return get_object_or_404(sessions, pk=session_id)


def _render_session(request, session, *, reserve_form=None, order_form=None):
    course = session.course
    context = {
        "session": session,
        "course": course,
        "place": Reservation.objects.places_of(request.user, [session]).get(session.pk),
        "providers": [] if course.is_free else providers_for(course.price),
        "is_manager": Company.objects.managed_by(request.user).exists(),
        "login_next": request.path,
        "reserve_form": reserve_form,
        "order_form": order_form,
    }
    return render(request, "courses/reservations/session.html", context, status=form_status(reserve_form, order_form))


@never_cache
def session_detail(request, session_id):
    """GET: the session and the form that fits this visitor. POST: reserve a seat (or a waiting-list place)."""
    session = _session_or_404(request, session_id)
    if request.method != "POST":
        return _render_session(request, session)
    if not request.user.is_authenticated:
        return login_first(request)
    form = ReserveForm(request.POST)
    if form.is_valid():
        try:
            reservation = services.reserve_seat(
                session=session, member=request.user, by=request.user, join_waitlist=form.cleaned_data["join_waitlist"]
            )
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, reserved_message(reservation))
            return redirect("courses:session", session_id=session.pk)
    return _render_session(request, session, reserve_form=form)


def reserved_message(reservation):
    if reservation.status == Reservation.Status.WAITLISTED:
        return _("You are on the waiting list, in position %(position)s. We will e-mail you if a seat frees up.") % {
            "position": reservation.waitlist_position
        }
    return _("Your seat is confirmed. We have e-mailed you the details and a calendar invitation.")


@never_cache
@require_POST
def place_order(request, session_id):
    """Buy a seat in a paid session: the seat is held while the order waits for payment."""
    session = _session_or_404(request, session_id)
    if not request.user.is_authenticated:
        return login_first(request, reverse("courses:session", args=[session.pk]))
    form = OrderForm(request.POST, course=session.course)
    if form.is_valid():
        try:
            order = services.place_order(
                session=session, member=request.user, provider=form.cleaned_data["provider"], by=request.user
            )
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            step = provider_of(order).start(order, request)
            if step.redirect_url:
                # A card gateway's hosted page, named by the provider's code, never by the request.
                return redirect(step.redirect_url)
            messages.success(request, step.message or _("Your order has been placed."))
            return redirect("courses:order", reference=order.reference)
    return _render_session(request, session, order_form=form)


@never_cache
@login_required
def reserve_for_colleagues(request, session_id):
    """A company manager books seats for people of the companies they manage."""
    session = _session_or_404(request, session_id)
    companies = Company.objects.managed_by(request.user)
    if not companies.exists():
        raise PermissionDenied
    colleagues = companies.active_members()
    taken = Reservation.objects.active().filter(session=session)
    form = ColleaguesForm(
        request.POST if request.method == "POST" else None,
        colleagues=colleagues.exclude(pk__in=taken.values("member")),
        course=session.course,
    )
    if request.method == "POST" and form.is_valid():
        try:
            reservations = services.reserve_seats_for_colleagues(
                session=session,
                members=list(form.cleaned_data["members"]),
                by=request.user,
                join_waitlist=form.cleaned_data["join_waitlist"],
                provider=form.cleaned_data.get("provider"),
            )
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            return _after_colleagues(request, session, reservations)
    places = list(
        taken.filter(member__in=colleagues)
        .with_queue_positions()
        .select_related("member")
        .order_by("member__first_name")
    )
    booked = [place for place in places if place.status != Reservation.Status.WAITLISTED]
    waiting = sorted((place for place in places if place not in booked), key=lambda place: place.queue_position)
    context = {"session": session, "course": session.course, "form": form, "booked": booked, "waiting": waiting}
    return render(request, "courses/reservations/colleagues.html", context, status=form_status(form))


def _after_colleagues(request, session, reservations):
    counts = dict.fromkeys(Reservation.Status, 0)
    for reservation in reservations:
        counts[reservation.status] += 1
    held = [r for r in reservations if r.status == Reservation.Status.HELD]
    messages.success(
        request,
        _("Booked: %(seats)s with a seat, %(waiting)s on the waiting list.")
        % {"seats": counts["confirmed"] + counts["held"], "waiting": counts["waitlisted"]},
    )
    order = Order.objects.visible_to(request.user).filter(lines__reservation=held[0]).first() if held else None
    if order is not None:
        return redirect("courses:order", reference=order.reference)
    return redirect("courses:colleagues", session_id=session.pk)


@never_cache
def course_sessions(request, page_id):
    """The visitor's view of a course's upcoming sessions: their places and the buttons they may use."""
    course = get_object_or_404(CoursePage.objects.visible_to(request.user), pk=page_id)
    sessions = list(course.sessions.upcoming().with_seats().select_related("instructor"))
    places = Reservation.objects.places_of(request.user, sessions)
    for session in sessions:
        session.course = course
        session.my_place = places.get(session.pk)
    context = {
        "sessions": sessions,
        "course": course,
        "personal": True,
        "providers": [] if course.is_free else providers_for(course.price),
        "is_manager": Company.objects.managed_by(request.user).exists(),
        "login_next": course.get_url(request),
    }
    return render(request, "courses/includes/session_items.html", context)
