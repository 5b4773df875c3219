"""Keeping the search index in step with the database without ever losing an edit.

Every save enqueues `update_search_index`; every backend write runs in its own savepoint and
is caught, so a search engine that is down (or a database backend that chokes on a document)
is logged, the edit stays saved, and a `PendingIndexUpdate` row makes the sweep retry later.
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
# How long the sweep waits for a re-enqueued update before enqueueing it again.
LEASE = timedelta(minutes=10)
SWEEP_BATCH = 500


def index_on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: objects may be incomplete; `update_index` covers fixtures
        return
    queue_index_update(type(instance), instance.pk)


def unindex_on_delete(sender, instance, **kwargs):
    indexed = index.get_indexed_instance(instance, check_exists=False)
    if indexed is not None:
        _write_to_backends(type(indexed), indexed.pk, lambda backend: backend.delete(indexed))


def queue_index_update(model, pk):
    from .tasks import update_search_index

    opts = model._meta
    if enqueue(update_search_index, opts.app_label, opts.model_name, str(pk)) is None:
        record_failure(model, pk, "the task queue refused the update")


def update_object_index(model, pk):
    """Make the index entry of one object match the database (added, updated or removed).

    Returns True when every backend accepted it; never raises for a backend failure.
    """
    instance = model._default_manager.filter(pk=pk).first()
    indexed = index.get_indexed_instance(instance) if instance is not None else None
    if indexed is not None:
        return _write_to_backends(type(indexed), indexed.pk, lambda backend: backend.add(indexed))
    # Gone, or no longer indexable (e.g. a page whose specific row is missing): drop its entry.
    stub = model(pk=pk)
    return _write_to_backends(model, pk, lambda backend: backend.delete(stub))


def _write_to_backends(model, pk, write):
    errors = []
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            # A savepoint: on PostgreSQL a failed statement would otherwise abort the
            # transaction the edit is being saved in.
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
        return False
    PendingIndexUpdate.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk)).delete()
    return True


def record_failure(model, pk, error):
    """Remember that this object's index entry is stale, with a growing delay before the next try."""
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
        logger.exception("Could not record the failed index update of %s #%s", model._meta.label, pk)


def requeue_pending_index_updates(limit=SWEEP_BATCH):
    """Enqueue an update for every due row; returns how many were enqueued."""
    from .tasks import update_search_index

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
        enqueue(update_search_index, model._meta.app_label, model._meta.model_name, row.object_id)
    return len(due)
