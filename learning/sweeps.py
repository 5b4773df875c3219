"""Recovery for the learning app, run every minute by `manage.py sweep`."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from portal.sweeps import register
from portal.tasks import enqueue

# Younger rows may still have their task in flight; leave them to it.
GRACE = timedelta(minutes=5)
STALLED_BULK = timedelta(minutes=15)
MAX_ATTEMPTS = 10


@register
def requeue_certificates(now=None):
    """Certificates whose PDF or e-mail is still to do after the grace period (a worker outage,
    a crash between commit and enqueue, a PDF that failed) are queued again."""
    from .models import Certificate
    from .tasks import make_certificate

    now = now or timezone.now()
    stuck = Certificate.objects.filter(
        Q(status=Certificate.Status.PENDING) | Q(status=Certificate.Status.ISSUED, emailed_at__isnull=True),
        created_at__lt=now - GRACE,
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("pk")
    ids = list(stuck.values_list("pk", flat=True)[:500])
    for certificate_id in ids:
        enqueue(make_certificate, certificate_id)
    return len(ids)


@register
def remind_expiring_certificates(now=None):
    """A month before a certificate expires, its holder is reminded (once)."""
    from .models import EXPIRY_REMINDER, Certificate
    from .tasks import send_expiry_reminder

    today = timezone.localdate(now or timezone.now())
    due = Certificate.objects.filter(
        status=Certificate.Status.ISSUED,
        reminder_sent_at__isnull=True,
        expires_on__isnull=False,
        expires_on__gte=today,
        expires_on__lte=today + EXPIRY_REMINDER,
    ).order_by("expires_on")
    ids = list(due.values_list("pk", flat=True)[:500])
    for certificate_id in ids:
        enqueue(send_expiry_reminder, certificate_id)
    return len(ids)


@register
def resume_bulk_issues(now=None):
    """A bulk issue not moved for a while lost its worker: start it again (it skips what is done)."""
    from .models import BulkIssue
    from .tasks import run_bulk_issue

    now = now or timezone.now()
    stalled = BulkIssue.objects.exclude(status=BulkIssue.Status.DONE).filter(updated_at__lt=now - STALLED_BULK)
    ids = list(stalled.values_list("pk", flat=True))
    for job_id in ids:
        enqueue(run_bulk_issue, job_id)
    return len(ids)
