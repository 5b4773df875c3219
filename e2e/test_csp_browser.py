"""The Content-Security-Policy in a real browser: the public pages, My Lumino, the API docs and
the Wagtail admin (explorer, editor, image and page choosers, preview) run without a single
violation, which Chromium reports as `securitypolicyviolation` events and console errors."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def watched(browser_context, page):
    """The page, with every CSP violation (event or console message) recorded in `page.csp`."""
    browser_context.add_init_script(RECORD_VIOLATIONS)
    page.csp = []
    page.on(
        "console",
        lambda message: page.csp.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return page


def violations(page):
    return page.csp + page.evaluate("window.__cspViolations || []")


def visit(page, path):
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert "Content-Security-Policy" in {name.title(): value for name, value in response.headers.items()}
    return response


@pytest.fixture
def news(site_tree):
    from wagtail.models import Site

    from home.models import SiteSettings
    from news.tests.factories import make_news, make_news_index

    # Made now, not by the first page view: the preview's concurrent requests share SQLite.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    index = make_news_index(slug="noticias")
    index.save_revision().publish()
    article = make_news(index, "Abrimos el aula híbrida")
    article.save_revision().publish()
    return article


@pytest.fixture
def editor(transactional_db):
    from accounts.roles import Role
    from accounts.tests.factories import make_person

    return make_person("elena", Role.EDITOR, first_name="Elena", email="elena@example.com", language="es")


def test_public_pages_and_my_lumino_run_without_violations(watched, news, member, login_as):
    for path in ("/", "/noticias/", news.url, "/search/?q=aula", "/accounts/login/", "/no-such-page/"):
        visit(watched, path)
        assert violations(watched) == [], path
    login_as(member)
    visit(watched, "/dashboard/")
    assert violations(watched) == []


def test_api_docs_render_swagger_without_violations(watched):
    visit(watched, "/api/docs/")
    expect(watched.locator(".swagger-ui .info .title")).to_contain_text("Lumino API")
    expect(watched.locator(".opblock").first).to_be_visible()
    assert violations(watched) == []


def test_the_admin_works_under_its_policy(watched, news, editor, login_as):
    login_as(editor)
    visit(watched, f"/admin/pages/{news.get_parent().pk}/")
    expect(watched.get_by_role("link", name=news.title).first).to_be_visible()
    assert violations(watched) == []

    visit(watched, f"/admin/pages/{news.pk}/edit/")
    watched.locator("#id_lead_image-chooser .unchosen [data-chooser-action-choose]").click()
    expect(watched.locator(".modal-content")).to_be_visible()
    watched.wait_for_load_state("networkidle")
    watched.locator(".modal-content button.close, .modal-content [data-bs-dismiss='modal']").first.click()
    expect(watched.locator(".modal-content")).to_be_hidden()

    watched.locator("#id_related_links-ADD").click()
    watched.locator("#id_related_links-0-target-chooser [data-chooser-action-choose]").first.click()
    chooser = watched.locator(".modal-content").last
    expect(chooser).to_contain_text(news.get_parent().get_parent().title)
    watched.wait_for_load_state("networkidle")
    chooser.get_by_role("link", name=news.get_parent().get_parent().title, exact=True).first.click()
    expect(watched.locator("#id_related_links-0-target-chooser")).not_to_have_class("blank")

    watched.wait_for_load_state("networkidle")
    watched.locator("[data-side-panel-toggle='preview']").click()
    preview = watched.frame_locator("iframe[data-w-preview-target='iframe'], #w-preview-iframe").first
    expect(preview.locator("h1")).to_have_text(news.title)
    # The preview frame is swapped on every refresh; its violations reach the console listener.
    assert violations(watched) == []

    watched.locator("#id_title").fill("Abrimos el aula híbrida renovada")
    watched.keyboard.press("Control+s")  # the editor's shortcut for "Save draft"
    watched.wait_for_load_state("networkidle")
    expect(watched.locator(".messages")).to_be_visible()
    assert violations(watched) == []
    news.refresh_from_db()
    assert news.get_latest_revision_as_object().title == "Abrimos el aula híbrida renovada"
