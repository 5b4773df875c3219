"""`manage.py check --deploy` with the production settings (portal.settings.base) and a real key."""

import secrets

from django.test import SimpleTestCase

from .test_settings import run_settings

CHECK = """
import sys
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
"""


def check_deploy(**environ):
    return run_settings(code=CHECK, DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DEBUG="0", **environ)


class DeployCheckTests(SimpleTestCase):
    def test_production_settings_pass_the_deploy_check_without_warnings(self):
        result = check_deploy(SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true")
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("System check identified no issues", result.stdout)

    def test_hsts_for_subdomains_and_preload_stay_opt_in(self):
        result = check_deploy()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("security.W005", result.stderr)
        self.assertIn("security.W021", result.stderr)
        self.assertNotIn("security.W019", result.stderr)
        self.assertNotIn("drf_spectacular", result.stderr)
