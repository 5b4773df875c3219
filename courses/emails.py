"""E-mails about reservations and orders, in the recipient's language, with calendar files.

One e-mail per ReservationEvent of an e-mail kind. `send_event_email` claims the event
(sets `notified_at`) and writes the message to the outbox in one transaction, so running it
twice sends once and a failure leaves the event for the sweep to retry.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from home.formatting import format_local, format_money
from portal.site_url import absolute_url

from .ics import build_ics
from .models import Order, Reservation, ReservationEvent
from .payments import provider_of

Kind = ReservationEvent.Kind

# kind: (template name, attach a calendar file, who receives it)
EMAILS = {
    Kind.CONFIRMED: ("confirmed", "invite", "member"),
    Kind.WAITLISTED: ("waitlisted", None, "member"),
    Kind.PROMOTED: ("promoted", "invite", "member"),
    Kind.HELD: ("order_placed", None, "buyer"),
    Kind.PAID: ("order_paid", "invite", "member"),
    Kind.HOLD_EXPIRED: ("hold_expired", None, "buyer"),
    Kind.CANCELLED: ("cancelled", "cancel", "member"),
}


def send_event_email(event_id):
    """Write this event's e-mail to the outbox unless it was already written. Returns True if written."""
    with transaction.atomic():
        claimed = ReservationEvent.objects.filter(
            pk=event_id, notified_at__isnull=True, kind__in=ReservationEvent.EMAIL_KINDS
        ).update(notified_at=timezone.now())
        if not claimed:
            return False
        event = ReservationEvent.objects.select_related(
            "reservation__member", "reservation__session__course", "reservation__session__instructor", "order__member"
        ).get(pk=event_id)
        message = build_message(event)
        if message is None:
            return False
        message.send()
    return True


def _recipient(event, who):
    if who == "buyer" and event.order_id:
        # A company order has one held seat per colleague: the buyer hears about it once.
        first = ReservationEvent.objects.filter(order=event.order, kind=event.kind).order_by("pk").first()
        return event.order.member if first.pk == event.pk else None
    return event.reservation.member


def build_message(event):
    name, calendar, who = EMAILS[event.kind]
    recipient = _recipient(event, who)
    if recipient is None or not recipient.email:
        return None
    reservation = event.reservation
    if event.kind == Kind.PROMOTED and event.to_status == Reservation.Status.HELD:
        calendar = None  # a held seat gets payment instructions; the invitation comes with payment
    if calendar == "cancel" and event.from_status != Reservation.Status.CONFIRMED:
        calendar = None  # only a confirmed seat was ever sent an invitation to withdraw
    return _render(name, recipient, reservation, event.order, event=event, calendar=calendar)


def _render(name, recipient, reservation, order, *, event=None, calendar=None):
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **email_context(reservation, order, recipient, event=event),
            "has_calendar": bool(calendar),
            "language": language,
        }
        subject = " ".join(render_to_string(f"courses/emails/{name}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"courses/emails/{name}.txt", context),
            to=[recipient.email],
        )
        message.attach_alternative(render_to_string(f"courses/emails/{name}.html", context), "text/html")
        if calendar:
            method = "CANCEL" if calendar == "cancel" else "PUBLISH"
            message.attach("lumino.ics", build_ics(reservation, method=method), f"text/calendar; method={method}")
    return message


def send_order_reminder(order_id):
    """Remind the buyer of a pending order that its hold ends soon, once.

    Claims the order (sets `reminder_sent_at`) and writes the e-mail to the outbox in one
    transaction: run twice, it writes once; an order paid or cancelled meanwhile gets nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = Order.objects.filter(
            pk=order_id, status=Order.Status.PENDING, reminder_sent_at__isnull=True, expires_at__gt=now
        ).update(reminder_sent_at=now)
        if not claimed:
            return False
        order = Order.objects.select_related("member").get(pk=order_id)
        line = order.lines.select_related("reservation__member", "session__course", "session__instructor").first()
        if line is None or not order.member.email:
            return False
        if not line.is_seat:
            return send_item_order_email(order, "order_reminder")
        if line.reservation is None:
            return False
        _render("order_reminder", order.member, line.reservation, order).send()
    return True


def send_item_order_email(order, name):
    """Write an order e-mail about what an item order buys (not a seat) to the outbox, now.

    Called by the services inside their transaction: the outbox row commits or rolls back with
    the order's change, so it is written exactly once. Orders of seats are left alone (their
    e-mails follow the reservations' events). Returns True if written.
    """
    lines = [line for line in order.lines.all() if not line.is_seat]
    recipient = order.member
    if not lines or not recipient.email:
        return False
    language = recipient.language or settings.LANGUAGE_CODE
    zone = settings.TIME_ZONE
    provider = provider_of(order)
    with translation.override(language):
        context = {
            "recipient": recipient,
            "order": order,
            "items": [line.description for line in lines],
            "description": "; ".join(line.description for line in lines),
            "order_total": format_money(order.total, order.currency),
            "order_expires": format_local(order.expires_at, zone),
            "timezone": zone,
            "instructions": provider.instructions(order) if provider else [],
            "for_others": False,
            "language": language,
            "dashboard_url": absolute_url(reverse("accounts:dashboard")),
            "order_url": absolute_url(reverse("courses:order", args=[order.reference])),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "from_name": parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or settings.WAGTAIL_SITE_NAME,
        }
        subject = " ".join(render_to_string(f"courses/emails/{name}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"courses/emails/{name}.txt", context), to=[recipient.email]
        )
        message.attach_alternative(render_to_string(f"courses/emails/{name}.html", context), "text/html")
    return message.send() == 1


def email_context(reservation, order, recipient, *, event=None):
    session = reservation.session
    course = session.course
    provider = provider_of(order) if order else None
    return {
        "recipient": recipient,
        "member": reservation.member,
        "reservation": reservation,
        "event": event,
        "session": session,
        "course": course,
        "course_url": absolute_url(course.url) if course.url else "",
        "starts": format_local(session.starts_at, session.timezone),
        "ends": format_local(session.ends_at, session.timezone),
        "timezone": session.timezone,
        "position": reservation.waitlist_position,
        "order": order,
        # A company manager hears about colleagues' seats, not "your seat".
        "for_others": bool(order) and reservation.member_id != order.member_id,
        "order_total": format_money(order.total, order.currency) if order else "",
        "order_expires": format_local(order.expires_at, session.timezone) if order else "",
        "instructions": provider.instructions(order) if provider and order else [],
        "dashboard_url": absolute_url(reverse("accounts:dashboard")),
        "order_url": absolute_url(reverse("courses:order", args=[order.reference])) if order else "",
        "site_name": settings.WAGTAIL_SITE_NAME,
        "from_name": parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or settings.WAGTAIL_SITE_NAME,
    }
