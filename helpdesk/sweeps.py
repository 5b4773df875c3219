"""Recovery for the service desk, run every minute by `manage.py sweep`."""

from datetime import timedelta

from django.utils import timezone

from portal.sweeps import register
from portal.tasks import enqueue

from .models import ImportJob, TicketEvent
from .tasks import run_import, send_ticket_email

# Younger than this, the task may still be in flight; leave it to it.
GRACE = timedelta(minutes=5)
# An import running this long was abandoned by a worker that stopped (its transaction rolled back).
STALE_IMPORT = timedelta(minutes=30)


@register
def requeue_ticket_emails(now=None):
    """Re-enqueue e-mails whose task was lost (a crash between commit and enqueue, a queue outage)."""
    now = now or timezone.now()
    stuck = TicketEvent.objects.filter(
        kind__in=TicketEvent.EMAIL_KINDS, notified_at__isnull=True, at__lt=now - GRACE
    ).order_by("pk")
    ids = list(stuck.values_list("pk", flat=True)[:500])
    for event_id in ids:
        enqueue(send_ticket_email, event_id)
    return len(ids)


@register
def requeue_imports(now=None):
    """Imports never picked up, or left running by a stopped worker, are queued again (they are idempotent)."""
    now = now or timezone.now()
    pending = ImportJob.objects.filter(status=ImportJob.Status.PENDING, created_at__lt=now - GRACE)
    stale = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, started_at__lt=now - STALE_IMPORT)
    stale_ids = list(stale.values_list("pk", flat=True)[:50])
    ImportJob.objects.filter(pk__in=stale_ids).update(status=ImportJob.Status.PENDING)
    ids = list(pending.values_list("pk", flat=True)[:50]) + stale_ids
    for job_id in dict.fromkeys(ids):
        enqueue(run_import, job_id)
    return len(ids)
