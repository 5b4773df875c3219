"""A dependency that goes down is one warning when it goes and one when it is back, whatever the traffic."""

import logging

from django.core.cache import caches
from django.test import SimpleTestCase, override_settings

from portal.outages import REDIS, Outage

# Port 1 on the loopback: nothing listens there, so connecting fails at once.
DOWN_CACHE = {
    "down": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


class OutageTests(SimpleTestCase):
    def test_many_failures_are_one_warning_and_the_return_another(self):
        outage = Outage("The mail server", "e-mails wait in the outbox")
        with self.assertLogs("portal.outages", logging.INFO) as logs:
            for _attempt in range(5):
                outage.failed(ConnectionRefusedError(111, "Connection refused"))
            outage.succeeded()
            outage.succeeded()
        self.assertEqual(len(logs.records), 2)
        self.assertEqual(
            logs.output[0],
            "WARNING:portal.outages:The mail server is unavailable (ConnectionRefusedError: [Errno 111] "
            "Connection refused); e-mails wait in the outbox until it is back.",
        )
        self.assertRegex(logs.output[1], r"The mail server is back after \d+ s\.")

    @override_settings(
        CACHES=DOWN_CACHE,
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True,
        DJANGO_REDIS_LOGGER="portal.outages.cache",
    )
    def test_a_stopped_redis_cache_writes_one_warning_and_no_traceback(self):
        REDIS.since = None
        self.addCleanup(setattr, REDIS, "since", None)
        cache = caches["down"]
        with self.assertLogs(level=logging.DEBUG) as logs:
            for view in range(4):
                self.assertIsNone(cache.get(f"page-{view}"))
                cache.set(f"page-{view}", "html")
        warnings = [record for record in logs.records if record.levelno >= logging.WARNING]
        self.assertEqual(len(warnings), 1, logs.output)
        self.assertIn("Redis is unavailable", warnings[0].getMessage())
        self.assertFalse([record for record in logs.records if record.exc_info])
        self.assertTrue(REDIS.active)
