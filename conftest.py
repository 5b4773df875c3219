import shutil

from django.conf import settings
from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits, cached fragments and the content version must not leak from one test into the next."""
    from home.fragments import forget_version

    cache.clear()
    forget_version()
    yield
    cache.clear()
    forget_version()


@pytest.fixture(autouse=True)
def _no_outage_carried_over():
    """A dependency another test "took down" is up again (portal/outages.py keeps per-process state)."""
    from portal.outages import OUTAGES

    for outage in OUTAGES:
        outage.since = None


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT.parent, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _outbox_email_backend(django_test_environment):
    """Django's test set-up swaps EMAIL_BACKEND for locmem; put the outbox back, so tests send
    e-mail as production does (stored, delivered on commit by a task, then in mail.outbox)."""
    settings.EMAIL_BACKEND = "portal.mail.OutboxBackend"


@pytest.fixture(autouse=True)
def _english_unless_asked(request, monkeypatch):
    """Assertions are written against the English source strings, so tests speak English.

    Spanish is the site's default for a visitor with no preference; tests of that default are
    marked `spanish_default`, and browser tests (which see the site as a visitor does) keep the
    real detection too. A language cookie or an
    Accept-Language header (browsers send one) is always honoured.
    """
    from django.utils import translation

    if request.node.get_closest_marker("spanish_default") or request.node.get_closest_marker("browser"):
        yield
        return
    detect = translation.get_language_from_request

    def english_by_default(http_request, check_path=False):
        if settings.LANGUAGE_COOKIE_NAME in http_request.COOKIES or "HTTP_ACCEPT_LANGUAGE" in http_request.META:
            return detect(http_request, check_path)
        return "en"

    monkeypatch.setattr(translation, "get_language_from_request", english_by_default)
    with translation.override("en"):
        yield
