"""Settings read from the environment: refusals at start-up, the env helpers, and the switches.

Module-level settings code runs once per process, so what depends on the environment at
import time runs in a subprocess with a clean environment.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from portal.settings.env import env_bool, env_int, env_list, env_secret, env_str, with_url_params
from portal.settings.providers import social_providers

GOOD_KEY = "k" * 50
PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""), "options": db.get("OPTIONS", {}),
    "apps": settings.INSTALLED_APPS, "providers": sorted(settings.SOCIALACCOUNT_PROVIDERS),
    "debug": settings.DEBUG,
}))
"""


def run_settings(module="portal.settings.base", code=PROBE, **environ):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": module, "PYTHONPATH": str(settings.BASE_DIR)}
    env.update(environ)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def probe(**environ):
    result = run_settings(**environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


class SecretKeyTests(SimpleTestCase):
    def assertRefusesToStart(self, **environ):
        result = run_settings(**environ)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("DJANGO_SECRET_KEY must be set to a random value of at least 40 characters", result.stderr)
        self.assertIn("secrets.token_urlsafe", result.stderr)

    def test_production_refuses_to_start_without_a_secret_key(self):
        self.assertRefusesToStart()

    def test_production_refuses_a_short_key(self):
        self.assertRefusesToStart(DJANGO_SECRET_KEY="short-key")

    def test_production_refuses_the_insecure_development_key(self):
        self.assertRefusesToStart(DJANGO_SECRET_KEY="django-insecure-" + "x" * 50)

    def test_a_real_key_starts_with_debug_off(self):
        self.assertFalse(probe(DJANGO_SECRET_KEY=GOOD_KEY)["debug"])

    def test_the_key_can_come_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".key") as secret:
            secret.write(GOOD_KEY + "\n")
            secret.flush()
            self.assertFalse(probe(DJANGO_SECRET_KEY_FILE=secret.name)["debug"])

    def test_development_settings_start_without_any_key(self):
        self.assertTrue(probe(module="portal.settings.dev")["debug"])


class DatabaseSwitchTests(SimpleTestCase):
    def test_sqlite_by_default_with_immediate_transactions(self):
        db = probe(DJANGO_SECRET_KEY=GOOD_KEY)
        self.assertEqual(db["engine"], "django.db.backends.sqlite3")
        self.assertEqual(db["options"]["transaction_mode"], "IMMEDIATE")

    def test_database_url_switches_to_postgresql(self):
        db = probe(DJANGO_SECRET_KEY=GOOD_KEY, DATABASE_URL="postgres://lumino:pw@db.internal:5432/lumino")
        self.assertEqual(db["engine"], "django.db.backends.postgresql")
        self.assertEqual((db["name"], db["host"]), ("lumino", "db.internal"))
        self.assertNotIn("transaction_mode", db["options"])


