"""Calendar files for advisories: the invitation and its cancellation, and a mentor's private feed."""

from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, vCalAddress, vText

from portal.site_url import absolute_url, site_hostname


def booking_uid(booking):
    """Stable per booking: the cancellation and the feed name the same calendar entry as the invitation."""
    return f"advisory-{booking.pk}@{site_hostname()}"


def _calendar(method=None):
    calendar = Calendar()
    calendar.add("prodid", "-//Lumino//Mentors//ES")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _event(booking, summary, description):
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    return event


def build_booking_ics(booking, *, method="REQUEST"):
    """The invitation (REQUEST, SEQUENCE 0) or its withdrawal (CANCEL, SEQUENCE 1) sent by e-mail."""
    calendar = _calendar(method)
    description = [booking.topic]
    page = getattr(booking.mentor, "page", None)
    if page is not None and page.live and page.url:
        description.append(absolute_url(page.url))
    event = _event(
        booking, _("Advisory with %(mentor)s") % {"mentor": booking.mentor.full_name}, "\n\n".join(description)
    )
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or settings.WAGTAIL_SITE_NAME)
    event.add("organizer", organizer)
    if booking.member.email:
        attendee = vCalAddress(f"mailto:{booking.member.email}")
        attendee.params["cn"] = vText(booking.member.get_full_name() or booking.member.email)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    cancelled = method == "CANCEL"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", 1 if cancelled else 0)
    calendar.add_component(event)
    return calendar.to_ical()


def build_feed(mentor, bookings):
    """A mentor's private agenda: who booked and what about, never an e-mail address."""
    calendar = _calendar()
    calendar.add("x-wr-calname", _("Advisories of %(mentor)s") % {"mentor": mentor.full_name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for booking in bookings:
        member = booking.member.get_full_name() or _("a member")
        event = _event(booking, _("Advisory: %(member)s") % {"member": member}, booking.topic)
        event.add("status", "TENTATIVE" if booking.is_held else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
