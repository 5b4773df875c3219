"""When the search index is written: a save marks the object stale (a `PendingIndexUpdate` row,
in the edit's own transaction) and enqueues `update_search_index` once that transaction commits,
when the page's tags and other child rows are saved too; the sweep re-enqueues what is due.
The writing itself is search/indexing.py's.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from portal.tasks import enqueue

from .indexing import write_deletion
from .models import PendingIndexUpdate
from .tasks import update_search_index

# How long the sweep waits for an enqueued update to run before enqueueing it again.
LEASE = timedelta(minutes=10)
SWEEP_BATCH = 500


def unindex_on_delete(sender, instance, **kwargs):
    write_deletion(instance)


def index_on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: objects may be incomplete; `update_index` covers fixtures
        return
    model, pk = type(instance), instance.pk
    mark_stale(model, pk)
    # A publish saves a page several times in one transaction: one update after commit is enough.
    key = (model._meta.label, str(pk))
    connection = transaction.get_connection()
    for _sids, func, _robust in connection.run_on_commit:
        if getattr(func, "search_index_key", None) == key and not func.done:
            return

    def enqueue_update():
        enqueue_update.done = True
        _enqueue(model, pk)

    enqueue_update.search_index_key, enqueue_update.done = key, False
    transaction.on_commit(enqueue_update, robust=True)


def mark_stale(model, pk):
    """Record that `model` #pk must be re-indexed; the lease keeps the sweep off until the task has run."""
    now = timezone.now()
    with transaction.atomic():
        PendingIndexUpdate.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(pk),
            defaults={"requested_at": now, "next_attempt_at": now + LEASE},
        )


def _enqueue(model, pk):
    enqueue(update_search_index, model._meta.app_label, model._meta.model_name, str(pk))


def requeue_pending_index_updates(limit=SWEEP_BATCH):
    """Enqueue an update for every due row; returns how many were enqueued."""
    now = timezone.now()
    due = list(
        PendingIndexUpdate.objects.filter(next_attempt_at__lte=now)
        .select_related("content_type")
        .order_by("next_attempt_at")[:limit]
    )
    for row in due:
        model = row.content_type.model_class()
        if model is None:  # the model was removed from the code
            row.delete()
            continue
        # Leased first: a task that fails records its own, later, next attempt.
        PendingIndexUpdate.objects.filter(pk=row.pk).update(next_attempt_at=now + LEASE)
        _enqueue(model, row.object_id)
    return len(due)
