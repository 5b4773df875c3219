"""Periodic recovery of work that must happen (outbox e-mail, stuck tasks, re-indexing).

Apps register sweeps in their own `sweeps.py` with `@register`; `manage.py sweep` (run by
`make worker` and the docker-compose worker every minute) calls them all.
"""

import logging

from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)
_registry = {}


def register(func):
    _registry[f"{func.__module__}.{func.__name__}"] = func
    return func


def run_all():
    autodiscover_modules("sweeps")
    results = {}
    for name, func in sorted(_registry.items()):
        try:
            results[name] = func()
        except Exception:
            logger.exception("Sweep %s failed", name)
            results[name] = "error"
    return results


@register
def requeue_emails():
    from .mail import requeue_due_emails

    return requeue_due_emails()
