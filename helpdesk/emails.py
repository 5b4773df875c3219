"""E-mails about tickets, in the recipient's language: created, assigned, replied, resolved, merged.

`send_event_email` claims the event (sets `notified_at`) and writes the message to the outbox in
one transaction: run twice, it sends once; a failure leaves the event for the sweep to retry.
Nobody is e-mailed about their own action (except the acknowledgement of a new ticket), and
internal notes never reach the requester.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.site_url import absolute_url

from .models import TicketEvent

Kind = TicketEvent.Kind


def recipients(event):
    ticket = event.ticket
    if event.internal:
        return []
    if event.kind in (Kind.CREATED, Kind.RESOLVED):
        people = [ticket.requester]
    elif event.kind == Kind.MERGED:
        people = [ticket.requester] if event.field == "merged_into" else []
    elif event.kind == Kind.ASSIGNED:
        people = [ticket.assignee] if ticket.assignee else []
    elif event.kind == Kind.REPLIED:
        author_is_requester = event.by_id == ticket.requester_id
        people = [ticket.assignee] if author_is_requester and ticket.assignee else [ticket.requester]
    else:
        people = []
    # The acknowledgement of a new ticket goes to its requester even when she opened it herself.
    return [person for person in people if person.email and (person.pk != event.by_id or event.kind == Kind.CREATED)]


def _texts(event, ticket):
    """Subject and first line, written in the recipient's language (called inside override)."""
    values = {"reference": ticket.reference, "title": ticket.title}
    if event.kind == Kind.CREATED:
        return _("[%(reference)s] We have received your ticket") % values, _(
            "We have received your ticket “%(title)s”. Its reference is %(reference)s."
        ) % values
    if event.kind == Kind.ASSIGNED:
        return _("[%(reference)s] Assigned to you: %(title)s") % values, _(
            "The ticket “%(title)s” has been assigned to you."
        ) % values
    if event.kind == Kind.REPLIED:
        return _("[%(reference)s] New reply: %(title)s") % values, _(
            "There is a new reply on the ticket “%(title)s”."
        ) % values
    if event.kind == Kind.RESOLVED:
        return _("[%(reference)s] Your ticket is resolved") % values, _(
            "Your ticket “%(title)s” has been resolved. If the problem persists, you can reopen it."
        ) % values
    values["target"] = event.new_value
    return _("[%(reference)s] Merged into %(target)s") % values, _(
        "Your ticket “%(title)s” was a duplicate and has been merged into %(target)s; "
        "its messages and files are there now."
    ) % values


def ticket_path(ticket):
    return reverse("helpdesk:ticket", args=[ticket.reference])


def build_messages(event):
    ticket = event.ticket
    messages = []
    for person in recipients(event):
        language = getattr(person, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject, intro = _texts(event, ticket)
            staff = ticket.is_staff_for(person)
            path = reverse("helpdesk_admin:ticket", args=[ticket.pk]) if staff else ticket_path(ticket)
            url = absolute_url(path)
            context = {
                "recipient": person,
                "ticket": ticket,
                "intro": intro,
                "reply": event.comment.body if event.comment_id and not event.comment.internal else "",
                "url": url,
                "site_name": settings.WAGTAIL_SITE_NAME,
                "language": language,
            }
            message = EmailMultiAlternatives(
                subject=subject, body=render_to_string("helpdesk/emails/event.txt", context), to=[person.email]
            )
            message.attach_alternative(render_to_string("helpdesk/emails/event.html", context), "text/html")
        messages.append(message)
    return messages


def send_event_email(event_id):
    """Write this event's e-mails to the outbox unless already written. Returns how many were written."""
    with transaction.atomic():
        claimed = TicketEvent.objects.filter(
            pk=event_id, notified_at__isnull=True, kind__in=TicketEvent.EMAIL_KINDS
        ).update(notified_at=timezone.now())
        if not claimed:
            return 0
        event = TicketEvent.objects.select_related(
            "ticket__requester", "ticket__assignee", "ticket__queue", "comment"
        ).get(pk=event_id)
        messages = build_messages(event)
        for message in messages:
            message.send()
    return len(messages)
