"""Local development: DEBUG, console e-mail and a fixed key that production refuses."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "django-insecure-lumino-development-only")
os.environ.setdefault("REQUIRE_STAFF_MFA", "false")

from .base import *  # noqa: F403
from .base import STORAGES

ALLOWED_HOSTS = ["*"]
LUMINO_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
