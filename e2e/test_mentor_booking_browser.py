"""Booking an advisory in a real browser: from the mentor's page to the confirmation in My Lumino.

Expected texts come from the same translation catalogue the server uses (the browser asks for
Spanish). Screenshots of the booking form and of My Lumino, at 375 and 1280 px, are written to
/tmp/shots-bookings/ for a person to look at.
"""

import re
import tempfile
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext, pgettext

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(tempfile.gettempdir()) / "shots-bookings"


def spanish(text, context=None):
    with translation.override("es"):
        return pgettext(context, text) if context else gettext(text)


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.fixture
def mentor_page(site_tree):
    from mentors.models import MentorIndexPage, MentorPage
    from mentors.tests.booking_factories import make_advisor

    # Every weekday, so there are free slots past the minimum notice whatever day the test runs.
    mentor = make_advisor("Laura Gómez Ortega", slots=[(day, 9, 13) for day in range(1, 8)])
    index = MentorIndexPage(title="Mentores", slug="mentores", show_in_menus=True)
    site_tree.home.add_child(instance=index)
    index.save_revision().publish()
    page = MentorPage(title=mentor.full_name, slug="laura-gomez-ortega", mentor=mentor, intro="Ingeniera de datos.")
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_member_books_an_advisory_from_the_mentor_page_and_finds_it_in_my_lumino(page, mentor_page, member, login_as):
    login_as(member)
    page.goto(mentor_page.url)
    section = page.locator("#reservar")
    expect(section.get_by_role("heading", name=spanish("Book an advisory"))).to_be_visible()
    expect(section).to_contain_text(spanish("Free", "advisory price"))

    # The form (with its CSRF token) arrives by JavaScript, in place of the visitor's list.
    form = section.locator("form.booking-form")
    expect(form).to_be_visible()
    first_time = form.locator(".booking-times label").first
    chosen = first_time.inner_text().strip()[:5]
    first_time.click()
    expect(form.locator("input[name=starts_at]:checked")).to_have_count(1)
    form.get_by_label(spanish("What would you like to talk about?")).fill("Pasar mis hojas de cálculo a pandas")
    shoot(page, "mentor-page-form")
    form.get_by_role("button", name=spanish("Book the advisory")).click()

    expect(page).to_have_url(re.compile(r"/dashboard/#advisories$"))
    confirmation = spanish("Your advisory is booked. We have e-mailed you the details and a calendar invitation.")
    expect(page.locator(".messages")).to_contain_text(confirmation)
    panel = page.locator("section.panel", has=page.get_by_role("heading", name=spanish("My advisories")))
    row = panel.get_by_role("row", name=re.compile("Laura Gómez Ortega"))
    expect(row).to_contain_text(spanish("Confirmed", "advisory status"))
    expect(row).to_contain_text(chosen)
    expect(row.get_by_role("link", name=re.compile(re.escape(spanish("Cancel"))))).to_be_visible()
    shoot(page, "my-lumino-advisories")

    from mentors.models import Booking

    booking = Booking.objects.get(member=member)
    assert (booking.status, booking.topic) == ("confirmed", "Pasar mis hojas de cálculo a pandas")


def test_a_visitor_is_asked_to_log_in_and_then_books_with_the_keyboard(page, mentor_page, member):
    page.goto(mentor_page.url)
    section = page.locator("#reservar")
    expect(section.locator("time").first).to_be_visible()
    expect(section.locator("form")).to_have_count(0)
    shoot(page, "mentor-page-visitor")
    section.get_by_role("link", name=spanish("Log in to book")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(member.raw_password)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/mentors/{mentor_page.mentor_id}/book/$"))

    # Keyboard only: the first time gets focus, arrows move between times, space picks one.
    page.locator("input[name=starts_at]").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(page.locator("input[name=starts_at]:checked")).to_have_count(1)
    page.keyboard.press("Tab")
    page.keyboard.type("Preparar una entrevista técnica")
    shoot(page, "book-page")
    page.get_by_role("button", name=spanish("Book the advisory")).press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/#advisories$"))

    from mentors.models import Booking

    assert Booking.objects.get(member=member).topic == "Preparar una entrevista técnica"
