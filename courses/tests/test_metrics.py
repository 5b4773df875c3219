"""The courses' figures on the metrics dashboard: seats that are the member's for sure, by the month
they were booked, and seats in sessions still to come."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.metrics import metrics
from courses.models import Reservation, Session
from portal.testing import LuminoTestCase

from .factories import ReservationFactory, SessionFactory

MADRID = ZoneInfo("Europe/Madrid")
TODAY = date(2026, 11, 15)


def by_key(today=TODAY):
    return {metric.key: metric for metric in metrics(today)}


def booked(session, at, status=Reservation.Status.CONFIRMED):
    reservation = ReservationFactory(session=session, status=status)
    Reservation.objects.filter(pk=reservation.pk).update(created_at=at)
    return reservation


class ReservationMetricsTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = SessionFactory(capacity=50)

    def test_counts_confirmed_and_attended_seats_but_not_held_waiting_or_cancelled_ones(self):
        for status in ("confirmed", "confirmed", "attended", "held", "waitlisted", "cancelled", "cancelled"):
            ReservationFactory(session=self.session, status=status)
        reservations = by_key(timezone.localdate())["reservations"]
        self.assertEqual(reservations.value, 3)
        self.assertEqual(reservations.chart, "columns")
        self.assertEqual(reservations.breakdown[-1][1], 3)

    def test_each_reservation_falls_in_the_month_it_was_booked_in_madrid_time(self):
        booked(self.session, datetime(2026, 11, 3, 10, 0, tzinfo=MADRID))
        # 23:30 on 31 October in Madrid is already 1 November in UTC: it is October's.
        booked(self.session, datetime(2026, 10, 31, 23, 30, tzinfo=MADRID))
        # Just inside the twelve months shown (December 2025), and just outside (November 2025).
        booked(self.session, datetime(2025, 12, 1, 0, 30, tzinfo=MADRID))
        booked(self.session, datetime(2025, 11, 30, 23, 30, tzinfo=MADRID))
        booked(self.session, datetime(2026, 11, 4, 9, 0, tzinfo=MADRID), status=Reservation.Status.CANCELLED)
        reservations = by_key()["reservations"]
        rows = dict(reservations.breakdown)
        self.assertEqual(len(reservations.breakdown), 12)
        self.assertEqual([label for label, _value in reservations.breakdown][:2], ["Dec 2025", "Jan 2026"])
        self.assertEqual(reservations.breakdown[-1], ("Nov 2026", 1))
        self.assertEqual(rows["Oct 2026"], 1)
        self.assertEqual(rows["Dec 2025"], 1)
        self.assertEqual(sum(rows.values()), 3)
        # The headline counts every seat ever booked, the chart the last twelve months.
        self.assertEqual(reservations.value, 4)

    def test_seats_to_come_leave_out_past_and_cancelled_sessions(self):
        now = timezone.now()
        later = SessionFactory(starts_at=now + timedelta(days=3))
        earlier = SessionFactory(starts_at=now - timedelta(days=30))
        called_off = SessionFactory(starts_at=now + timedelta(days=5), status=Session.Status.CANCELLED)
        ReservationFactory(session=later)
        ReservationFactory(session=later, status=Reservation.Status.HELD)
        ReservationFactory(session=earlier, status=Reservation.Status.ATTENDED)
        ReservationFactory(session=called_off)
        figures = by_key(timezone.localdate())
        self.assertEqual(figures["reservations_upcoming"].value, 1)
        self.assertEqual(figures["reservations"].value, 3)

    def test_no_reservations_is_zero_in_every_month(self):
        reservations = by_key()["reservations"]
        self.assertEqual(reservations.value, 0)
        self.assertEqual([value for _label, value in reservations.breakdown], [0] * 12)

    def test_two_queries_however_many_reservations(self):
        members = [UserFactory() for _ in range(20)]
        ReservationFactory(session=self.session, member=members[0])
        with self.assertNumQueries(2):
            metrics(TODAY)
        for member in members[1:]:
            ReservationFactory(session=self.session, member=member)
        with self.assertNumQueries(2):
            metrics(TODAY)
