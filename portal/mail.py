"""E-mail through an outbox: every message is stored, then sent by a task with retries.

`OutboxBackend` is Django's EMAIL_BACKEND, so allauth, Wagtail and our services all get the
same guarantee without knowing about it. The real transport is LUMINO_DELIVERY_EMAIL_BACKEND.
"""

import base64
import logging
from datetime import timedelta
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# A row left in "sending" this long was abandoned by a crashed worker.
STALE_CLAIM = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)


def serialize_message(message):
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            filename = attachment.get_filename() or "attachment"
            content, mimetype = attachment.get_payload(decode=True), attachment.get_content_type()
        else:
            filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def deserialize_message(payload):
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


class OutboxBackend(BaseEmailBackend):
    """Stores each message and schedules its delivery once the transaction commits."""

    def send_messages(self, email_messages):
        from .tasks import deliver_email, enqueue_on_commit

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            email = OutboundEmail.objects.create(
                subject=str(message.subject)[:998],
                recipients=", ".join(message.recipients()),
                payload=serialize_message(message),
            )
            enqueue_on_commit(deliver_email, email.pk)
            count += 1
        return count


def deliver_outbound_email(email_id):
    """Send one stored e-mail. Safe to call twice: only a pending, due row is claimed.

    On failure the row goes back to pending with an exponential back-off, or to failed
    (logged as an error) after LUMINO_EMAIL_MAX_ATTEMPTS.
    """
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.due(now).filter(pk=email_id).update(status=OutboundEmail.Status.SENDING, claimed_at=now)
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        connection = get_connection(settings.LUMINO_DELIVERY_EMAIL_BACKEND, fail_silently=False)
        connection.send_messages([deserialize_message(email.payload)])
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
        _record_failure(email, exc)
        return False
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.attempts += 1
    email.save(update_fields=["status", "sent_at", "last_error", "attempts"])
    return True


def _record_failure(email, exc):
    email.attempts += 1
    email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if email.attempts >= settings.LUMINO_EMAIL_MAX_ATTEMPTS:
        email.status = OutboundEmail.Status.FAILED
        logger.error("E-mail %s to %s failed for good: %s", email.pk, email.recipients, email.last_error)
    else:
        email.status = OutboundEmail.Status.PENDING
        email.next_attempt_at = timezone.now() + min(timedelta(minutes=2**email.attempts), MAX_BACKOFF)
        logger.warning("E-mail %s failed (attempt %s), will retry: %s", email.pk, email.attempts, email.last_error)
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def requeue_due_emails(now=None):
    """Re-enqueue what is due and was not enqueued recently; release abandoned claims."""
    from .tasks import deliver_email, enqueue

    now = now or timezone.now()
    OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=OutboundEmail.Status.PENDING
    )
    due = OutboundEmail.objects.due(now).exclude(enqueued_at__gt=now - STALE_CLAIM)
    ids = list(due.values_list("pk", flat=True)[:500])
    for email_id in ids:
        enqueue(deliver_email, email_id)
    OutboundEmail.objects.filter(pk__in=ids).update(enqueued_at=now)
    return len(ids)


def retry_failed_email(email):
    """Give a failed e-mail a fresh set of attempts (an admin action)."""
    OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), enqueued_at=None
    )
    transaction.on_commit(lambda: requeue_due_emails())
