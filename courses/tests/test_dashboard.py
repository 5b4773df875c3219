"""My Lumino's courses panels: seats, waiting lists, orders, company enrolments, recommendations."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Reservation
from courses.services import place_order
from portal.testing import LuminoTestCase

from .factories import CompanyFactory, ReservationFactory, SessionFactory, make_course

Status = Reservation.Status


class DashboardPanelTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def dashboard(self, user=None):
        self.client.force_login(user or self.member)
        response = self.client.get("/dashboard/")
        self.assertEqual(response.status_code, 200)
        return response

    def panel_titles(self, response):
        return [str(panel.title) for panel in response.context["panels"] if panel.template.startswith("courses/")]

    def test_upcoming_seats_with_cancel_and_calendar_links_only(self):
        seat = ReservationFactory(member=self.member, session=SessionFactory(course=make_course("Linux esencial")))
        past = SessionFactory(starts_at=timezone.now() - timedelta(days=2), course=make_course("Pasado"))
        ReservationFactory(member=self.member, session=past, status=Status.ATTENDED)
        ReservationFactory(
            member=self.member, status=Status.CANCELLED, session=SessionFactory(course=make_course("Anulado"))
        )
        ReservationFactory(member=self.other_member, session=SessionFactory(course=make_course("De otra persona")))
        response = self.dashboard()
        self.assertContains(response, "Linux esencial")
        self.assertContains(response, f"/courses/reservations/{seat.pk}/cancel/?next=/dashboard/")
        self.assertContains(response, f"/courses/reservations/{seat.pk}/calendar.ics")
        self.assertEqual(list(self.panel(response, "My reservations").context["reservations"]), [seat])

    def test_waiting_list_panel_shows_positions_and_leave_links(self):
        session = SessionFactory(capacity=1, course=make_course("Ansible"))
        ReservationFactory(session=session)
        ReservationFactory(session=session, status=Status.WAITLISTED)
        waiting = ReservationFactory(session=session, member=self.member, status=Status.WAITLISTED)
        response = self.dashboard()
        self.assertIn("My waiting lists", self.panel_titles(response))
        self.assertContains(response, "number 2 in the queue")
        self.assertContains(response, f"/courses/reservations/{waiting.pk}/leave/?next=/dashboard/")

    def test_orders_panel_lists_my_orders_with_status_and_amount(self):
        session = SessionFactory(course=make_course("Terraform", price=Decimal("210")))
        order = place_order(session=session, member=self.member, provider="bank_transfer", by=self.member)
        response = self.dashboard()
        self.assertContains(response, f'href="/courses/orders/{order.reference}/"')
        self.assertContains(response, "€210.00")
        self.assertContains(response, "Pending payment")
        self.assertNotIn("My orders", self.panel_titles(self.dashboard(self.other_member)))

    def test_recommends_upcoming_courses_from_my_interests_except_those_i_reserved(self):
        self.member.interests.add("python")
        wanted = make_course("Python para la web", tags=["python"])
        booked = make_course("Python y datos", tags=["python"])
        other = make_course("Pintura digital", tags=["arte"])
        for course in (wanted, booked, other):
            SessionFactory(course=course)
        ReservationFactory(member=self.member, session=booked.sessions.get())
        panel = self.panel(self.dashboard(), "Recommended for you")
        self.assertEqual([course.title for course in panel.context["courses"]], ["Python para la web"])
        self.assertTrue(panel.context["from_interests"])

    def test_without_matching_interests_recommends_the_soonest_courses(self):
        later = make_course("Más tarde")
        SessionFactory(course=later, starts_at=timezone.now() + timedelta(days=40))
        sooner = make_course("Muy pronto")
        SessionFactory(course=sooner, starts_at=timezone.now() + timedelta(days=3))
        make_course("Sin fechas")
        panel = self.panel(self.dashboard(), "Recommended for you")
        self.assertEqual([course.title for course in panel.context["courses"]], ["Muy pronto", "Más tarde"])
        self.assertFalse(panel.context["from_interests"])

    def panel(self, response, title):
        return next(panel for panel in response.context["panels"] if str(panel.title) == title)

    def test_company_panel_only_for_managers_with_colleagues_places(self):
        ana = UserFactory(first_name="Ana", last_name="Colega")
        CompanyFactory(name="Acme Formación S.L.", managers=[self.company_manager], members=[ana])
        ReservationFactory(member=ana, session=SessionFactory(course=make_course("Excel avanzado")))
        ReservationFactory(member=self.other_member, session=SessionFactory(course=make_course("Ajeno")))
        response = self.dashboard(self.company_manager)
        self.assertIn("My company's enrolments", self.panel_titles(response))
        self.assertContains(response, "Acme Formación S.L.")
        self.assertContains(response, "Ana Colega")
        self.assertContains(response, "Excel avanzado")
        enrolments = self.panel(response, "My company's enrolments").context["enrolments"]
        self.assertEqual([reservation.member for reservation in enrolments], [ana])
        self.assertNotIn("My company's enrolments", self.panel_titles(self.dashboard(self.member)))

    def test_query_count_is_the_same_for_2_and_20_reservations(self):
        ana = UserFactory()
        CompanyFactory(managers=[self.company_manager], members=[ana])
        self.company_manager.interests.add("python")

        def add(count):
            for index in range(count):
                course = make_course(tags=["python"], price=Decimal("10") if index % 3 == 0 else Decimal("0"))
                session = SessionFactory(course=course)
                if index % 3 == 0:
                    place_order(
                        session=session, member=self.company_manager, provider="bank_transfer", by=self.company_manager
                    )
                else:
                    status = Status.WAITLISTED if index % 2 else Status.CONFIRMED
                    ReservationFactory(session=session, member=self.company_manager, status=status)
                ReservationFactory(session=session, member=ana)
                SessionFactory(course=make_course(tags=["python"]))  # something to recommend

        add(2)
        self.dashboard(self.company_manager)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/dashboard/")
        add(18)
        with self.assertNumQueries(len(few)):
            response = self.client.get("/dashboard/")
        seats, waiting = (
            self.panel(response, title).context["reservations"] for title in ("My reservations", "My waiting lists")
        )
        self.assertEqual((len(seats), len(waiting)), (13, 7))  # 7 held by orders + 6 confirmed; 7 waiting
        self.assertEqual(len(self.panel(response, "My company's enrolments").context["enrolments"]), 40)
