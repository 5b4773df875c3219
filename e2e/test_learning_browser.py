"""Learning in a real browser: an enrolled member completes the last lesson of a course and
downloads the certificate that completing it issued."""

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
def course(site_tree, member):
    from courses.models import CourseIndexPage, Reservation
    from courses.tests.factories import ReservationFactory, SessionFactory, make_course
    from learning.tests.factories import add_module, assessment, score

    index = CourseIndexPage(title="Formación", slug="formacion")
    site_tree.home.add_child(instance=index)
    course = make_course("Git para equipos", parent=index, duration_hours=6)
    add_module(course, "Módulo único", ["Ramas y fusiones"])
    session = SessionFactory(course=course)
    ReservationFactory(session=session, member=member, status=Reservation.Status.CONFIRMED)
    score(assessment(session, "Práctica"), member, 9)
    return course


def test_member_completes_the_last_lesson_and_downloads_the_certificate(page, course, member, login_as):
    from learning.models import Certificate, LessonPage

    lesson = LessonPage.objects.get()
    login_as(member)
    page.goto(course.url)
    # The course page's personal slot says how far the member has got, and where to start.
    expect(page.locator(".learning-progress")).to_contain_text("0")
    page.get_by_role("link", name=spanish("Start the first lesson")).click()
    expect(page).to_have_url(re.compile(re.escape(lesson.url) + "$"))
    expect(page.locator("h1")).to_have_text("Ramas y fusiones")
    page.get_by_role("button", name=spanish("Mark as complete")).click()
    expect(page.locator(".messages")).to_contain_text(spanish("Lesson marked as complete."))

    certificate = Certificate.objects.get(member=member)
    assert certificate.status == Certificate.Status.ISSUED
    page.goto("/dashboard/")
    panel = page.locator("section.panel", has=page.get_by_role("heading", name=spanish("My certificates")))
    expect(panel).to_contain_text("Git para equipos")
    with page.expect_download() as download_info:
        panel.get_by_role("link", name=re.compile(re.escape(spanish("Download the PDF")))).click()
    download = download_info.value
    assert download.suggested_filename == f"certificado-{certificate.code}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # Anyone can check it, and sees only what the holder agreed to show.
    page.goto(certificate.get_verify_url())
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "valid")
