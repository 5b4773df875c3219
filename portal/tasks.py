"""Task helpers and the portal's own tasks.

Enqueueing must never break a request: if the queue (Redis) is down, the failure is logged
and the periodic sweep picks the work up from the database later.
"""

import logging

from django.db import transaction

from django_tasks import task

from .delivery import deliver_outbound_email
from .sweeping import run_all

logger = logging.getLogger(__name__)


def enqueue(task_obj, *args, **kwargs):
    """Enqueue now; log instead of raising when the queue is unavailable."""
    try:
        return task_obj.enqueue(*args, **kwargs)
    except Exception:
        logger.exception("Could not enqueue %s%r; it will be retried by the sweep.", task_obj.name, args)
        return None


# Work a person is waiting for (a verification e-mail) runs before background work such as the
# index updates `seed_demo` queues by the hundred.
URGENT_PRIORITY = 50


def urgent(task_obj):
    """`task_obj` ahead of other queued work, where the backend orders by priority (RQ does not)."""
    return task_obj.using(priority=URGENT_PRIORITY) if task_obj.get_backend().supports_priority else task_obj


def enqueue_on_commit(task_obj, *args, **kwargs):
    transaction.on_commit(lambda: enqueue(task_obj, *args, **kwargs), robust=True)


@task()
def deliver_email(email_id):
    return deliver_outbound_email(email_id)


@task()
def run_sweeps():
    return run_all()
