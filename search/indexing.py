"""Keeping the search index in step with the database without ever losing an edit.

A save marks the object stale (a `PendingIndexUpdate` row, in the edit's own transaction) and
enqueues `update_search_index` once that transaction commits, when the page's tags and other
child rows are saved too. Every backend write runs in its own savepoint and is caught: a search
engine that is down, or a database backend that chokes on a document, is logged, the edit stays
saved, and the row makes the sweep retry later with a growing delay.
"""

import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.search import index
from wagtail.search.backends import get_search_backends_with_name

from portal.tasks import enqueue

from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
# How long the sweep waits for an enqueued update to run before enqueueing it again.
LEASE = timedelta(minutes=10)
SWEEP_BATCH = 500


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


def unindex_on_delete(sender, instance, **kwargs):
    indexed = index.get_indexed_instance(instance, check_exists=False)
    if indexed is not None:
        _write_to_backends(type(indexed), indexed.pk, lambda backend: backend.delete(indexed))


def _pending(model, pk):
    return PendingIndexUpdate.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk))


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
    from .tasks import update_search_index

    enqueue(update_search_index, model._meta.app_label, model._meta.model_name, str(pk))


def update_object_index(model, pk):
    """Make the index entry of one object match the database (added, updated or removed).

    Returns True when every backend accepted it; never raises for a backend failure.
    """
    started = timezone.now()
    instance = model._default_manager.filter(pk=pk).first()
    indexed = index.get_indexed_instance(instance) if instance is not None else None
    if indexed is not None:
        done = _write_to_backends(type(indexed), indexed.pk, lambda backend: backend.add(indexed))
    else:
        # Gone, or no longer indexable (e.g. a page whose specific row is missing): drop its entry.
        stub = model(pk=pk)
        done = _write_to_backends(model, pk, lambda backend: backend.delete(stub))
    if done:
        # A change made while this ran keeps its row: its own update is still to come.
        _pending(model, pk).filter(requested_at__lte=started).delete()
    return done


def _write_to_backends(model, pk, write):
    errors = []
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            # A savepoint: on PostgreSQL a failed statement would otherwise abort the
            # transaction the edit is being saved in (tasks run in-process in tests and
            # when Redis is down).
            with transaction.atomic():
                write(backend)
        except Exception as exc:
            logger.warning(
                "Search index update of %s #%s failed in backend %r; it will be retried.",
                model._meta.label,
                pk,
                name,
                exc_info=True,
            )
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
    if errors:
        record_failure(model, pk, "; ".join(errors))
    return not errors


def record_failure(model, pk, error):
    """Keep the object marked stale, with a growing delay before the next try."""
    try:
        with transaction.atomic():
            row, _created = PendingIndexUpdate.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
            )
            attempts = row.attempts + 1
            delay = min(timedelta(minutes=2 ** min(attempts, 10)), MAX_BACKOFF)
            PendingIndexUpdate.objects.filter(pk=row.pk).update(
                attempts=attempts, last_error=error[:1000], next_attempt_at=timezone.now() + delay
            )
    except Exception:
        # Recording must not break the save that triggered it.
        logger.exception("Could not record the failed index update of %s #%s", model._meta.label, pk)


def update_stale_objects_now():
    """Index, in this process, every object marked stale (after `seed_demo`, without waiting for a
    worker). Returns (updated, failed); a failure stays marked for the sweep, as after a save."""
    updated = failed = 0
    for row in list(PendingIndexUpdate.objects.select_related("content_type").order_by("pk")):
        model = row.content_type.model_class()
        if model is None:
            continue
        if update_object_index(model, row.object_id):
            updated += 1
        else:
            failed += 1
    return updated, failed


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