class SocialProviderSettingsTests(SimpleTestCase):
    def test_no_keys_no_providers(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(social_providers(), ([], {}))

    def test_a_provider_needs_both_its_id_and_its_secret(self):
        with mock.patch.dict(os.environ, {"GITHUB_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "s"}, clear=True):
            self.assertEqual(social_providers(), ([], {}))

    def test_configured_providers_are_installed_without_email_authentication(self):
        environ = {"GITHUB_CLIENT_ID": "gh-id", "GITHUB_CLIENT_SECRET": "gh-secret", "GOOGLE_CLIENT_ID": "g-id"}
        with tempfile.NamedTemporaryFile("w") as secret:
            secret.write("g-secret\n")
            secret.flush()
            with mock.patch.dict(os.environ, {**environ, "GOOGLE_CLIENT_SECRET_FILE": secret.name}, clear=True):
                apps, providers = social_providers()
        self.assertEqual(apps, ["allauth.socialaccount.providers.github", "allauth.socialaccount.providers.google"])
        self.assertEqual(providers["github"]["APPS"], [{"client_id": "gh-id", "secret": "gh-secret", "key": ""}])
        self.assertEqual(providers["google"]["APPS"][0]["secret"], "g-secret")
        self.assertFalse(any(provider["EMAIL_AUTHENTICATION"] for provider in providers.values()))

    def test_keys_in_the_environment_install_the_provider_and_its_login_url(self):
        code = PROBE.replace("print(", "from django.urls import reverse\nreverse('github_login')\nprint(")
        config = probe(code=code, DJANGO_SECRET_KEY=GOOD_KEY, GITHUB_CLIENT_ID="id", GITHUB_CLIENT_SECRET="secret")
        self.assertIn("allauth.socialaccount.providers.github", config["apps"])
        self.assertEqual(config["providers"], ["github"])

    def test_without_keys_nothing_is_installed(self):
        config = probe(DJANGO_SECRET_KEY=GOOD_KEY)
        self.assertFalse([app for app in config["apps"] if app.startswith("allauth.socialaccount.providers.")])
        self.assertEqual(config["providers"], [])


class EnvHelperTests(SimpleTestCase):
    def test_env_bool(self):
        cases = {"true": True, "Yes": True, "1": True, " on ": True}
        cases.update({"false": False, "0": False, "off": False, "": False})
        for raw, expected in cases.items():
            with self.subTest(raw=raw), mock.patch.dict(os.environ, {"FLAG": raw}):
                self.assertIs(env_bool("FLAG"), expected)
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertIs(env_bool("FLAG", True), True)

    def test_env_bool_names_the_variable_when_the_value_is_nonsense(self):
        with mock.patch.dict(os.environ, {"REQUIRE_STAFF_MFA": "maybe"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "REQUIRE_STAFF_MFA must be true or false, not 'maybe'"):
                env_bool("REQUIRE_STAFF_MFA")

    def test_env_int(self):
        with mock.patch.dict(os.environ, {"EMAIL_TIMEOUT": " 30 ", "EMPTY": ""}):
            self.assertEqual(env_int("EMAIL_TIMEOUT", 20), 30)
            self.assertEqual(env_int("EMPTY", 20), 20)
            self.assertEqual(env_int("MISSING_NUMBER", 7), 7)
        with mock.patch.dict(os.environ, {"EMAIL_TIMEOUT": "20s"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "EMAIL_TIMEOUT must be a whole number, not '20s'"):
                env_int("EMAIL_TIMEOUT", 20)

    def test_env_list_splits_on_commas_and_drops_blanks(self):
        with mock.patch.dict(os.environ, {"ALLOWED_HOSTS": " a.example, b.example ,, "}):
            self.assertEqual(env_list("ALLOWED_HOSTS"), ["a.example", "b.example"])
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(env_list("ALLOWED_HOSTS", ["localhost"]), ["localhost"])

    def test_env_str_strips(self):
        with mock.patch.dict(os.environ, {"SITE_URL": " https://lumino.example \n"}):
            self.assertEqual(env_str("SITE_URL"), "https://lumino.example")

    def test_env_secret_prefers_the_file(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "smtp"
            path.write_text("smtp://user:pw@mail.example\n")
            with mock.patch.dict(os.environ, {"EMAIL_URL": "ignored", "EMAIL_URL_FILE": str(path)}):
                self.assertEqual(env_secret("EMAIL_URL"), "smtp://user:pw@mail.example")

    def test_env_secret_names_the_variable_when_the_file_is_missing(self):
        with mock.patch.dict(os.environ, {"EMAIL_URL_FILE": "/nonexistent/secret"}):
            with self.assertRaisesMessage(ImproperlyConfigured, "EMAIL_URL_FILE points to '/nonexistent/secret'"):
                env_secret("EMAIL_URL")

    def test_with_url_params_adds_but_never_overrides(self):
        self.assertEqual(
            with_url_params("redis://cache:6379/0", socket_connect_timeout=2),
            "redis://cache:6379/0?socket_connect_timeout=2",
        )
        self.assertEqual(
            with_url_params("redis://:pw@cache:6379/1?socket_connect_timeout=5&ssl=1", socket_connect_timeout=2),
            "redis://:pw@cache:6379/1?socket_connect_timeout=5&ssl=1",
        )


class RedisSwitchTests(SimpleTestCase):
    def test_redis_url_switches_cache_and_tasks_with_a_connect_timeout(self):
        code = PROBE.replace(
            "print(json.dumps({",
            'print(json.dumps({"tasks": settings.TASKS["default"]["BACKEND"], '
            '"rq": settings.RQ_QUEUES["default"]["URL"], "cache": settings.CACHES["default"]["BACKEND"], ',
        )
        config = probe(code=code, DJANGO_SECRET_KEY=GOOD_KEY, REDIS_URL="redis://cache.internal:6379/0")
        self.assertEqual(config["tasks"], "portal.task_backends.ResilientRQBackend")
        self.assertEqual(config["rq"], "redis://cache.internal:6379/0?socket_connect_timeout=2")
        self.assertEqual(config["cache"], "django_redis.cache.RedisCache")
