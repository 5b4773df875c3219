"""The session page, the course page's personal fragment, reserving, cancelling and leaving the queue."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.errors import busy_error
from courses.models import Reservation, Session
from portal.testing import LuminoTestCase

from .factories import CompanyFactory, ReservationFactory, SessionFactory, fill, make_course


class WebTestCase(LuminoTestCase):
    def setUp(self):
        super().setUp()
        # Expected texts are the English source strings, whatever the catalogue says.
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


class SessionPageTests(WebTestCase):
    def setUp(self):
        super().setUp()
        self.course = make_course("Python para datos")
        self.session = SessionFactory(course=self.course, capacity=2, timezone="America/Mexico_City")
        self.url = f"/courses/sessions/{self.session.pk}/"

    def reserve(self, **data):
        return self.client.post(self.url, data)

    def test_visitor_sees_the_session_and_a_login_link_back_to_it(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Python para datos")
        self.assertContains(response, f'href="/accounts/login/?next=/courses/sessions/{self.session.pk}/"')
        self.assertContains(response, "2 seats left")
        # Shown in the session's own zone, named.
        local = timezone.localtime(self.session.starts_at, self.session.zone)
        self.assertContains(response, local.strftime("%H:%M"))
        self.assertContains(response, 'title="America/Mexico_City"')
        self.assertNotContains(response, "Reserve a seat")

    def test_a_visitor_posting_is_sent_to_log_in_and_nothing_is_booked(self):
        response = self.reserve(join_waitlist="0")
        self.assertRedirects(response, f"/accounts/login/?next={self.url}", fetch_redirect_response=False)
        self.assertFalse(Reservation.objects.exists())

    def test_member_reserves_a_seat_and_sees_the_confirmation(self):
        self.client.force_login(self.member)
        self.assertContains(self.client.get(self.url), "Reserve a seat")
        response = self.reserve(join_waitlist="0")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        reservation = Reservation.objects.get()
        self.assertEqual((reservation.member, reservation.status), (self.member, "confirmed"))
        page = self.client.get(self.url)
        self.assertContains(page, "Your seat is confirmed. We have e-mailed you the details")
        self.assertContains(page, f"/courses/reservations/{reservation.pk}/cancel/")
        self.assertContains(page, f"/courses/reservations/{reservation.pk}/calendar.ics")

    def test_a_full_session_offers_the_waiting_list_with_the_position(self):
        self.client.force_login(self.member)
        fill(self.session, 2)
        fill(self.session, 1, Reservation.Status.WAITLISTED)
        response = self.reserve(join_waitlist="0")
        self.assertContains(
            response, "This session is full. You can join the waiting list, in position 2.", status_code=409
        )
        self.assertContains(response, "Join the waiting list in position 2", status_code=409)
        self.assertFalse(Reservation.objects.filter(member=self.member).exists())

        self.reserve(join_waitlist="1")
        reservation = Reservation.objects.get(member=self.member)
        self.assertEqual((reservation.status, reservation.waitlist_position), ("waitlisted", 2))
        page = self.client.get(self.url)
        self.assertContains(page, "You are on the waiting list, in position 2.")
        self.assertContains(page, "You are number 2 in the queue.")
        self.assertContains(page, f"/courses/reservations/{reservation.pk}/leave/")

    def test_a_second_reservation_is_refused_with_the_service_message(self):
        self.client.force_login(self.member)
        ReservationFactory(session=self.session, member=self.member)
        response = self.reserve(join_waitlist="0")
        self.assertContains(response, "already has a place in this session", status_code=409)
        self.assertEqual(self.session.reservations.count(), 1)

    def test_refusals_name_the_problem(self):
        self.client.force_login(self.member)
        Session.objects.filter(pk=self.session.pk).update(reservation_deadline=timezone.now() - timedelta(hours=1))
        self.assertContains(self.reserve(join_waitlist="0"), "Reservations for this session closed on", status_code=409)
        Session.objects.filter(pk=self.session.pk).update(status=Session.Status.CANCELLED)
        response = self.reserve(join_waitlist="0")
        self.assertContains(response, "This session has been cancelled; choose another date.", status_code=409)
        self.assertFalse(Reservation.objects.exists())

    def test_a_missing_prerequisite_names_the_course(self):
        basics = make_course("Fundamentos de Python")
        advanced = make_course("Python avanzado", requires=[basics])
        session = SessionFactory(course=advanced)
        self.client.force_login(self.member)
        response = self.client.post(f"/courses/sessions/{session.pk}/", {"join_waitlist": "0"})
        self.assertContains(response, "must first complete: Fundamentos de Python.", status_code=409)

    def test_a_busy_session_asks_to_try_again(self):
        self.client.force_login(self.member)
        with mock.patch("courses.services.reserve_seat", side_effect=busy_error()):
            response = self.reserve(join_waitlist="0")
        self.assertContains(response, "Please try again in a moment.", status_code=503)
        self.assertContains(response, "Nothing was booked.", status_code=503)

    def test_sessions_of_draft_courses_are_not_found(self):
        self.course.unpublish()
        self.assertEqual(self.client.get(self.url).status_code, 404)


class CancelAndLeaveTests(WebTestCase):
    def setUp(self):
        super().setUp()
        self.session = SessionFactory(capacity=1)
        self.seat = ReservationFactory(session=self.session, member=self.member)
        self.waiting = ReservationFactory(session=self.session, status=Reservation.Status.WAITLISTED)

    def test_member_cancels_after_confirming_and_the_queue_moves_up(self):
        self.client.force_login(self.member)
        url = f"/courses/reservations/{self.seat.pk}/cancel/"
        self.assertContains(self.client.get(url), "Cancel the reservation")
        response = self.client.post(url, {"next": "/dashboard/"})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.seat.refresh_from_db()
        self.waiting.refresh_from_db()
        self.assertEqual((self.seat.status, self.waiting.status), ("cancelled", "confirmed"))

    def test_next_never_leaves_the_site(self):
        self.client.force_login(self.member)
        response = self.client.post(f"/courses/reservations/{self.seat.pk}/cancel/", {"next": "https://evil.example/"})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_another_member_gets_404_and_changes_nothing(self):
        self.client.force_login(self.other_member)
        for url in (
            f"/courses/reservations/{self.seat.pk}/cancel/",
            f"/courses/reservations/{self.seat.pk}/leave/",
            f"/courses/reservations/{self.seat.pk}/calendar.ics",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
            self.assertEqual(self.client.post(url).status_code, 404, url)
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, "confirmed")

    def test_leaving_the_waiting_list(self):
        self.client.force_login(self.waiting.member)
        url = f"/courses/reservations/{self.waiting.pk}/leave/"
        self.assertContains(self.client.get(url), "Number 1 in the queue.")
        self.client.post(url)
        self.waiting.refresh_from_db()
        self.assertEqual(self.waiting.status, "cancelled")
        self.assertEqual(self.waiting.events.get().kind, "left_waitlist")

    def test_cancelling_after_the_deadline_shows_why(self):
        Session.objects.filter(pk=self.session.pk).update(reservation_deadline=timezone.now() - timedelta(minutes=1))
        self.client.force_login(self.member)
        response = self.client.post(f"/courses/reservations/{self.seat.pk}/cancel/")
        self.assertContains(response, "can no longer be cancelled: cancellations closed on", status_code=409)
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, "confirmed")

    def test_calendar_file_for_the_members_confirmed_seat(self):
        self.client.force_login(self.member)
        response = self.client.get(f"/courses/reservations/{self.seat.pk}/calendar.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn(b"BEGIN:VEVENT", response.content)
        self.assertIn(self.session.course.title.encode(), response.content)
        self.client.force_login(self.waiting.member)
        self.assertEqual(self.client.get(f"/courses/reservations/{self.waiting.pk}/calendar.ics").status_code, 404)


class CoursePageSessionsTests(WebTestCase):
    def setUp(self):
        super().setUp()
        self.course = make_course("Docker en producción")
        self.session = SessionFactory(course=self.course, capacity=3)
        self.fragment = f"/courses/{self.course.pk}/my-sessions/"

    def test_course_page_is_the_same_for_everyone_and_points_at_the_fragment(self):
        anonymous = self.client.get(self.course.url)
        self.client.force_login(self.member)
        member = self.client.get(self.course.url)
        for response in (anonymous, member):
            self.assertContains(response, f'data-fragment="{self.fragment}"')
            self.assertContains(response, f'href="/courses/sessions/{self.session.pk}/"')
            self.assertContains(response, "3 seats left")
            self.assertNotContains(response, "Reserve a seat")

    def test_fragment_gives_visitors_a_login_link_back_to_the_course(self):
        response = self.client.get(self.fragment)
        self.assertContains(response, f'href="/accounts/login/?next={self.course.url}"')
        self.assertEqual(response["Cache-Control"], "max-age=0, no-cache, no-store, must-revalidate, private")

    def test_fragment_shows_the_members_place_and_buttons(self):
        other = SessionFactory(course=self.course, capacity=1)
        fill(other, 1)
        mine = ReservationFactory(session=self.session, member=self.member)
        self.client.force_login(self.member)
        response = self.client.get(self.fragment)
        self.assertContains(response, "Your seat is confirmed")
        self.assertContains(response, f"/courses/reservations/{mine.pk}/cancel/")
        self.assertContains(response, "Join the waiting list")
        self.assertContains(response, 'name="csrfmiddlewaretoken"')
        self.assertNotContains(response, "Reserve for colleagues")

    def test_only_a_confirmed_member_gets_the_online_meeting_link(self):
        online = SessionFactory(
            course=self.course, modality=Session.Modality.ONLINE, meeting_url="https://meet.example/abc"
        )
        self.assertNotContains(self.client.get(self.fragment), "https://meet.example/abc")
        self.assertNotContains(self.client.get(self.course.url), "https://meet.example/abc")
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get(self.fragment), "https://meet.example/abc")
        ReservationFactory(session=online, member=self.member)
        self.assertContains(self.client.get(self.fragment), 'href="https://meet.example/abc"')

    def test_company_manager_is_offered_to_reserve_for_colleagues(self):
        CompanyFactory(managers=[self.company_manager], members=[UserFactory()])
        self.client.force_login(self.company_manager)
        response = self.client.get(self.fragment)
        self.assertContains(response, f'href="/courses/sessions/{self.session.pk}/colleagues/"')

    def test_fragment_query_count_does_not_grow_with_sessions(self):
        def add_sessions(count):
            for index in range(count):
                status = Reservation.Status.WAITLISTED if index % 2 else Reservation.Status.CONFIRMED
                ReservationFactory(session=SessionFactory(course=self.course), member=self.member, status=status)

        self.client.force_login(self.member)
        add_sessions(2)
        self.client.get(self.fragment)  # warm the site-root cache
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.fragment)
        add_sessions(18)
        with self.assertNumQueries(len(few)):
            response = self.client.get(self.fragment)
        self.assertContains(response, "Your seat is confirmed", count=10)
        self.assertContains(response, "in the queue", count=10)


class ReserveForColleaguesTests(WebTestCase):
    def setUp(self):
        super().setUp()
        self.ana = UserFactory(first_name="Ana", last_name="Colega")
        self.luis = UserFactory(first_name="Luis", last_name="Colega")
        self.company = CompanyFactory(managers=[self.company_manager], members=[self.ana, self.luis])
        self.session = SessionFactory(capacity=1)
        self.url = f"/courses/sessions/{self.session.pk}/colleagues/"

    def test_only_company_managers_may_open_it(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {"members": [self.ana.pk]}).status_code, 403)
        self.assertFalse(Reservation.objects.exists())

    def test_lists_only_colleagues_without_a_place(self):
        CompanyFactory(members=[UserFactory(first_name="Rita", last_name="Externa")])
        ReservationFactory(session=self.session, member=self.luis)
        self.client.force_login(self.company_manager)
        response = self.client.get(self.url)
        self.assertContains(response, f'value="{self.ana.pk}"')
        self.assertNotContains(response, f'value="{self.luis.pk}"')
        self.assertNotContains(response, "Rita Externa")
        self.assertContains(response, "Colleagues with a place")
        self.assertContains(response, "Luis Colega")

    def test_manager_books_a_seat_then_a_waiting_place(self):
        self.client.force_login(self.company_manager)
        response = self.client.post(self.url, {"members": [self.ana.pk, self.luis.pk], "join_waitlist": "on"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        places = {r.member: r for r in Reservation.objects.all()}
        self.assertEqual((places[self.ana].status, places[self.luis].status), ("confirmed", "waitlisted"))
        self.assertEqual(places[self.ana].reserved_by, self.company_manager)
        self.assertContains(self.client.get(self.url), "Booked: 1 with a seat, 1 on the waiting list.")

    def test_someone_outside_the_company_cannot_be_posted(self):
        outsider = UserFactory()
        self.client.force_login(self.company_manager)
        response = self.client.post(self.url, {"members": [self.ana.pk, outsider.pk]})
        self.assertContains(response, "Select a valid choice.")
        self.assertFalse(Reservation.objects.exists())

    def test_without_the_waiting_list_a_full_session_is_refused(self):
        self.client.force_login(self.company_manager)
        response = self.client.post(self.url, {"members": [self.ana.pk, self.luis.pk]})
        self.assertContains(response, "This session is full.", status_code=409)
        self.assertFalse(Reservation.objects.exists())

    def test_a_colleague_missing_a_prerequisite_is_named_on_the_field(self):
        basics = make_course("Redes básicas")
        session = SessionFactory(course=make_course("Redes avanzadas", requires=[basics]))
        self.client.force_login(self.company_manager)
        response = self.client.post(f"/courses/sessions/{session.pk}/colleagues/", {"members": [self.ana.pk]})
        self.assertContains(response, 'class="field field--error"', status_code=409)
        self.assertContains(response, "Ana Colega must first complete: Redes básicas.", status_code=409)
        self.assertFalse(Reservation.objects.exists())
