from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.utils import timezone

from freezegun import freeze_time

from courses.errors import ReservationError
from courses.models import Order, Reservation, ReservationEvent, Session
from courses.services import (
    cancel_reservation,
    cancel_session,
    confirm_reservation,
    leave_waiting_list,
    mark_attended,
    promote_waiting_list,
    reserve_seat,
)
from portal.testing import LuminoTestCase

from .factories import ReservationFactory, SessionFactory, fill, make_course


class WaitingListTests(LuminoTestCase):
    def setUp(self):
        self.session = SessionFactory(capacity=2)
        self.seat = reserve_seat(session=self.session, member=self.member, by=self.member)
        fill(self.session, 1)
        base = timezone.now()
        self.waiting = [
            ReservationFactory(session=self.session, status="waitlisted", waitlisted_at=base + timedelta(seconds=n))
            for n in (3, 1, 2)
        ]

    def test_positions_follow_the_order_of_arrival(self):
        self.assertEqual([r.waitlist_position for r in self.waiting], [3, 1, 2])
        self.assertIsNone(self.seat.waitlist_position)

    def test_a_cancelled_seat_goes_to_the_first_in_line_with_an_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            cancel_reservation(reservation=self.seat, by=self.member)
        for reservation in self.waiting:
            reservation.refresh_from_db()
        self.assertEqual([r.status for r in self.waiting], ["waitlisted", "confirmed", "waitlisted"])
        self.assertEqual([self.waiting[0].waitlist_position, self.waiting[2].waitlist_position], [2, 1])
        promoted = self.waiting[1].events.get(kind=ReservationEvent.Kind.PROMOTED)
        self.assertEqual(
            (promoted.from_status, promoted.to_status, promoted.by), ("waitlisted", "confirmed", self.member)
        )
        recipients = [message.to for message in mail.outbox]
        self.assertIn([self.waiting[1].member.email], recipients)
        self.assertIn([self.member.email], recipients)

    def test_leaving_the_list_moves_the_others_up(self):
        first = self.waiting[1]
        leave_waiting_list(reservation=first, by=first.member)
        first.refresh_from_db()
        self.assertEqual(first.status, "cancelled")
        self.assertEqual(first.events.get().kind, "left_waitlist")
        self.assertEqual([self.waiting[2].waitlist_position, self.waiting[0].waitlist_position], [1, 2])

    def test_leaving_needs_a_waiting_place(self):
        with self.assertRaises(ReservationError) as caught:
            leave_waiting_list(reservation=self.seat, by=self.member)
        self.assertEqual(caught.exception.code, "not_waitlisted")
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, "confirmed")

    def test_a_member_cannot_cancel_someone_elses_reservation(self):
        for action in (cancel_reservation, leave_waiting_list):
            with self.assertRaises(ReservationError) as caught:
                action(reservation=self.waiting[0], by=self.other_member)
            self.assertEqual((caught.exception.code, caught.exception.status), ("forbidden", 403))
        with self.assertRaises(ReservationError):
            cancel_reservation(reservation=self.seat, by=self.other_member)
        self.assertEqual(Reservation.objects.filter(status="cancelled").count(), 0)

    def test_staff_may_cancel_anyones_reservation(self):
        cancel_reservation(reservation=self.seat, by=self.manager)
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, "cancelled")
        self.assertEqual(self.seat.events.last().by, self.manager)

    def test_members_cannot_cancel_after_the_deadline_but_staff_can(self):
        Session.objects.filter(pk=self.session.pk).update(reservation_deadline=timezone.now() - timedelta(minutes=1))
        with self.assertRaises(ReservationError) as caught:
            cancel_reservation(reservation=self.seat, by=self.member)
        self.assertEqual(caught.exception.code, "not_cancellable")
        self.assertIn("cancellations closed on", str(caught.exception.message))
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, "confirmed")
        cancel_reservation(reservation=self.seat, by=self.manager)
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, "cancelled")

    def test_cannot_cancel_twice(self):
        cancel_reservation(reservation=self.seat, by=self.member)
        with self.assertRaises(ReservationError) as caught:
            cancel_reservation(reservation=self.seat, by=self.member)
        self.assertIn("already cancelled", str(caught.exception.message))
        self.assertEqual(self.seat.events.count(), 2)

    def test_more_capacity_promotes_in_order(self):
        Session.objects.filter(pk=self.session.pk).update(capacity=4)
        promoted = promote_waiting_list(session=self.session, by=self.manager)
        self.assertEqual([r.pk for r in promoted], [self.waiting[1].pk, self.waiting[2].pk])
        self.waiting[0].refresh_from_db()
        self.assertEqual(self.waiting[0].waitlist_position, 1)

    def test_staff_confirm_out_of_turn_only_when_a_seat_is_free(self):
        with self.assertRaises(ReservationError) as caught:
            confirm_reservation(reservation=self.waiting[0], by=self.manager)
        self.assertEqual(caught.exception.code, "full")
        Session.objects.filter(pk=self.session.pk).update(capacity=3)
        confirm_reservation(reservation=self.waiting[0], by=self.manager)
        self.waiting[0].refresh_from_db()
        self.assertEqual(self.waiting[0].status, "confirmed")
        with self.assertRaises(ReservationError):
            confirm_reservation(reservation=self.waiting[1], by=self.member)

    def test_cancelling_the_session_cancels_every_place_and_tells_everyone(self):
        with self.captureOnCommitCallbacks(execute=True):
            count = cancel_session(session=self.session, by=self.manager)
        self.assertEqual(count, 5)
        self.assertFalse(self.session.reservations.active().exists())
        self.assertEqual(len(mail.outbox), 5)
        self.assertIn("has been cancelled", mail.outbox[-1].body)


class PaidWaitingListTests(LuminoTestCase):
    def test_a_promoted_person_on_a_paid_course_gets_a_held_seat_and_an_order(self):
        session = SessionFactory(capacity=1, course=make_course("Kubernetes", price=Decimal("90")))
        seat = reserve_seat(session=session, member=self.other_member, by=self.manager)
        waiting = reserve_seat(session=session, member=self.member, by=self.member)
        with self.captureOnCommitCallbacks(execute=True):
            cancel_reservation(reservation=seat, by=self.manager)
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, "held")
        order = Order.objects.get(member=self.member)
        self.assertEqual((order.status, order.total, order.provider), ("pending", Decimal("90.00"), "bank_transfer"))
        promoted_mail = [m for m in mail.outbox if m.to == [self.member.email]][-1]
        self.assertIn(order.reference, promoted_mail.body)
        self.assertEqual(promoted_mail.attachments, [])


class AttendanceTests(LuminoTestCase):
    def test_staff_mark_attendance_once_the_session_has_started(self):
        session = SessionFactory()
        reservation = reserve_seat(session=session, member=self.member, by=self.member)
        with self.assertRaises(ReservationError) as caught:
            mark_attended(reservation=reservation, by=self.manager)
        self.assertEqual(caught.exception.code, "not_started")
        with freeze_time(session.starts_at + timedelta(minutes=5)):
            with self.assertRaises(ReservationError) as caught:
                mark_attended(reservation=reservation, by=self.member)
            self.assertEqual(caught.exception.status, 403)
            mark_attended(reservation=reservation, by=self.manager)
            mark_attended(reservation=reservation, by=self.manager)
        reservation.refresh_from_db()
        self.assertEqual(reservation.status, "attended")
        self.assertEqual(reservation.events.filter(kind="attended").count(), 1)
