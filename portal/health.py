"""/healthz/: one JSON answer for load balancers and people on call.

The database is essential (503 when it fails); cache, tasks and search degrade the portal
but do not stop it, so their failure answers 200 with status "degraded".
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)
# Database-queued tasks waiting longer than this mean no worker is running.
TASK_BACKLOG_LIMIT = timedelta(minutes=10)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache():
    key, value = f"healthz:{uuid.uuid4().hex}", "1"
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)
    return "ok"


def check_tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.endswith("RQBackend"):
        import django_rq

        django_rq.get_connection("default").ping()
        return "ok"
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").only("enqueued_at").first()
        if oldest and oldest.enqueued_at < timezone.now() - TASK_BACKLOG_LIMIT:
            raise RuntimeError("tasks have waited over 10 minutes: is the worker running?")
    return "ok"


def check_search():
    """One real query to the search engine, over the root page alone: its cost must not grow with
    the content (over every live page, the database backends ranked each match: over 20 s at
    50,000 articles, and a probe that slow gets the worker killed)."""
    list(get_search_backend().search("lumino", Page.objects.filter(depth=1), order_by_relevance=False)[:1])
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks, "search": check_search}
ESSENTIAL = {"database"}


@never_cache
def healthz(request):
    results, failed = {}, set()
    for name, check in CHECKS.items():
        try:
            # A savepoint each, so one failed query does not poison the checks after it.
            with transaction.atomic():
                results[name] = check()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none crashes the probe
            logger.warning("Health check %s failed: %s", name, exc)
            results[name] = f"error: {type(exc).__name__}"
            failed.add(name)
    status = 503 if failed & ESSENTIAL else 200
    return JsonResponse({"status": "degraded" if failed else "ok", "checks": results}, status=status)
