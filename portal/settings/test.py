"""Test settings: fast hashing, immediate tasks, in-memory cache and mail."""

import os

os.environ["DJANGO_SECRET_KEY"] = "tests-only-" + "k" * 40
os.environ["DEBUG"] = "false"
os.environ.setdefault("LOG_FORMAT", "plain")
os.environ["REQUIRE_STAFF_MFA"] = "false"
# Tests must not depend on a search cluster; the database backend is always used.
os.environ.pop("ELASTICSEARCH_URL", None)
os.environ.pop("OPENSEARCH_URL", None)
# Nor on an object store: media stay in the per-run folders below.
os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)

from .base import *  # noqa: F403
from .base import BASE_DIR, REST_FRAMEWORK, STORAGES

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
# Pages render in full, so tests see every listing's context and count the queries of a cold
# page; home/tests/test_fragments.py and the crawl turn the fragment cache on.
LUMINO_FRAGMENT_TIMEOUT = 0
LUMINO_PAGE_CACHE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
LUMINO_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# One folder per test process (pytest-xdist workers, or two runs at once), removed by conftest.py
# when that process ends: no run sees or deletes another's files.
_TEST_RUN = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
MEDIA_ROOT = BASE_DIR / ".test-media" / _TEST_RUN / "public"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / _TEST_RUN / "private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
# No rate limits in tests (the scoped ones are off without a rate); tests of limits turn them on.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]),
}
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# A configured site takes bank transfers; tests of an unconfigured one override this with "".
LUMINO_BANK_TRANSFER_IBAN = "ES9121000418450200051332"
