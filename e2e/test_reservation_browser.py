"""Reserving a seat in a real browser: from the course page to the confirmation and My Lumino.

Expected texts come from the same translation catalogue the server uses (the browser asks for
Spanish), so the tests hold before and after the .po files are filled in.
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


@pytest.fixture
def course(site_tree):
    from courses.models import CourseIndexPage
    from courses.tests.factories import SessionFactory, fill, make_course

    # site_tree already has a plain "/cursos/" page, so the catalogue gets its own slug here.
    index = CourseIndexPage(title="Formación", slug="formacion")
    site_tree.home.add_child(instance=index)
    course = make_course("Python para el análisis de datos", parent=index)
    session = SessionFactory(course=course, capacity=12, place="Aula Turing, Madrid")
    fill(session, 4)
    course.session = session
    return course


def test_member_logs_in_reserves_a_seat_and_finds_it_in_my_lumino(page, course, member):
    page.goto(course.url)
    expect(page.locator("h1")).to_have_text(course.title)
    sessions = page.locator("#sessions")
    expect(sessions).to_contain_text("Aula Turing, Madrid")

    # The personal part of the list arrives by JavaScript: visitors are asked to log in first.
    sessions.get_by_role("link", name=re.compile(re.escape(spanish("Log in to reserve")))).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(member.raw_password)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))

    sessions.get_by_role("button", name=re.compile(re.escape(spanish("Reserve a seat")))).click()
    expect(page).to_have_url(re.compile(rf"/courses/sessions/{course.session.pk}/$"))
    confirmation = spanish("Your seat is confirmed. We have e-mailed you the details and a calendar invitation.")
    expect(page.locator(".messages")).to_contain_text(confirmation)
    expect(page.locator(".session__mine")).to_contain_text(spanish("Your seat is confirmed"))

    page.goto("/dashboard/")
    panel = page.locator("section.panel", has=page.get_by_role("heading", name=spanish("My reservations")))
    row = panel.get_by_role("row", name=re.compile(re.escape(course.title)))
    expect(row).to_contain_text(spanish("Confirmed"))
    expect(row.get_by_role("link", name=re.compile(re.escape(spanish("Cancel"))))).to_be_visible()

    from courses.models import Reservation

    reservation = Reservation.objects.get(member=member)
    assert (reservation.session_id, reservation.status) == (course.session.pk, "confirmed")


def test_without_javascript_the_session_page_takes_the_reservation(browser, live_server, course, member):
    context = browser.new_context(base_url=live_server.url, locale="es-ES", java_script_enabled=False)
    try:
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(member)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.goto(course.url)
        page.locator("#sessions").get_by_role(
            "link", name=re.compile(re.escape(spanish("Reserve or see details")))
        ).click()
        expect(page).to_have_url(re.compile(rf"/courses/sessions/{course.session.pk}/$"))
        page.get_by_role("button", name=re.compile(re.escape(spanish("Reserve a seat")))).click()
        expect(page.locator(".session__mine")).to_contain_text(spanish("Your seat is confirmed"))
    finally:
        context.close()
    from courses.models import Reservation

    assert Reservation.objects.get(member=member).status == "confirmed"
