"""Background work of the courses app. Each task takes ids, reloads, and is harmless run twice."""

from django_tasks import task

from .emails import send_event_email
from .emails import send_order_reminder as write_order_reminder


@task()
def send_reservation_email(event_id):
    """Write the e-mail for one reservation event to the outbox, once (see emails.send_event_email)."""
    return send_event_email(event_id)


@task()
def send_order_reminder(order_id):
    """Write the payment reminder of one order to the outbox, once (see emails.send_order_reminder)."""
    return write_order_reminder(order_id)
