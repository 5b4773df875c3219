"""Browser-test fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Writing a browser test (e2e/test_<journey>_browser.py):

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

    def test_member_finds_a_course(page, site_tree, member, login_as):
        login_as(member)                      # session cookie, no form (the foundation test uses the form)
        page.goto("/")                        # relative to the live server
        expect(page.locator("h1")).to_be_visible()

Fixtures, from widest to narrowest:
- ``browser`` (session): one headless Chromium for the whole run. Skipped with an install hint when
  /usr/bin/chromium is missing, or failed when LUMINO_REQUIRE_BROWSER=1 (CI).
- ``browser_context`` / ``page`` (function): a fresh context (cookies, storage) per test, Spanish
  locale, 1280x800, ``base_url`` set to the live server. A failing test leaves a screenshot in
  e2e/artifacts/.
- ``site_tree``: the home page plus one published child page shown in menus (plain Wagtail ``Page``,
  so it works before any app's page types exist). Tests needing their own pages build them under
  ``site_tree.home``.
- ``member``: a member with a verified e-mail address; ``member.raw_password`` logs in.
- ``login_as(user)``: logs ``user`` into the current ``page`` by setting a session cookie.

Data created in a test is committed (transactional DB) so the live server, on another thread, sees it.
"""

import os
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import connections

import pytest

from e2e.browser import MISSING, chromium_installed, launch

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MEMBER_PASSWORD = "un-paseo-por-la-biblioteca"  # a test account only
DEFAULT_TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Browser tests get a transactional DB with serialized rollback.

    A transactional test empties every table when it ends, which would also remove the rows that
    migrations create (Wagtail's root page, the home page, the role groups). Serialized rollback
    restores them before each test. pytest-django decides what to serialize from the marker alone,
    so the marker is completed here rather than by a fixture.
    """
    for item in items:
        if item.get_closest_marker("browser") is None:
            continue
        marker = item.get_closest_marker("django_db")
        options = dict(marker.kwargs) if marker else {}
        if not options.get("serialized_rollback") or not options.get("transaction"):
            options.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**options), append=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not chromium_installed():
        if os.environ.get("LUMINO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LUMINO_REQUIRE_BROWSER=1 but {MISSING}", pytrace=False)
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running on this thread for as long as it lives,
    # and Django refuses database access while a loop is running (SynchronousOnlyOperation), even
    # though the test code itself is synchronous. The flag lifts that check for the rest of the run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a loop running, Django's per-thread `connections` switch to a separate, empty store and
    # would open second connections without the test database's serialized contents (so rollback
    # emulation silently restores nothing). Hand the existing connection objects to that store.
    with django_db_blocker.unblock():
        wrappers = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, wrapper in wrappers.items():
        connections[alias] = wrapper
    try:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="es-ES", viewport={"width": 1280, "height": 800}, timezone_id="Europe/Madrid"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(request, browser_context):
    page = browser_context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in request.node.nodeid)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    page.close()


@pytest.fixture
def site_tree(transactional_db):
    """The published home page and a child page in the main navigation."""
    from wagtail.models import Page

    from home.models import HomePage

    home = HomePage.objects.get()
    home.hero_title = "Formación técnica que se nota en tu trabajo"
    home.save_revision().publish()
    section = Page(title="Cursos", slug="cursos", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    return SimpleNamespace(home=home, section=section)


@pytest.fixture
def member(transactional_db):
    from accounts.roles import Role
    from accounts.tests.factories import make_person

    person = make_person(
        "marta",
        Role.MEMBER,
        first_name="Marta",
        last_name="Alumna",
        email="marta@example.com",
        password=MEMBER_PASSWORD,
        language="es",  # the browser asks for Spanish; logging in applies the member's language
    )
    person.raw_password = MEMBER_PASSWORD
    return person


@pytest.fixture
def login_as(browser_context, live_server):
    """Log a user in without the form: a real session, its cookie handed to the browser."""
    from django.test import Client

    def log_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return user

    return log_in
