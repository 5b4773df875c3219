"""Tasks whose worker died while running them (SIGKILL, out of memory, a lost machine).

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a
worker that dies leaves it RUNNING for ever, and the work is not redone. Lumino's tasks are
idempotent, so the sweep gives such a task a fresh copy (same task, arguments, queue and
priority) once it has run longer than any task should (LUMINO_TASK_ORPHAN_SECONDS), and marks
the old row FAILED, saying why. Only the database backend needs this: RQ moves an abandoned job
to its failed registry, and the work that must happen there is swept by its own records (outbox).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("portal.sweeps")

ORPHAN_MESSAGE = "The worker stopped while running this task; the sweep queued it again."


def requeue_orphaned_tasks(now=None):
    """Queue again each database task RUNNING for longer than the limit; returns how many."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.LUMINO_TASK_ORPHAN_SECONDS)
    requeued = 0
    with transaction.atomic():
        orphans = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=limit
        )
        for orphan in orphans:
            try:
                task = orphan.task.using(queue_name=orphan.queue_name, priority=orphan.priority)
            except Exception:  # a task removed from the code: record it, never crash the sweep
                logger.exception("Task %s (%s) was orphaned and cannot be queued again.", orphan.id, orphan.task_path)
                task = None
            orphan.status, orphan.finished_at = TaskResultStatus.FAILED, now
            orphan.exception_class_path, orphan.traceback = "portal.orphans.WorkerStopped", ORPHAN_MESSAGE
            orphan.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            if task is not None:
                args_kwargs = orphan.args_kwargs
                task.enqueue(*args_kwargs["args"], **args_kwargs["kwargs"])
                logger.warning("Task %s (%s) lost its worker; queued again.", orphan.id, orphan.task_path)
                requeued += 1
    return requeued
