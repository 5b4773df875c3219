"""E-mails about advisories, in each recipient's language, with the calendar invitation attached.

They go through Django's mail API (the outbox, portal/mail.py) from inside the service's
transaction: the stored message commits or rolls back with the booking it tells about.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from home.formatting import format_local
from portal.site_url import absolute_url

from .ics import build_booking_ics


def _people(booking, *, mentor_too=True):
    """(name, address, language, is_mentor) for the member and, when she has an address, the mentor."""
    member = booking.member
    people = []
    if member.email:
        people.append((member.first_name or member.email, member.email, member.language, False))
    mentor = booking.mentor
    user = mentor.user
    address = mentor.email or (user.email if user else "")
    if mentor_too and address:
        language = user.language if user else settings.LANGUAGE_CODE
        people.append((mentor.full_name.split()[0], address, language, True))
    return people


def _context(booking, name, is_mentor, language):
    page = getattr(booking.mentor, "page", None)
    order = booking.order
    return {
        "booking": booking,
        "mentor": booking.mentor,
        "recipient_name": name,
        "for_mentor": is_mentor,
        "member_name": booking.member.get_full_name() or booking.member.email,
        "starts": format_local(booking.starts_at),
        "ends": format_local(booking.ends_at, fmt="TIME_FORMAT"),
        "page_url": absolute_url(page.url) if page is not None and page.live and page.url else "",
        "order": order,
        "dashboard_url": absolute_url(reverse("accounts:dashboard")) + "#advisories",
        "language": language,
        "from_name": parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or settings.WAGTAIL_SITE_NAME,
    }


def _send(booking, template, people, *, calendar=None, **extra):
    for name, address, language, is_mentor in people:
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {**_context(booking, name, is_mentor, language), **extra, "has_calendar": bool(calendar)}
            subject = " ".join(render_to_string(f"mentors/emails/{template}_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject=subject, body=render_to_string(f"mentors/emails/{template}.txt", context), to=[address]
            )
            message.attach_alternative(render_to_string(f"mentors/emails/{template}.html", context), "text/html")
            if calendar:
                message.attach(
                    "asesoria.ics", build_booking_ics(booking, method=calendar), f"text/calendar; method={calendar}"
                )
            message.send()


def send_confirmation(booking):
    """The advisory is confirmed: the member and the mentor get the invitation (METHOD:REQUEST)."""
    _send(booking, "confirmed", _people(booking), calendar="REQUEST")


def send_cancellation(booking, *, was_confirmed):
    """The advisory is off: a confirmed one withdraws the invitation (METHOD:CANCEL, same UID).

    A held one that lapsed or was given up only concerns the member; the mentor never had it."""
    people = _people(booking, mentor_too=was_confirmed)
    refund = getattr(booking, "refund_by_staff", False)
    _send(booking, "cancelled", people, calendar="CANCEL" if was_confirmed else None, refund_by_staff=refund)


def order_description(booking):
    """The order line, written in the site's language (orders are staff records too)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Advisory with %(mentor)s, %(when)s") % {
            "mentor": booking.mentor.full_name,
            "when": format_local(booking.starts_at),
        }
