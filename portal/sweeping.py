"""The sweep machinery: apps register periodic recovery in their own `sweeps.py` with `@register`;
`run_all` (the `sweep` command and the `run_sweeps` task) discovers and runs them all.

It imports no sweep itself, so the task that runs the sweeps and the sweeps that queue tasks
do not import each other.
"""

import logging

from django.utils.module_loading import autodiscover_modules

# The name operators and tests know the sweeps' errors by.
logger = logging.getLogger("portal.sweeps")
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
