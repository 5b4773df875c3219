"""A predictable test-only metrics contribution, whatever the real apps contribute."""

import importlib.machinery
import sys
import types
from decimal import Decimal
from unittest import mock

from portal.metrics import Metric


def fake_module(name, **functions):
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    module.__dict__.update(functions)
    return module


def hours_metrics(today):
    return [
        Metric(
            key="test_hours",
            label="Test hours",
            value=Decimal("1234.567"),
            unit="h",
            breakdown=(("Proyecto Faro", Decimal("1000.5")), ("Proyecto Brújula", Decimal("234.067"))),
            chart="bars",
        )
    ]


def contributed(**modules):
    """Pretend `news.metrics` (or any named app module) exists: `contributed(news=hours_metrics)`."""
    fakes = {f"{app}.metrics": fake_module(f"{app}.metrics", metrics=function) for app, function in modules.items()}
    return mock.patch.dict(sys.modules, fakes)
