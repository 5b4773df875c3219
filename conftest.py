import shutil

from django.conf import settings
from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT.parent, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _outbox_email_backend(django_test_environment):
    """Django's test set-up swaps EMAIL_BACKEND for locmem; put the outbox back, so tests send
    e-mail as production does (stored, delivered on commit by a task, then in mail.outbox)."""
    settings.EMAIL_BACKEND = "portal.mail.OutboxBackend"
