"""Booking from the mentor's page, cancelling from My Lumino, and who may see what."""

from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from freezegun import freeze_time

from mentors.bookings import book_advisory
from mentors.dashboard import panels
from mentors.models import Booking
from portal.testing import LuminoTestCase

from .booking_factories import NOW, local, make_advisor
from .factories import make_directory, make_page

WED_10, WED_11 = local(2026, 2, 4, 10), local(2026, 2, 4, 11)
KEY_10 = "2026-02-04T09:00:00Z"


@freeze_time(NOW)
class MentorPageBookingTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor)
        cls.page = make_page(make_directory(), cls.advisor)

    def test_visitors_see_the_free_slots_and_a_log_in_link_but_no_form(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, "Book an advisory")
        self.assertContains(response, '<time datetime="2026-02-04T10:00:00+01:00">10:00</time>', html=True)
        book_url = reverse("mentors:book", args=[self.advisor.pk])
        self.assertContains(response, f"/accounts/login/?next={book_url}")
        self.assertNotContains(response, "csrfmiddlewaretoken")
        self.assertNotContains(response, 'name="starts_at"')

    def test_the_page_is_the_same_for_a_member_and_the_form_comes_apart(self):
        self.client.force_login(self.member)
        page = self.client.get(self.page.url)
        self.assertNotContains(page, "csrfmiddlewaretoken")
        panel = self.client.get(reverse("mentors:booking_panel", args=[self.advisor.pk]))
        self.assertEqual(panel.status_code, 200)
        self.assertIn("no-store", panel["Cache-Control"])
        self.assertContains(panel, "csrfmiddlewaretoken")
        self.assertContains(panel, f'value="{KEY_10}"')
        self.assertContains(panel, '<label for="slot-2026-02-04T09:00:00Z">', count=1)

    def test_a_member_books_a_slot_and_lands_on_my_advisories(self):
        self.client.force_login(self.member)
        url = reverse("mentors:book", args=[self.advisor.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"starts_at": KEY_10, "topic": "Mi API en Django"})
        self.assertRedirects(response, reverse("accounts:dashboard") + "#advisories", fetch_redirect_response=False)
        booking = Booking.objects.get()
        self.assertEqual((booking.member, booking.starts_at, booking.status), (self.member, WED_10, "confirmed"))
        self.assertEqual(len(mail.outbox), 2)
        dashboard = self.client.get(reverse("accounts:dashboard"))
        self.assertContains(dashboard, "Mi API en Django")
        self.assertContains(dashboard, "Your advisory is booked.")
        self.assertContains(dashboard, reverse("mentors:cancel_booking", args=[booking.pk]))
        # The slot is gone from the page.
        self.assertNotContains(self.client.get(self.page.url), 'datetime="2026-02-04T10:00:00+01:00"')

    def test_a_taken_slot_is_refused_with_its_reason_and_nothing_is_stored(self):
        book_advisory(mentor=self.advisor, member=self.other_member, starts_at=WED_10, topic="Antes")
        self.client.force_login(self.member)
        response = self.client.post(
            reverse("mentors:book", args=[self.advisor.pk]), {"starts_at": KEY_10, "topic": "Después"}
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "has just been booked by someone else", status_code=409)
        self.assertEqual(Booking.objects.filter(member=self.member).count(), 0)

    def test_bad_input_is_a_400_naming_the_field(self):
        self.client.force_login(self.member)
        url = reverse("mentors:book", args=[self.advisor.pk])
        for data, text in (
            ({"starts_at": "mañana", "topic": "Algo"}, "Choose one of the free times."),
            ({"starts_at": KEY_10, "topic": ""}, "Tell the mentor in a few words"),
            ({"starts_at": "2026-02-04T09:30:00Z", "topic": "Algo"}, "does not offer an advisory starting at"),
        ):
            response = self.client.post(url, data)
            self.assertIn(response.status_code, (400, 409))
            self.assertContains(response, text, status_code=response.status_code)
        self.assertFalse(Booking.objects.exists())

    def test_a_visitor_posting_is_sent_to_log_in(self):
        url = reverse("mentors:book", args=[self.advisor.pk])
        response = self.client.post(url, {"starts_at": KEY_10, "topic": "Algo"})
        self.assertRedirects(response, f"/accounts/login/?next={url}", fetch_redirect_response=False)
        self.assertFalse(Booking.objects.exists())

    def test_an_inactive_or_unknown_mentor_is_a_404(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(reverse("mentors:book", args=[999999])).status_code, 404)


@freeze_time(NOW)
class CancelViewTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor)

    def setUp(self):
        self.booking = book_advisory(mentor=self.advisor, member=self.member, starts_at=WED_11, topic="Pandas")
        self.url = reverse("mentors:cancel_booking", args=[self.booking.pk])

    def test_the_member_confirms_and_cancels(self):
        self.client.force_login(self.member)
        self.assertContains(self.client.get(self.url), "Cancel the advisory")
        response = self.client.post(self.url, {"next": "/dashboard/#advisories"})
        self.assertRedirects(response, "/dashboard/#advisories", fetch_redirect_response=False)
        self.booking.refresh_from_db()
        self.assertTrue(self.booking.is_cancelled)

    def test_the_mentor_cancels_from_her_panel(self):
        self.client.force_login(self.mentor)
        dashboard = self.client.get(reverse("accounts:dashboard"))
        self.assertContains(dashboard, "Advisories booked with you")
        self.assertContains(dashboard, "Pandas")
        self.assertContains(dashboard, self.url)
        self.client.post(self.url)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.cancel_reason, "mentor")

    def test_another_member_gets_a_404_and_changes_nothing(self):
        self.client.force_login(self.other_member)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.booking.refresh_from_db()
        self.assertTrue(self.booking.is_confirmed)

    def test_too_late_for_the_member_shows_why_without_a_button(self):
        self.client.force_login(self.member)
        with freeze_time(local(2026, 2, 3, 12)):
            page = self.client.get(self.url)
            self.assertContains(page, "can be cancelled up to 24 hours before")
            self.assertNotContains(page, 'type="submit" class="button--danger"')
            response = self.client.post(self.url)
        self.assertEqual(response.status_code, 409)
        self.booking.refresh_from_db()
        self.assertTrue(self.booking.is_confirmed)


class DashboardQueryTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor)
        make_page(make_directory(), cls.advisor)

    def add(self, count, start_day):
        for number in range(count):
            day = start_day + number
            Booking.objects.create(
                mentor=self.advisor,
                member=self.member,
                starts_at=local(2030, 1, 1, 10).replace(day=day),
                ends_at=local(2030, 1, 1, 11).replace(day=day),
                topic=f"Tema {number}",
            )

    def panel_queries(self, user):
        request = RequestFactory().get("/dashboard/")
        request.user = type(user).objects.get(pk=user.pk)  # nothing cached from an earlier call
        with CaptureQueriesContext(connection) as queries:
            panels(request)
        return len(queries)

    def test_the_panel_runs_the_same_queries_for_2_and_for_20_rows(self):
        self.add(2, 1)
        two = (self.panel_queries(self.member), self.panel_queries(self.mentor))
        self.add(18, 3)
        twenty = (self.panel_queries(self.member), self.panel_queries(self.mentor))
        self.assertEqual(two, twenty)
        self.assertLessEqual(max(twenty), 4)
