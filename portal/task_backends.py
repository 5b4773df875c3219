"""The RQ backend, made to degrade rather than fail when Redis is unreachable."""

import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_rq.backend import RQBackend
from redis.exceptions import RedisError

from .outages import REDIS

logger = logging.getLogger(__name__)


class ResilientRQBackend(RQBackend):
    """Runs a task in-process when Redis cannot take it (down, timing out, read-only, out of memory).

    Tasks are idempotent and their must-happen work is recorded in the database first, so
    running one inline (slower, but done) beats failing the request that enqueued it.
    """

    def enqueue(self, task, args, kwargs):
        try:
            result = super().enqueue(task, args, kwargs)
        except RedisError as exc:
            REDIS.failed(exc)
            logger.info("Running %s in-process: Redis cannot take it.", task.module_path)
            return ImmediateBackend(self.alias, {"QUEUES": list(self.queues)}).enqueue(task, args, kwargs)
        REDIS.succeeded()
        return result
