"""Writing to the search index without ever losing an edit (when to write: search/triggers.py).

Every backend write runs in its own savepoint and is caught: a search engine that is down, or a
database backend that chokes on a document, is logged, the edit stays saved, and the object
stays marked stale (`PendingIndexUpdate`) so the sweep retries later with a growing delay.
"""

import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.search import index
from wagtail.search.backends import get_search_backends_with_name

from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


def write_deletion(instance):
    """Remove a deleted object's entry from every backend, now."""
    indexed = index.get_indexed_instance(instance, check_exists=False)
    if indexed is not None:
        _write_to_backends(type(indexed), indexed.pk, lambda backend: backend.delete(indexed))


def _pending(model, pk):
    return PendingIndexUpdate.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk))


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
