"""Sending one stored e-mail: the delivery task's work, with back-off and a final "failed".

The outbox side (storing, queueing, requeueing) is portal/mail.py; this side imports no task,
so portal.tasks can run it and portal.mail can queue portal.tasks without a cycle.
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from .models import OutboundEmail
from .outages import SMTP

# One logger name for the whole outbox, whichever module writes: alerts and tests watch it.
logger = logging.getLogger("portal.mail")

MAX_BACKOFF = timedelta(hours=6)


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
        if isinstance(exc, OSError | smtplib.SMTPException):
            SMTP.failed(exc)
        _record_failure(email, exc)
        return False
    SMTP.succeeded()
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
        email.next_attempt_at = timezone.now() + backoff(email.attempts)
        # While the mail server is down (portal/outages.py said so once) each e-mail is only INFO.
        level = logging.INFO if SMTP.active else logging.WARNING
        logger.log(level, "E-mail %s failed (attempt %s), will retry: %s", email.pk, email.attempts, email.last_error)
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def backoff(attempts):
    """2, 4, 8… minutes after the first, second, third failure; never more than MAX_BACKOFF."""
    return min(timedelta(minutes=2**attempts), MAX_BACKOFF)
