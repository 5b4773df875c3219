"""The RQ backend, made to degrade rather than fail when Redis is unreachable."""

import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_rq.backend import RQBackend
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRQBackend(RQBackend):
    """Runs a task in-process when Redis cannot take it (down, timing out, read-only, out of memory).

    Tasks are idempotent and their must-happen work is recorded in the database first, so
    running one inline (slower, but done) beats failing the request that enqueued it.
    """

    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except RedisError as exc:
            logger.warning("Redis is unavailable (%s); running %s in-process.", type(exc).__name__, task.module_path)
            return ImmediateBackend(self.alias, {"QUEUES": list(self.queues)}).enqueue(task, args, kwargs)
