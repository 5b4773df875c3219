"""Searching in a real browser: suggestions while typing in the header box, then the results page."""

import re

import pytest
from playwright.sync_api import expect

from search.tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(site_tree):
    index = builders.indexes()
    intro = builders.article(index["library"], "Introducción a Python", body="Variables, bucles y funciones.")
    builders.news(index["news"], "Jornada de puertas abiertas", body="Charlas sobre Python y datos.")
    return intro


def test_typing_shows_suggestions_that_the_keyboard_can_choose(page, library):
    page.goto("/")
    box = page.locator("#site-search-q")
    box.press_sequentially("introd", delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile("Introducción a Python"))
    expect(option).to_be_visible()

    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(library.url) + "$"))


def test_submitting_the_query_opens_the_results_page(page, library):
    page.goto("/")
    box = page.locator("#site-search-q")
    box.press_sequentially("python", delay=20)
    expect(page.get_by_role("option").first).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=python$"))
    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(2)
    expect(results.first.get_by_role("link", name="Introducción a Python")).to_be_visible()
    expect(page.locator(".search-result__snippet mark").first).to_have_text(re.compile("Python", re.I))
    expect(page.locator(".search-status")).to_contain_text("python")
    # The facet sidebar narrows the results without JavaScript tricks: plain links.
    page.locator(".search-facets").get_by_role("link", name=re.compile("Library|Biblioteca")).click()
    expect(results).to_have_count(1)
