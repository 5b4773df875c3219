"""One warning when a dependency goes down and one when it is back, instead of a traceback per request.

Each dependency the portal can live without for a while (Redis for the cache and the task
queue, the search engine, the SMTP server) has an `Outage`. Code that talks to it reports
`failed(error)` and `succeeded()`; the first failure logs a WARNING naming the dependency, what
the portal does meanwhile and the error, later failures are silent, and the first success after
them logs how long it lasted. The state is per process (each gunicorn worker says it once).

django-redis reports cache errors through the "portal.outages.cache" logger
(DJANGO_REDIS_LOGGER); `CacheErrorFilter` turns those records into `REDIS.failed`, and while
Redis is down a request's end pings it (at most every PROBE_SECONDS) to notice its return.
"""

import logging
import threading
import time

logger = logging.getLogger("portal.outages")

PROBE_SECONDS = 5


class Outage:
    def __init__(self, name, meanwhile):
        self.name = name
        self.meanwhile = meanwhile
        self.since = None
        self.last_probe = 0.0
        self._lock = threading.Lock()

    @property
    def active(self):
        return self.since is not None

    def failed(self, error=None):
        with self._lock:
            if self.since is not None:
                return
            self.since = time.monotonic()
        reason = f"{type(error).__name__}: {error}" if error else "no answer"
        logger.warning("%s is unavailable (%s); %s until it is back.", self.name, reason, self.meanwhile)

    def succeeded(self):
        if self.since is None:
            return
        with self._lock:
            if self.since is None:
                return
            lasted = time.monotonic() - self.since
            self.since = None
        logger.warning("%s is back after %.0f s.", self.name, lasted)

    def due_for_probe(self):
        now = time.monotonic()
        if self.since is None or now - self.last_probe < PROBE_SECONDS:
            return False
        self.last_probe = now
        return True


REDIS = Outage("Redis", "pages are served without the cache and tasks run in the web process")
SEARCH = Outage("The search engine", "search answers with a notice and index updates are kept for later")
SMTP = Outage("The mail server", "e-mails wait in the outbox")
OUTAGES = (REDIS, SEARCH, SMTP)


class CacheErrorFilter(logging.Filter):
    """On django-redis's logger: a cache error becomes REDIS.failed, never a traceback."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        REDIS.failed(getattr(error, "__cause__", None) or error)
        return False


def probe_redis(**kwargs):
    """request_finished receiver: while Redis is marked down, see now and then whether it is back."""
    if not REDIS.due_for_probe():
        return
    from django.core.cache import cache

    try:
        cache.client.get_client(write=False).ping()
    except Exception:  # noqa: BLE001 - still down: the outage was already reported
        return
    REDIS.succeeded()
