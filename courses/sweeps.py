"""Recovery for the courses app, run every minute by `manage.py sweep`."""

from datetime import timedelta

from django.utils import timezone

from portal.sweeps import register
from portal.tasks import enqueue

from .models import ReservationEvent
from .services import expire_unpaid_orders, orders_due_a_reminder
from .tasks import send_order_reminder, send_reservation_email

# Events younger than this may still have their task in flight; leave them to it.
GRACE = timedelta(minutes=5)


@register
def expire_orders():
    """Free the seats of unpaid orders whose hold has run out, and promote the waiting lists."""
    return expire_unpaid_orders()


@register
def remind_unpaid_orders(now=None):
    """Enqueue the payment reminder of transfer orders whose hold ends soon (sent once per order)."""
    ids = list(orders_due_a_reminder(now).values_list("pk", flat=True)[:500])
    for order_id in ids:
        enqueue(send_order_reminder, order_id)
    return len(ids)


@register
def requeue_reservation_emails(now=None):
    """Re-enqueue e-mails whose task was lost (a crash between commit and enqueue, a queue outage)."""
    now = now or timezone.now()
    stuck = ReservationEvent.objects.filter(
        kind__in=ReservationEvent.EMAIL_KINDS, notified_at__isnull=True, at__lt=now - GRACE
    ).order_by("pk")
    ids = list(stuck.values_list("pk", flat=True)[:500])
    for event_id in ids:
        enqueue(send_reservation_email, event_id)
    return len(ids)
