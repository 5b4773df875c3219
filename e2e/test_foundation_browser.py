"""The foundation in a real browser: the home page, its navigation, and logging in with e-mail.

Expected texts come from the same translation catalogue the server uses, so the tests hold
before and after the Spanish .po files are filled in.
"""

import re

from django.utils import translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def spanish(text):
    with translation.override("es"):
        return gettext(text)


def test_home_page_has_title_skip_link_and_working_navigation(page, site_tree):
    page.goto("/")
    expect(page).to_have_title(re.compile(rf"^{re.escape(site_tree.home.title)}\b.*Lumino"))
    expect(page.locator("h1")).to_have_text(site_tree.home.hero_title)

    # The skip link is the first thing the keyboard reaches, and it moves focus to the content.
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_text(spanish("Skip to content"))
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    page.locator("nav.site-nav").get_by_role("link", name=site_tree.section.title).click()
    expect(page).to_have_url(re.compile(r"/cursos/$"))
    expect(page.locator("h1")).to_have_text(site_tree.section.title)


def test_member_logs_in_with_email_and_lands_on_my_lumino(page, site_tree, member):
    page.goto("/")
    # The account menu is a fragment fetched by JavaScript; anonymous visitors get "Log in" there.
    page.locator(".site-account").get_by_role("link", name=spanish("Log in")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(member.raw_password)
    page.locator("main form [type=submit]").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("h1")).to_have_text(spanish("My Lumino"))
    expect(page.locator("main")).to_contain_text(member.get_full_name())


def test_wrong_password_keeps_the_visitor_on_the_login_form(page, site_tree, member):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main form [type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("input[name=login]")).to_have_value(member.email)
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/"))


def test_a_member_logged_in_by_fixture_gets_the_personal_account_menu(page, site_tree, member, login_as):
    login_as(member)
    page.goto("/")
    account = page.locator(".site-account")
    expect(account.get_by_role("button", name=spanish("Log out"))).to_be_visible()
    expect(account.get_by_role("link", name=spanish("Log in"))).to_have_count(0)
