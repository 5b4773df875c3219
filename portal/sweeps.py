"""Periodic recovery of work that must happen (outbox e-mail, stuck tasks, re-indexing).

Apps register sweeps in their own `sweeps.py` with `@register`; `manage.py sweep` (run by
`make worker` and the docker-compose worker every minute) calls them all. The machinery is in
portal/sweeping.py; `register` and `run_all` are offered here too, where apps look for them.
"""

from .mail import requeue_due_emails
from .orphans import requeue_orphaned_tasks
from .sweeping import _registry, register, run_all

__all__ = ["_registry", "register", "requeue_emails", "requeue_orphans", "run_all"]


@register
def requeue_emails():
    return requeue_due_emails()


@register
def requeue_orphans():
    return requeue_orphaned_tasks()
