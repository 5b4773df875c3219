"""Calendar files (.ics) for a reservation, readable by any calendar application."""

from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone

from icalendar import Calendar, Event, vCalAddress, vText

from portal.site_url import absolute_url, site_hostname


def reservation_uid(reservation):
    """Stable per reservation, so an update or a cancellation replaces the same calendar entry."""
    return f"reservation-{reservation.pk}@{site_hostname()}"


def build_ics(reservation, *, method="PUBLISH"):
    session = reservation.session
    course = session.course
    calendar = Calendar()
    calendar.add("prodid", "-//Lumino//Courses//ES")
    calendar.add("version", "2.0")
    calendar.add("method", method)

    event = Event()
    event.add("uid", reservation_uid(reservation))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", course.title)
    location = session.place or session.meeting_url
    if location:
        event.add("location", location)
    if session.meeting_url:
        event.add("url", session.meeting_url)
    description = [course.summary]
    if session.meeting_url:
        description.append(session.meeting_url)
    if course.url:
        description.append(absolute_url(course.url))
    event.add("description", "\n\n".join(part for part in description if part))
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or settings.WAGTAIL_SITE_NAME)
    event.add("organizer", organizer)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
    else:
        event.add("status", "CONFIRMED")
        event.add("sequence", 0)
    calendar.add_component(event)
    return calendar.to_ical()
