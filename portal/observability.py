"""Request ids on every log line and response, and the Prometheus figures at /metrics.

Every request gets an id: the one nginx assigned (`X-Request-ID`, its `$request_id`) when it
looks like one, otherwise a new one. It is sent back in the `X-Request-ID` header and added to
every log line written while the request runs (`RequestIdFilter`), so a visitor's report, the
access log and the application's log meet on one value.

/metrics (Prometheus text format) carries django-prometheus's request counters and latency
histograms, plus figures read when Prometheus scrapes: the task queue's depth, the tasks that
ran and failed (as the task backend still records them), the e-mail outbox's backlog, and the
figures of the admin's metrics page (`lumino_figure{key=…}`). It
answers only to addresses in METRICS_ALLOWED_NETWORKS or to `Authorization: Bearer
METRICS_TOKEN`; anyone else gets a 404. nginx does not pass /metrics at all: Prometheus
scrapes the web container directly on the internal network, by its container name over plain
HTTP, so `MetricsMiddleware` (first in MIDDLEWARE) answers it before the host and HTTPS checks.
"""

import contextvars
import hmac
import ipaddress
import logging
import os
import re
import uuid

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

import prometheus_client
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
# nginx's $request_id is 32 hex digits; other proxies use UUIDs. Anything else is replaced.
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9-]{16,64}$")


def current_request_id():
    return REQUEST_ID.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if ACCEPTED_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: tasks, commands)."""

    def filter(self, record):
        record.request_id = REQUEST_ID.get()
        return True


# --- /metrics -------------------------------------------------------------------------------


class PortalCollector:
    """Figures read from the database and the queue each time Prometheus scrapes."""

    def collect(self):
        yield from self._outbox()
        yield from self._tasks()
        yield from self._figures()

    def _figures(self):
        """The organisation's figures (portal/metrics.py): Grafana draws reservations per hour from them."""
        from portal.metrics import collect

        figures = GaugeMetricFamily("lumino_figure", "The figures of the admin's metrics page, by key.", labels=["key"])
        try:
            for metric in collect():
                figures.add_metric([metric.key], float(metric.value))
        except Exception:
            logger.warning("The portal's figures could not be counted for /metrics.", exc_info=True)
            return
        yield figures

    def _outbox(self):
        from portal.models import OutboundEmail

        backlog = GaugeMetricFamily(
            "lumino_outbox_backlog", "E-mails written but not delivered yet, by status.", labels=["status"]
        )
        counts = dict.fromkeys(OutboundEmail.Status.values, 0)
        try:
            for row in OutboundEmail.objects.values("status").annotate(total=Count("pk")):
                counts[row["status"]] = row["total"]
        except Exception:  # a scrape must never fail because one source is down
            logger.warning("The outbox could not be counted for /metrics.", exc_info=True)
            return
        for status, total in counts.items():
            backlog.add_metric([status], total)
        yield backlog

    def _tasks(self):
        depth = GaugeMetricFamily("lumino_task_queue_depth", "Tasks waiting to run.", labels=["queue"])
        states = GaugeMetricFamily(
            "lumino_tasks", "Tasks the backend still records, by state (finished ones expire).", labels=["state"]
        )
        try:
            if "django_rq" in settings.INSTALLED_APPS:
                figures = _rq_figures()
            else:
                figures = _database_task_figures()
        except Exception:
            logger.warning("The task queue could not be read for /metrics.", exc_info=True)
            return
        for queue, waiting in figures["depth"].items():
            depth.add_metric([queue], waiting)
        for state, total in figures["states"].items():
            states.add_metric([state], total)
        yield depth
        yield states


def _rq_figures():
    import django_rq

    queues = {name: django_rq.get_queue(name) for name in settings.RQ_QUEUES}
    states = {"running": 0, "succeeded": 0, "failed": 0}
    for queue in queues.values():
        states["running"] += queue.started_job_registry.count
        states["succeeded"] += queue.finished_job_registry.count
        states["failed"] += queue.failed_job_registry.count
    return {"depth": {name: queue.count for name, queue in queues.items()}, "states": states}


def _database_task_figures():
    from django_tasks_db.models import DBTaskResult

    names = {"READY": "waiting", "RUNNING": "running", "SUCCESSFUL": "succeeded", "FAILED": "failed"}
    states = dict.fromkeys(names.values(), 0)
    depth = {}
    for row in DBTaskResult.objects.values("status", "queue_name").annotate(total=Count("pk")):
        states[names.get(row["status"], row["status"].lower())] += row["total"]
        if row["status"] == "READY":
            depth[row["queue_name"]] = depth.get(row["queue_name"], 0) + row["total"]
    return {"depth": depth or {"default": 0}, "states": states}


def _allowed(request):
    token = settings.METRICS_TOKEN
    authorization = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.METRICS_ALLOWED_NETWORKS)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/metrics":
            try:
                return metrics_view(request)
            except Http404:
                return HttpResponse("Not Found", status=404, content_type="text/plain")
        return self.get_response(request)


@never_cache
def metrics_view(request):
    if not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # gunicorn's workers each write their figures to files; one scrape adds them up.
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    portal = prometheus_client.CollectorRegistry()
    portal.register(PortalCollector())
    body = prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(portal)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
