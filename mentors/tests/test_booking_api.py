"""/api/v1/bookings/ and /api/v1/mentors/{id}/slots/: shapes, refusals in the shared body, and privacy."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from freezegun import freeze_time

from mentors.bookings import book_advisory
from mentors.models import Booking
from portal.testing import LuminoTestCase

from .booking_factories import NOW, local, make_advisor

WED_10 = local(2026, 2, 4, 10)


@freeze_time(NOW)
class BookingApiTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor)
        cls.other_advisor = make_advisor("Nuria Fernández", email="nuria@mentores.example")

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def post(self, url, body=None, user=None):
        self.client.force_login(user or self.member)
        response = self.client.post(url, body or {}, content_type="application/json")
        return response, response.json()

    def test_booking_answers_201_with_the_advisory(self):
        body = {"mentor": self.advisor.pk, "starts_at": "2026-02-04T10:00:00+01:00", "topic": "Pandas"}
        response, data = self.post("/api/v1/bookings/", body)
        self.assertEqual(response.status_code, 201, data)
        booking = Booking.objects.get()
        self.assertEqual(data["id"], booking.pk)
        self.assertEqual((data["status"], data["topic"], data["pay_url"]), ("confirmed", "Pandas", None))
        self.assertEqual(data["mentor"]["full_name"], "Laura Gómez")
        self.assertEqual(data["starts_at"], "2026-02-04T10:00:00+01:00")
        self.assertTrue(data["may_cancel"])
        self.assertEqual(booking.starts_at, WED_10)

    def test_a_taken_slot_is_a_409_in_the_shared_body(self):
        book_advisory(mentor=self.advisor, member=self.other_member, starts_at=WED_10, topic="Antes")
        body = {"mentor": self.advisor.pk, "starts_at": "2026-02-04T09:00:00Z", "topic": "Después"}
        response, data = self.post("/api/v1/bookings/", body)
        self.assertEqual(response.status_code, 409)
        self.assertEqual((data["success"], data["code"]), (False, "slot_taken"))
        self.assertIn("has just been booked by someone else", data["message"])
        self.assertEqual(data["errors"], {"starts_at": [data["message"]]})

    def test_bad_input_is_a_400_naming_the_field(self):
        response, data = self.post("/api/v1/bookings/", {"mentor": 999999, "starts_at": "ayer", "topic": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(data["errors"]), {"mentor", "starts_at"})
        response, data = self.post(
            "/api/v1/bookings/", {"mentor": self.advisor.pk, "starts_at": "2026-02-04T09:00:00Z", "topic": "  "}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("topic", data["errors"])
        self.assertFalse(Booking.objects.exists())

    def test_anonymous_callers_get_a_401(self):
        response = self.client.post("/api/v1/bookings/", {}, content_type="application/json")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self.client.get("/api/v1/bookings/").status_code, 401)

    def test_each_person_lists_only_what_is_theirs(self):
        mine = book_advisory(mentor=self.advisor, member=self.member, starts_at=WED_10, topic="Mía")
        theirs = book_advisory(mentor=self.other_advisor, member=self.other_member, starts_at=WED_10, topic="Otra")

        def ids(user):
            self.client.force_login(user)
            return [row["id"] for row in self.client.get("/api/v1/bookings/").json()["results"]]

        self.assertEqual(ids(self.member), [mine.pk])
        self.assertEqual(ids(self.other_member), [theirs.pk])
        self.assertEqual(ids(self.mentor), [mine.pk])  # the mentor of the first one
        self.assertEqual(sorted(ids(self.manager)), sorted([mine.pk, theirs.pk]))
        self.assertEqual(ids(self.editor), [])
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(f"/api/v1/bookings/{theirs.pk}/").status_code, 404)
        response = self.client.post(f"/api/v1/bookings/{theirs.pk}/cancel/")
        self.assertEqual(response.status_code, 404)
        theirs.refresh_from_db()
        self.assertTrue(theirs.is_confirmed)

    def test_the_list_filters_and_runs_the_same_queries_for_2_and_for_20(self):
        def add(count, first_day):
            for number in range(count):
                Booking.objects.create(
                    mentor=self.advisor,
                    member=self.member,
                    starts_at=local(2026, 3, first_day + number, 10),
                    ends_at=local(2026, 3, first_day + number, 11),
                    topic=f"Tema {number}",
                )

        def queries():
            self.client.force_login(self.member)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get("/api/v1/bookings/?status=confirmed&ordering=-starts_at")
            return len(captured), response.json()

        add(2, 1)
        two, _data = queries()
        add(18, 3)
        twenty, data = queries()
        self.assertEqual(two, twenty)
        self.assertEqual(data["count"], 20)
        self.assertEqual(data["results"][0]["topic"], "Tema 17")
        self.client.force_login(self.member)
        self.assertEqual(self.client.get("/api/v1/bookings/?status=nonsense").status_code, 400)

    def test_cancel_through_the_api(self):
        booking = book_advisory(mentor=self.advisor, member=self.member, starts_at=WED_10, topic="Mía")
        response, data = self.post(f"/api/v1/bookings/{booking.pk}/cancel/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(data["status"], "cancelled")
        response, data = self.post(f"/api/v1/bookings/{booking.pk}/cancel/")
        self.assertEqual((response.status_code, data["code"]), (409, "already_cancelled"))


@freeze_time(NOW)
class SlotsApiTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(price="40")

    def test_anyone_reads_the_free_slots_with_their_offsets(self):
        book_advisory(
            mentor=make_advisor("Otra", email="o@example.com"), member=self.member, starts_at=WED_10, topic="x"
        )
        response = self.client.get(f"/api/v1/mentors/{self.advisor.pk}/slots/?from=2026-02-01&to=2026-02-10")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(
            (data["mentor"], data["advisory_minutes"], data["price"], data["is_free"]),
            (self.advisor.pk, 60, "40.00", False),
        )
        self.assertEqual(
            data["slots"],
            [
                {"starts_at": "2026-02-04T10:00:00+01:00", "ends_at": "2026-02-04T11:00:00+01:00"},
                {"starts_at": "2026-02-04T11:00:00+01:00", "ends_at": "2026-02-04T12:00:00+01:00"},
            ],
        )

    def test_bad_ranges_are_a_400_and_unknown_mentors_a_404(self):
        url = f"/api/v1/mentors/{self.advisor.pk}/slots/"
        for query in ("?from=mañana", "?from=2026-03-01&to=2026-02-01", "?from=2026-01-01&to=2027-01-01"):
            response = self.client.get(url + query)
            self.assertEqual(response.status_code, 400, query)
            self.assertFalse(response.json()["success"])
        self.assertEqual(self.client.get("/api/v1/mentors/999999/slots/").status_code, 404)
