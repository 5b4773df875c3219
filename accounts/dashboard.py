""" "My Lumino" is assembled from panels that each app contributes.

An installed app adds a panel with a `dashboard.py` module defining `panels(request)`, which
returns a list of `Panel`s, and/or `greeting_items(request)`: short "what is next" lines
(`GreetingItem`s) for the home page (found by `portal.contributions`). Each panel prepares its
own data (with its own prefetching) so the dashboard's query count does not grow with the number
of items shown.
"""

from dataclasses import dataclass, field

from portal.contributions import app_modules


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
    return app_modules("dashboard", expects=("panels", "greeting_items"), exclude=(__name__,))


def collect_panels(request):
    panels = [panel for module in _modules() if hasattr(module, "panels") for panel in module.panels(request)]
    return sorted(panels, key=lambda panel: panel.order)


def collect_greeting_items(request):
    return [
        item for module in _modules() if hasattr(module, "greeting_items") for item in module.greeting_items(request)
    ]
