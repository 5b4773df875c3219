"""Background work of the courses app. Each task takes ids, reloads, and is harmless run twice."""

from django_tasks import task


@task()
def send_reservation_email(event_id):
    """Write the e-mail for one reservation event to the outbox, once (see emails.send_event_email)."""
    from .emails import send_event_email

    return send_event_email(event_id)


@task()
def send_order_reminder(order_id):
    """Write the payment reminder of one order to the outbox, once (see emails.send_order_reminder)."""
    from .emails import send_order_reminder as send

    return send(order_id)


@task()
def expire_unpaid_orders():
    from .services import expire_unpaid_orders as expire

    return expire()
