"""What the project's apps contribute, found by module name (as Django finds each app's admin.py).

An app adds to a shared feature by having a module of the agreed name:

- `dashboard.py`: `panels(request)` and/or `greeting_items(request)` for "My Lumino" (accounts/dashboard.py);
- `demo.py`: `seed(context)` and/or `after_seed(context)` for `manage.py seed_demo`;
- `sweeps.py`: functions decorated with `portal.sweeps.register`;
- `api.py` (or `api/`): `routes` (prefix, viewset, basename) and/or `urlpatterns` for /api/v1/;
- `metrics.py`: `metrics(today)`, the app's figures as `portal.metrics.Metric`s, for the admin's
  metrics dashboard and /api/v1/metrics/ (portal/metrics.py);
- a page type joins the search and the home page's featured items by inheriting
  `home.searchable.SearchablePage` (no module needed).

Apps are visited in INSTALLED_APPS order. A module that exists but fails to import, or that
offers none of the functions its feature expects, raises: a broken contribution stops the
command or the test run instead of silently disappearing.
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule


def project_apps():
    """The installed apps that live in this repository (not Django's, Wagtail's or a library's)."""
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs() if Path(config.path).resolve().parent == base]


def app_modules(name, *, expects=(), exclude=()):
    """Each project app's `<app>.<name>` module, in INSTALLED_APPS order.

    `expects`: names of which every module must define at least one; `exclude`: module
    names to leave out (the feature's own module, when it lives in an app too)."""
    modules = []
    for config in project_apps():
        if f"{config.name}.{name}" in exclude or not module_has_submodule(config.module, name):
            continue
        module = import_module(f"{config.name}.{name}")
        if expects and not any(hasattr(module, attribute) for attribute in expects):
            raise ImproperlyConfigured(f"{module.__name__} defines none of {', '.join(expects)}.")
        modules.append(module)
    return modules
