"""The mentors app's part of "My Lumino": a member's advisories and, for a mentor, the ones booked with her.

One query for the member's rows and one for the mentor's, however many rows they show.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import Panel
from portal.site_url import absolute_url

from .models import Booking, Mentor, MentorIndexPage

ROWS = 20


def feed_url(mentor):
    return absolute_url(reverse("mentors:feed", args=[mentor.feed_token])) if mentor.feed_token else ""


def _with_actions(rows, user):
    for booking in rows:
        booking.can_cancel = booking.may_cancel(user)
    return rows


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    now = timezone.now()
    mine = _with_actions(
        list(
            Booking.objects.filter(member=user)
            .upcoming(now)
            .select_related("mentor__page", "mentor__user", "order")
            .order_by("starts_at", "pk")[:ROWS]
        ),
        user,
    )
    mentor = Mentor.objects.filter(user=user).first()
    context = {"bookings": mine, "mentor": mentor, "now": now}
    if mentor is not None:
        with_me = list(
            Booking.objects.filter(mentor=mentor, status__in=Booking.LIVE_STATUSES)
            .upcoming(now)
            .select_related("member", "order")
            .order_by("starts_at", "pk")[:ROWS]
        )
        for booking in with_me:
            booking.mentor = mentor
        context["with_me"] = _with_actions(with_me, user)
        context["feed_url"] = feed_url(mentor)
    elif not mine:
        directory = MentorIndexPage.objects.live().first()
        context["directory_url"] = directory.get_url(request) if directory else ""
    return [Panel(_("My advisories"), "mentors/dashboard/advisories.html", context, order=35)]
