"""Booking an advisory, cancelling it, and a mentor's private calendar feed.

Mentor pages are the same for everyone (cacheable): they list the free slots, and the form with
its CSRF token (the personal part) comes from `booking_panel`, fetched by static/js/lumino.js.
Without JavaScript the page links to `book`, which does everything with a plain form.
"""

from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.views.common import form_status, login_first, next_url
from portal.errors import DomainError

from . import bookings
from .booking_forms import BookingForm, ConfirmForm
from .ics import build_feed
from .models import Booking, Mentor

FEED_PAST_DAYS = 30


def slot_days(slots):
    """[(date, [Slot, …]), …] in the site's time zone, for the day-by-day list."""
    return [(day, list(items)) for day, items in groupby(slots, key=lambda slot: slot.local_start.date())]


def booking_context(request, mentor, form=None, *, personal=True):
    """What mentors/includes/booking.html needs; `personal=False` for the shared page (no form, no user)."""
    context = {
        "mentor": mentor,
        "days": slot_days(bookings.upcoming_free_slots(mentor)),
        "personal": personal,
        "login_next": reverse("mentors:book", args=[mentor.pk]),
    }
    if personal:
        form = form or BookingForm(mentor=mentor)
        page = getattr(mentor, "page", None)
        context["form"] = form
        context["chosen"] = form.data.get("starts_at", "") if form.is_bound else ""
        context["page_url"] = page.get_url(request) if page is not None and page.live else ""
    return context


def _mentor_or_404(mentor_id):
    mentors = Mentor.objects.active().select_related("page").prefetch_related("slots")
    return get_object_or_404(mentors, pk=mentor_id)


@never_cache
@require_GET
def booking_panel(request, mentor_id):
    """The personal part of a mentor page's booking section: the form for members, the login link for visitors."""
    mentor = _mentor_or_404(mentor_id)
    return render(request, "mentors/includes/booking.html", booking_context(request, mentor))


@never_cache
def book(request, mentor_id):
    """GET: the free slots and the form. POST: book one (PRG to My Lumino), or show why not (4xx)."""
    mentor = _mentor_or_404(mentor_id)
    if request.method == "POST" and not request.user.is_authenticated:
        return login_first(request, reverse("mentors:book", args=[mentor.pk]))
    form = BookingForm(request.POST if request.method == "POST" else None, mentor=mentor)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                booking = bookings.book_advisory(
                    mentor=mentor,
                    member=request.user,
                    starts_at=form.cleaned_data["starts_at"],
                    topic=form.cleaned_data["topic"],
                    provider=form.cleaned_data.get("provider"),
                )
            except DomainError as exc:
                form.add_refusal(exc)
            else:
                return _after_booking(request, booking)
        status = form_status(form) if form.refusal else 400
    return render(request, "mentors/book.html", booking_context(request, mentor, form), status=status)


def _after_booking(request, booking):
    if booking.is_held:
        messages.success(
            request, _("We are holding this advisory for you: pay the order to confirm it before the hold runs out.")
        )
        return redirect("courses:order", reference=booking.order.reference)
    messages.success(request, _("Your advisory is booked. We have e-mailed you the details and a calendar invitation."))
    return redirect(reverse("accounts:dashboard") + "#advisories")


@never_cache
@login_required
def cancel_booking(request, pk):
    """GET asks "are you sure?"; POST cancels, and the slot is free again."""
    visible = Booking.objects.visible_to(request.user).select_related("mentor__page", "member", "order")
    booking = get_object_or_404(visible, pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    back = next_url(request, reverse("accounts:dashboard") + "#advisories")
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = bookings.cancel_booking(booking=booking, by=request.user)
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The advisory has been cancelled; we have let the other person know."))
            if cancelled.refund_by_staff:
                messages.info(request, _("It was paid: our staff will handle the refund."))
            return redirect(back)
    refusal = booking.cancel_refusal(request.user)
    context = {"booking": booking, "form": form, "refusal": refusal, "allowed": refusal is None, "next": back}
    return render(request, "mentors/cancel_booking.html", context, status=form_status(form))


@never_cache
@login_required
@require_POST
def renew_feed(request):
    """The mentor herself asks for a new calendar link; the old one stops working."""
    mentor = Mentor.objects.filter(user=request.user).first()
    if mentor is None:
        raise Http404
    bookings.renew_feed_token(mentor=mentor, by=request.user)
    messages.success(request, _("Your calendar has a new link. The previous one no longer works."))
    return redirect(reverse("accounts:dashboard") + "#advisories")


@require_GET
def feed(request, token):
    """A mentor's private agenda (iCalendar), from 30 days ago onwards. 404 for an unknown or old link."""
    mentor = bookings.mentor_for_feed(token)
    if mentor is None or not mentor.active:
        raise Http404
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    rows = (
        Booking.objects.filter(mentor=mentor, status__in=Booking.LIVE_STATUSES, ends_at__gt=since)
        .select_related("member")
        .order_by("starts_at", "pk")
    )
    response = HttpResponse(build_feed(mentor, rows), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
