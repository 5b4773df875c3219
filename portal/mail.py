"""E-mail through an outbox: every message is stored, then sent by a task with retries.

`OutboxBackend` is Django's EMAIL_BACKEND, so allauth, Wagtail and our services all get the
same guarantee without knowing about it. The real transport is LUMINO_DELIVERY_EMAIL_BACKEND.
"""

import base64
import logging
from datetime import timedelta
from email.mime.base import MIMEBase
from functools import partial

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import tasks
from .delivery import deliver_outbound_email as deliver_outbound_email
from .models import OutboundEmail

logger = logging.getLogger(__name__)

# A row left in "sending" this long was abandoned by a crashed worker.
STALE_CLAIM = timedelta(minutes=15)


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


class OutboxBackend(BaseEmailBackend):
    """Stores each message and schedules its delivery once the transaction commits."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            email = OutboundEmail.objects.create(
                subject=str(message.subject)[:998],
                recipients=", ".join(message.recipients()),
                payload=serialize_message(message),
            )
            transaction.on_commit(partial(enqueue_delivery, email.pk), robust=True)
            count += 1
        return count


def enqueue_delivery(email_id):
    """Queue the delivery task, noting when, so the sweep does not queue it a second time.

    `enqueued_at` is written before the task can run: a delivery attempt (its `claimed_at`)
    is then always later than the enqueue that caused it.
    """
    OutboundEmail.objects.filter(pk=email_id).update(enqueued_at=timezone.now())
    if tasks.enqueue(tasks.urgent(tasks.deliver_email), email_id) is None:
        OutboundEmail.objects.filter(pk=email_id).update(enqueued_at=None)
        return False
    return True


def requeue_due_emails(now=None):
    """Release abandoned claims, then queue every due e-mail that is not already queued.

    A row counts as queued when it was enqueued recently and no delivery attempt has
    claimed it since; anything else that is due (never queued, the enqueue was lost in a
    crash, or its back-off has run out) is queued again.
    """
    now = now or timezone.now()
    _release_stale_claims(now)
    in_flight = Q(enqueued_at__gt=now - STALE_CLAIM) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=F("enqueued_at")))
    due = OutboundEmail.objects.due(now).exclude(in_flight).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:500])
    return sum(enqueue_delivery(email_id) for email_id in ids)


def _release_stale_claims(now):
    """A row left "sending" by a worker that died counts as a failed attempt."""
    stale = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    stale.update(
        status=OutboundEmail.Status.PENDING,
        attempts=F("attempts") + 1,
        last_error="The worker stopped while sending; will retry.",
        next_attempt_at=now,
    )
    worn_out = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.PENDING, attempts__gte=settings.LUMINO_EMAIL_MAX_ATTEMPTS
    )
    for email in worn_out.only("pk", "recipients"):
        logger.error("E-mail %s to %s failed for good: its workers kept stopping.", email.pk, email.recipients)
    worn_out.update(status=OutboundEmail.Status.FAILED)


def retry_failed_emails(emails):
    """Give failed e-mails a fresh set of attempts and queue them (an admin action).

    `emails` is a queryset or a list of OutboundEmail; rows that are not failed are left alone.
    Returns how many were given another go.
    """
    ids = [email.pk for email in emails]
    with transaction.atomic():
        retry = OutboundEmail.objects.select_for_update().filter(pk__in=ids, status=OutboundEmail.Status.FAILED)
        retried = list(retry.values_list("pk", flat=True))
        OutboundEmail.objects.filter(pk__in=retried).update(
            status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), enqueued_at=None
        )
        for email_id in retried:
            transaction.on_commit(partial(enqueue_delivery, email_id), robust=True)
    return len(retried)


def retry_failed_email(email):
    return retry_failed_emails([email]) == 1
