"""The home page greeting's courses lines: the next session soon, an order to pay, a waiting-list place."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.dashboard import greeting_items
from courses.models import Reservation
from courses.services import place_order
from portal.testing import LuminoTestCase

from .factories import ReservationFactory, SessionFactory, make_course


class GreetingTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def items(self, user=None):
        request = RequestFactory().get("/")
        request.user = user or self.member
        return [(str(item.text), item.url, item.when) for item in greeting_items(request)]

    def test_nothing_planned_gives_no_lines(self):
        self.assertEqual(self.items(), [])

    def test_next_session_soon_order_to_pay_and_waiting_place(self):
        soon = SessionFactory(course=make_course("Bash práctico"), starts_at=timezone.now() + timedelta(days=2))
        later = SessionFactory(course=make_course("Más adelante"), starts_at=timezone.now() + timedelta(days=5))
        ReservationFactory(session=later, member=self.member)
        ReservationFactory(session=soon, member=self.member)
        paid = SessionFactory(course=make_course("Redes", price=Decimal("80")))
        order = place_order(session=paid, member=self.member, provider="bank_transfer", by=self.member)
        full = SessionFactory(course=make_course("Muy solicitado"), capacity=1)
        ReservationFactory(session=full)
        ReservationFactory(session=full, status=Reservation.Status.WAITLISTED)
        ReservationFactory(session=full, member=self.member, status=Reservation.Status.WAITLISTED)

        self.assertEqual(
            self.items(),
            [
                ("Your next session: Bash práctico", "/cursos/bash-practico/", soon.starts_at),
                (
                    f"Pay order {order.reference} before the seat is released",
                    f"/courses/orders/{order.reference}/",
                    order.expires_at,
                ),
                ("You are number 2 on the waiting list for Muy solicitado", "/cursos/muy-solicitado/", None),
            ],
        )

    def test_a_session_weeks_away_is_not_next_soon(self):
        far = SessionFactory(starts_at=timezone.now() + timedelta(days=60))
        ReservationFactory(session=far, member=self.member)
        self.assertEqual(self.items(), [])

    def test_other_peoples_plans_never_show(self):
        ReservationFactory(session=SessionFactory(), member=self.other_member)
        self.assertEqual(self.items(), [])

    def test_home_greeting_fragment_shows_the_lines(self):
        session = SessionFactory(course=make_course("Vim"), starts_at=timezone.now() + timedelta(days=1))
        ReservationFactory(session=session, member=self.member)
        self.client.force_login(self.member)
        response = self.client.get("/dashboard/fragments/greeting/")
        self.assertContains(response, '<a href="/cursos/vim/">Your next session: Vim</a>', html=True)
        self.assertContains(response, "(Madrid time)</time>")  # the time says which zone it is in

    def test_query_count_does_not_depend_on_how_much_is_planned(self):
        def add(count):
            for _index in range(count):
                ReservationFactory(session=SessionFactory(), member=self.member)
                ReservationFactory(session=SessionFactory(), member=self.member, status=Reservation.Status.WAITLISTED)

        add(1)
        self.items()
        with CaptureQueriesContext(connection) as few:
            self.items()
        add(10)
        with self.assertNumQueries(len(few)):
            self.items()
