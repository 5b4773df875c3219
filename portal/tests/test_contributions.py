"""App contributions (dashboard panels, demo content, sweeps) are found in every installed app,
and a broken one stops the run instead of disappearing."""

import importlib.machinery
import sys
import types
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from accounts import dashboard
from portal.contributions import app_modules, project_apps


def fake_module(name, **functions):
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    module.__dict__.update(functions)
    return module


class ContributionTests(SimpleTestCase):
    def test_only_the_repositorys_apps_are_visited_in_installed_apps_order(self):
        names = [config.name for config in project_apps()]
        self.assertEqual(names[:3], ["portal", "accounts", "home"])
        self.assertLess(names.index("news"), names.index("library"))
        self.assertNotIn("wagtail.admin", names)

    def test_each_app_with_a_module_of_that_name_contributes(self):
        self.assertEqual(
            [module.__name__ for module in app_modules("demo")],
            [f"{config.name}.demo" for config in project_apps() if f"{config.name}.demo" in sys.modules],
        )
        self.assertIn("courses.dashboard", [module.__name__ for module in dashboard._modules()])
        self.assertIn("search.demo", [module.__name__ for module in app_modules("demo")])

    def test_a_module_without_the_expected_functions_fails_loudly(self):
        with mock.patch.dict(sys.modules, {"news.dashboard": fake_module("news.dashboard", panel=lambda r: [])}):
            with self.assertRaisesMessage(
                ImproperlyConfigured, "news.dashboard defines none of panels, greeting_items"
            ):
                dashboard.collect_panels(mock.Mock())

    def test_a_module_that_fails_to_import_is_not_skipped(self):
        broken = fake_module("news.dashboard")
        with (
            mock.patch.dict(sys.modules, {"news.dashboard": broken}),
            mock.patch("portal.contributions.import_module", side_effect=ImportError("boom")),
        ):
            with self.assertRaisesMessage(ImportError, "boom"):
                app_modules("dashboard")
