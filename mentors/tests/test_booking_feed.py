"""A mentor's private calendar feed: what it holds, who can renew it, and that an old link dies."""

from django.urls import reverse

from freezegun import freeze_time
from icalendar import Calendar

from mentors.bookings import book_advisory, cancel_booking, renew_feed_token
from mentors.errors import MentorError
from mentors.models import Booking
from portal.testing import LuminoTestCase

from .booking_factories import NOW, local, make_advisor


@freeze_time(NOW)
class FeedTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor)

    def setUp(self):
        self.token = renew_feed_token(mentor=self.advisor, by=self.mentor)
        self.url = reverse("mentors:feed", args=[self.token])

    def test_the_feed_lists_her_live_advisories_with_name_and_topic_but_no_e_mail(self):
        kept = book_advisory(mentor=self.advisor, member=self.member, starts_at=local(2026, 2, 4, 10), topic="Pandas")
        gone = book_advisory(mentor=self.advisor, member=self.other_member, starts_at=local(2026, 2, 4, 11), topic="X")
        cancel_booking(booking=gone, by=self.other_member)
        Booking.objects.create(
            mentor=self.advisor,
            member=self.member,
            starts_at=local(2025, 12, 1, 10),
            ends_at=local(2025, 12, 1, 11),
            topic="Hace mucho",
        )
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("no-store", response["Cache-Control"])
        body = response.content.decode()
        self.assertNotIn("@example.com", body)
        self.assertNotIn(self.member.email, body)
        events = Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual([str(event["uid"]) for event in events], [f"advisory-{kept.pk}@testserver"])
        event = events[0]
        self.assertEqual(str(event["summary"]), "Advisory: Marta Ruiz")
        self.assertEqual(str(event["description"]), "Pandas")
        self.assertIn("DTSTART:20260204T090000Z", body)
        self.assertIn("DTEND:20260204T100000Z", body)

    def test_a_renewed_link_replaces_the_old_one(self):
        new = renew_feed_token(mentor=self.advisor, by=self.manager)
        self.assertNotEqual(new, self.token)
        self.assertGreaterEqual(len(new), 43)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.get(reverse("mentors:feed", args=[new])).status_code, 200)

    def test_the_token_is_stored_encrypted_and_looked_up_by_its_hash(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT feed_token, feed_token_hash FROM mentors_mentor WHERE id = %s", [self.advisor.pk])
            stored, digest = cursor.fetchone()
        self.assertNotEqual(stored, self.token)
        self.assertNotIn(self.token, digest)

    def test_unknown_links_are_404(self):
        for token in ("nada", self.token[:-1] + ("A" if self.token[-1] != "A" else "B"), "x" * 300):
            self.assertEqual(self.client.get(reverse("mentors:feed", args=[token])).status_code, 404)

    def test_only_the_mentor_herself_or_a_manager_renews_it(self):
        for person in (self.member, self.editor):
            with self.assertRaises(MentorError):
                renew_feed_token(mentor=self.advisor, by=person)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_the_mentor_renews_it_from_my_lumino(self):
        self.client.force_login(self.mentor)
        dashboard = self.client.get(reverse("accounts:dashboard"))
        self.assertContains(dashboard, self.url)
        response = self.client.post(reverse("mentors:renew_feed"))
        self.assertRedirects(response, "/dashboard/#advisories", fetch_redirect_response=False)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.advisor.refresh_from_db()
        self.assertContains(self.client.get(reverse("accounts:dashboard")), self.advisor.feed_token)

    def test_someone_without_a_mentor_record_cannot_renew(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(reverse("mentors:renew_feed")).status_code, 404)
        self.assertEqual(self.client.get(reverse("mentors:renew_feed")).status_code, 405)

    def test_managers_see_and_renew_it_in_the_admin_and_other_staff_cannot(self):
        url = reverse("mentors_calendar_link", args=[self.advisor.pk])
        self.client.force_login(self.manager)
        self.assertContains(self.client.get(url), self.url)
        self.client.post(url)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.editor)
        self.assertIn(self.client.get(url).status_code, (302, 403))
