"""What a person sees on first paint stays put, and the pages pass axe-core (WCAG 2.2 AA).

The account menu and the greeting load after the page; they must not move anything already
painted. `make audit` runs the full Lighthouse and axe audit on the demo; this keeps a fast part in CI.
"""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from search.tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]
# The sum of the layout-shift entries not caused by input (what Lighthouse reports as CLS).
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 300);
})"""
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def spanish(text):
    with translation.override("es"):
        return gettext(text)


@pytest.fixture
def content(site_tree):
    index = builders.indexes()
    site_tree.article = builders.article(index["library"], "Introducción a Python", body="Variables y bucles.")
    builders.news(index["news"], "Jornada de puertas abiertas", body="Charlas sobre Python y datos.")
    return site_tree


def load(page, path, *, member=False):
    page.goto(path, wait_until="networkidle")
    account = page.locator(".site-account")
    if member:
        expect(account.get_by_role("button", name=spanish("Log out"))).to_be_visible()
    else:
        expect(account.get_by_role("link", name=spanish("Log in"))).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_nothing_moves_after_first_paint(page, content, member, login_as, who, width):
    page.set_viewport_size({"width": width, "height": 800})
    if who == "member":
        login_as(member)
    # The home page's greeting (members only) sits below its featured cards: off screen on the demo,
    # but this test's home page is too short for that, so members are measured on other pages.
    paths = ["/search/?q=python", content.article.url] + (["/"] if who == "visitor" else [])
    for path in paths:
        load(page, path, member=who == "member")
        assert page.evaluate(LAYOUT_SHIFT) < 0.01, f"{path} moved after first paint for a {who} at {width}px"


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_header_is_one_line_on_a_desktop(page, site_tree, member, login_as, who):
    if who == "member":
        login_as(member)
    load(page, "/", member=who == "member")
    boxes = page.eval_on_selector_all(
        ".site-header__inner > *",
        "items => items.filter(i => i.offsetParent).map(i => i.getBoundingClientRect().toJSON())",
    )
    assert len(boxes) >= 5
    # One line: every item's vertical extent overlaps every other's.
    assert max(box["top"] for box in boxes) < min(box["bottom"] for box in boxes), boxes
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 2 * max(box["height"] for box in boxes)


@pytest.mark.parametrize("where", ["home", "search", "article", "login", "My Lumino"])
def test_pages_have_no_axe_violations(page, content, member, login_as, where):
    paths = {
        "home": "/",
        "search": "/search/?q=python",
        "article": content.article.url,
        "login": "/accounts/login/",
        "My Lumino": "/dashboard/",
    }
    if where == "My Lumino":
        login_as(member)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(paths[where], wait_until="networkidle")
        assert axe_violations(page) == [], f"{where} at {width}px"


def axe_violations(page):
    page.evaluate(AXE_SOURCE)
    found = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [f"{v['id']}: {node['target']} {node['failureSummary']}" for v in found["violations"] for node in v["nodes"]]
