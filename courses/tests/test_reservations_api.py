"""Reserving through the API, and a member's own reservations: shapes, status codes, permissions."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Reservation, Session
from portal.testing import LuminoTestCase

from .factories import CompanyFactory, ReservationFactory, SessionFactory, fill, make_course


class ReserveApiTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.session = SessionFactory(capacity=2)
        self.url = f"/api/v1/sessions/{self.session.pk}/reservations/"

    def reserve(self, user=None, url=None, **body):
        self.client.force_login(user or self.member)
        response = self.client.post(url or self.url, body, content_type="application/json")
        return response, response.json()

    def test_reserves_a_seat_and_answers_exactly_id_status_position(self):
        response, body = self.reserve()
        reservation = Reservation.objects.get()
        self.assertEqual(response.status_code, 201)
        self.assertEqual(body, {"id": reservation.pk, "status": "confirmed", "position": None})
        self.assertEqual((reservation.member, reservation.reserved_by), (self.member, self.member))

    def test_a_full_session_answers_409_offering_the_position_unless_asked_to_wait(self):
        fill(self.session, 2)
        response, body = self.reserve()
        self.assertEqual(response.status_code, 409)
        self.assertEqual((body["success"], body["code"], body["position"]), (False, "full", 1))
        self.assertIn("waiting list, in position 1", body["message"])
        self.assertEqual(body["errors"], {"session": [body["message"]]})
        self.assertFalse(Reservation.objects.filter(member=self.member).exists())

        response, body = self.reserve(join_waitlist=True)
        reservation = Reservation.objects.get(member=self.member)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(body, {"id": reservation.pk, "status": "waitlisted", "position": 1})

    def test_refusals_name_the_problem(self):
        ReservationFactory(session=self.session, member=self.member)
        response, body = self.reserve()
        self.assertEqual((response.status_code, body["code"]), (409, "already_reserved"))
        self.assertIn("already has a place in this session", body["message"])

        closed = SessionFactory(reservation_deadline=timezone.now() - timedelta(hours=1))
        response, body = self.reserve(url=f"/api/v1/sessions/{closed.pk}/reservations/")
        self.assertEqual((response.status_code, body["code"]), (409, "deadline_passed"))
        self.assertIn("Reservations for this session closed on", body["message"])

        cancelled = SessionFactory(status=Session.Status.CANCELLED)
        response, body = self.reserve(url=f"/api/v1/sessions/{cancelled.pk}/reservations/")
        self.assertEqual((response.status_code, body["code"]), (409, "session_cancelled"))

        paid = SessionFactory(course=make_course("De pago", price=Decimal("50")))
        response, body = self.reserve(url=f"/api/v1/sessions/{paid.pk}/reservations/")
        self.assertEqual((response.status_code, body["code"]), (409, "payment_required"))
        self.assertEqual(Reservation.objects.count(), 1)

    def test_unknown_session_is_404_and_anonymous_is_401(self):
        response, body = self.reserve(url="/api/v1/sessions/999999/reservations/")
        self.assertEqual((response.status_code, body["success"]), (404, False))
        self.client.logout()
        response = self.client.post(self.url, {}, content_type="application/json")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["success"], False)
        self.assertFalse(Reservation.objects.exists())

    def test_bad_input_answers_400_naming_the_field(self):
        response, body = self.reserve(join_waitlist="perhaps")
        self.assertEqual(response.status_code, 400)
        self.assertIn("join_waitlist", body["errors"])

    def test_company_manager_books_colleagues_in_the_order_given(self):
        ana, luis, eva = UserFactory(), UserFactory(), UserFactory()
        CompanyFactory(managers=[self.company_manager], members=[ana, luis, eva])
        response, body = self.reserve(self.company_manager, member_ids=[eva.pk, ana.pk, luis.pk], join_waitlist=True)
        self.assertEqual(response.status_code, 201)
        by_member = {r.member_id: r for r in Reservation.objects.all()}
        self.assertEqual(
            body,
            [
                {"id": by_member[eva.pk].pk, "status": "confirmed", "position": None},
                {"id": by_member[ana.pk].pk, "status": "confirmed", "position": None},
                {"id": by_member[luis.pk].pk, "status": "waitlisted", "position": 1},
            ],
        )

    def test_ids_outside_the_managers_companies_are_refused_by_id_not_name(self):
        ana = UserFactory()
        stranger = UserFactory(first_name="Rita", last_name="Externa")
        CompanyFactory(managers=[self.company_manager], members=[ana])
        response, body = self.reserve(self.company_manager, member_ids=[ana.pk, stranger.pk])
        self.assertEqual((response.status_code, body["code"]), (403, "not_company_colleague"))
        self.assertIn(f"#{stranger.pk}", body["message"])
        self.assertNotIn("Rita", response.content.decode())
        response, body = self.reserve(self.member, member_ids=[ana.pk])
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Reservation.objects.exists())


class MyReservationsApiTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.session = SessionFactory(capacity=1)
        self.mine = ReservationFactory(session=self.session, member=self.member)
        self.theirs = ReservationFactory(session=SessionFactory(), member=self.other_member)

    def test_lists_only_my_own_reservations_even_for_staff(self):
        self.client.force_login(self.member)
        body = self.client.get("/api/v1/reservations/").json()
        self.assertEqual([item["id"] for item in body["results"]], [self.mine.pk])
        item = body["results"][0]
        self.assertEqual((item["status"], item["position"], item["member"]["id"]), ("confirmed", None, self.member.pk))
        self.assertEqual(item["session"]["id"], self.session.pk)
        self.assertEqual(item["session"]["course"]["title"], self.session.course.title)
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get("/api/v1/reservations/").json()["count"], 0)

    def test_another_members_reservation_is_404_to_read_and_to_cancel(self):
        self.client.force_login(self.member)
        for response in (
            self.client.get(f"/api/v1/reservations/{self.theirs.pk}/"),
            self.client.post(f"/api/v1/reservations/{self.theirs.pk}/cancel/"),
            self.client.post(f"/api/v1/reservations/{self.theirs.pk}/leave-waitlist/"),
        ):
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response.json()["success"], False)
        self.theirs.refresh_from_db()
        self.assertEqual(self.theirs.status, "confirmed")

    def test_anonymous_gets_401(self):
        self.assertEqual(self.client.get("/api/v1/reservations/").status_code, 401)

    def test_cancelling_frees_the_seat_for_the_first_waiting(self):
        waiting = ReservationFactory(session=self.session, status=Reservation.Status.WAITLISTED)
        self.client.force_login(self.member)
        response = self.client.post(f"/api/v1/reservations/{self.mine.pk}/cancel/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "cancelled")
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, "confirmed")
        response = self.client.post(f"/api/v1/reservations/{self.mine.pk}/cancel/")
        self.assertEqual((response.status_code, response.json()["code"]), (409, "not_cancellable"))

    def test_leaving_the_waiting_list_and_positions(self):
        fill(self.session, 1, Reservation.Status.WAITLISTED)
        waiting = ReservationFactory(session=self.session, member=self.other_member, status="waitlisted")
        self.client.force_login(self.other_member)
        self.assertEqual(self.client.get(f"/api/v1/reservations/{waiting.pk}/").json()["position"], 2)
        response = self.client.post(f"/api/v1/reservations/{waiting.pk}/leave-waitlist/")
        self.assertEqual((response.status_code, response.json()["status"]), (200, "cancelled"))
        response = self.client.post(f"/api/v1/reservations/{self.theirs.pk}/leave-waitlist/")
        self.assertEqual((response.status_code, response.json()["code"]), (409, "not_waitlisted"))

    def test_list_query_count_does_not_grow(self):
        def add(count):
            for index in range(count):
                status = Reservation.Status.WAITLISTED if index % 2 else Reservation.Status.CONFIRMED
                ReservationFactory(session=SessionFactory(), member=self.member, status=status)

        self.client.force_login(self.member)
        add(1)
        self.client.get("/api/v1/reservations/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/api/v1/reservations/")
        add(18)
        with self.assertNumQueries(len(few)):
            body = self.client.get("/api/v1/reservations/?page_size=50").json()
        self.assertEqual(body["count"], 20)
