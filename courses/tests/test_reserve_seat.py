from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.errors import ReservationError
from courses.models import Reservation, Session
from courses.services import reserve_seat
from courses.services.locking import locked_sessions
from portal.errors import BusyError
from portal.testing import LuminoTestCase

from .factories import ReservationFactory, SessionFactory, fill, make_course


class ReserveSeatTests(LuminoTestCase):
    def setUp(self):
        self.session = SessionFactory(capacity=10)

    def assertRefused(self, code, **kwargs):
        before = (Reservation.objects.count(), self.session.reservations.count())
        with self.assertRaises(ReservationError) as caught:
            reserve_seat(
                session=self.session,
                member=kwargs.pop("member", self.member),
                by=kwargs.pop("by", None) or self.member,
                **kwargs,
            )
        self.assertEqual(caught.exception.code, code)
        self.assertEqual((Reservation.objects.count(), self.session.reservations.count()), before)
        return caught.exception

    def test_confirms_a_free_seat_and_records_the_event(self):
        with self.captureOnCommitCallbacks(execute=True):
            reservation = reserve_seat(session=self.session, member=self.member, by=self.member)
        self.assertEqual(reservation.status, Reservation.Status.CONFIRMED)
        self.assertEqual(reservation.reserved_by, self.member)
        event = reservation.events.get()
        self.assertEqual((event.kind, event.from_status, event.to_status), ("confirmed", "", "confirmed"))
        self.assertIsNotNone(event.notified_at)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(self.session.seats_left, 9)

    def test_refuses_the_eleventh_seat_and_offers_the_waiting_list(self):
        fill(self.session, 10)
        error = self.assertRefused("full", join_waitlist=False)
        self.assertEqual(error.status, 409)
        self.assertEqual(error.extra, {"position": 1})
        self.assertIn("waiting list, in position 1", str(error.message))

    def test_full_session_puts_the_member_on_the_waiting_list(self):
        fill(self.session, 10)
        fill(self.session, 2, Reservation.Status.WAITLISTED)
        reservation = reserve_seat(session=self.session, member=self.member, by=self.member)
        self.assertEqual(reservation.status, Reservation.Status.WAITLISTED)
        self.assertIsNotNone(reservation.waitlisted_at)
        self.assertEqual(reservation.waitlist_position, 3)
        self.assertEqual(self.session.seats_taken, 10)

    def test_held_seats_count_against_capacity(self):
        fill(self.session, 9)
        fill(self.session, 1, Reservation.Status.HELD)
        self.assertTrue(self.session.is_full)
        self.assertRefused("full", join_waitlist=False)

    def test_refuses_a_second_place_for_the_same_person(self):
        reserve_seat(session=self.session, member=self.member, by=self.member)
        error = self.assertRefused("already_reserved")
        self.assertIn(self.member.get_full_name(), str(error.message))
        self.assertEqual(self.session.reservations.count(), 1)

    def test_may_reserve_again_after_cancelling(self):
        ReservationFactory(session=self.session, member=self.member, status=Reservation.Status.CANCELLED)
        reservation = reserve_seat(session=self.session, member=self.member, by=self.member)
        self.assertEqual(reservation.status, Reservation.Status.CONFIRMED)
        self.assertEqual(self.session.reservations.count(), 2)

    def test_refuses_after_the_reservation_deadline(self):
        Session.objects.filter(pk=self.session.pk).update(reservation_deadline=timezone.now() - timedelta(hours=1))
        self.session.refresh_from_db()
        error = self.assertRefused("deadline_passed")
        self.assertIn("closed on", str(error.message))

    def test_refuses_a_cancelled_session(self):
        Session.objects.filter(pk=self.session.pk).update(status=Session.Status.CANCELLED)
        self.session.refresh_from_db()
        self.assertIn("cancelled", str(self.assertRefused("session_cancelled").message))

    def test_refuses_a_session_that_has_started(self):
        session = SessionFactory(starts_at=timezone.now() - timedelta(hours=1), reservation_deadline=None)
        self.session = session
        self.assertRefused("session_closed")

    def test_paid_course_needs_an_order_unless_staff_books(self):
        session = SessionFactory(course=make_course("Django avanzado", price=Decimal("120")))
        self.session = session
        self.assertRefused("payment_required")
        reservation = reserve_seat(session=session, member=self.member, by=self.manager)
        self.assertEqual(reservation.status, Reservation.Status.CONFIRMED)

    def test_a_member_cannot_reserve_for_someone_else(self):
        error = self.assertRefused("not_company_colleague", member=self.other_member, by=self.member)
        self.assertEqual(error.status, 403)
        self.assertIn(self.other_member.get_full_name(), str(error.message))

    def test_a_waiting_person_gets_a_freed_seat_before_a_newcomer(self):
        fill(self.session, 9)
        waiting = ReservationFactory(session=self.session, status=Reservation.Status.WAITLISTED)
        Session.objects.filter(pk=self.session.pk).update(capacity=11)
        self.session.refresh_from_db()
        reservation = reserve_seat(session=self.session, member=self.member, by=self.member)
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, Reservation.Status.CONFIRMED)
        self.assertEqual(reservation.status, Reservation.Status.CONFIRMED)
        self.assertEqual(self.session.seats_taken, 11)


