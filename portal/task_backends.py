"""The RQ backend, made to degrade rather than fail when Redis is unreachable."""

import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_rq.backend import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class ResilientRQBackend(RQBackend):
    """Runs a task in-process when Redis cannot take it.

    Tasks are idempotent and their must-happen work is recorded in the database first, so
    running one inline (slower, but done) beats failing the request that enqueued it.
    """

    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            logger.warning("Redis is unavailable; running %s in-process.", task.name)
            return ImmediateBackend(self.alias, {}).enqueue(task, args, kwargs)
