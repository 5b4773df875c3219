""" "My Lumino" is assembled from panels that each app contributes.

An app adds a panel with a `dashboard.py` module defining `panels(request)`, which returns
a list of `Panel`s, and may define `greeting_items(request)`: short "what is next" lines
(`GreetingItem`s) for the home page. Each panel prepares its own data (with its own prefetching) so the
dashboard's query count does not grow with the number of items shown.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

DASHBOARD_APPS = ["courses", "learning", "news", "library"]


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass
class GreetingItem:
    text: str
    url: str = ""
    when: object = None


def _modules():
    for app in DASHBOARD_APPS:
        if find_spec(f"{app}.dashboard") is not None:
            yield import_module(f"{app}.dashboard")


def collect_panels(request):
    panels = [panel for module in _modules() if hasattr(module, "panels") for panel in module.panels(request)]
    return sorted(panels, key=lambda panel: panel.order)


def collect_greeting_items(request):
    return [
        item for module in _modules() if hasattr(module, "greeting_items") for item in module.greeting_items(request)
    ]