class PrerequisiteTests(LuminoTestCase):
    def setUp(self):
        self.basics = make_course("Python desde cero")
        self.session = SessionFactory(course=make_course("Python para datos", requires=[self.basics]))

    def test_refuses_without_the_required_course_and_names_it(self):
        with self.assertRaises(ReservationError) as caught:
            reserve_seat(session=self.session, member=self.member, by=self.member)
        self.assertEqual(caught.exception.code, "prerequisite_missing")
        self.assertIn("Python desde cero", str(caught.exception.message))
        self.assertFalse(Reservation.objects.filter(member=self.member).exists())

    def test_attending_the_required_course_is_enough(self):
        past = SessionFactory(course=self.basics, starts_at=timezone.now() - timedelta(days=30))
        ReservationFactory(session=past, member=self.member, status=Reservation.Status.ATTENDED)
        self.assertEqual(reserve_seat(session=self.session, member=self.member, by=self.member).status, "confirmed")

    def test_a_confirmed_seat_ending_before_this_session_counts(self):
        earlier = SessionFactory(course=self.basics, starts_at=timezone.now() + timedelta(days=2))
        ReservationFactory(session=earlier, member=self.member)
        self.assertEqual(reserve_seat(session=self.session, member=self.member, by=self.member).status, "confirmed")

    def test_a_confirmed_seat_in_a_later_session_does_not_count(self):
        later = SessionFactory(course=self.basics, starts_at=timezone.now() + timedelta(days=40))
        ReservationFactory(session=later, member=self.member)
        with self.assertRaises(ReservationError) as caught:
            reserve_seat(session=self.session, member=self.member, by=self.member)
        self.assertEqual(caught.exception.code, "prerequisite_missing")


class DatabaseGuardTests(LuminoTestCase):
    def test_session_must_end_after_it_starts(self):
        start = timezone.now() + timedelta(days=3)
        with self.assertRaises(IntegrityError), transaction.atomic():
            SessionFactory(starts_at=start, ends_at=start)

    def test_session_capacity_must_be_positive(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            SessionFactory(capacity=0)

    def test_one_active_place_per_person_and_session(self):
        session = SessionFactory()
        ReservationFactory(session=session, member=self.member)
        with self.assertRaises(IntegrityError), transaction.atomic():
            ReservationFactory(session=session, member=self.member, status=Reservation.Status.WAITLISTED)
        ReservationFactory(session=session, member=self.member, status=Reservation.Status.CANCELLED)
        self.assertEqual(session.reservations.count(), 2)

    def test_lock_failures_become_busy_errors(self):
        session = SessionFactory()
        with self.assertRaises(BusyError) as caught, locked_sessions([session.pk]):
            raise OperationalError("database is locked")
        self.assertEqual((caught.exception.code, caught.exception.status), ("busy", 503))

    def test_other_database_errors_are_not_disguised(self):
        with self.assertRaises(OperationalError), locked_sessions([]):
            raise OperationalError("no such table: nowhere")

    def test_default_deadline_is_the_start(self):
        session = SessionFactory(reservation_deadline=None)
        self.assertEqual(session.reservation_deadline, session.starts_at)
        self.assertTrue(session.is_open_for_reservation)
        self.assertFalse(UserFactory().reservations.exists())
