from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from freezegun import freeze_time

from courses.errors import ReservationError
from courses.models import Order, Reservation
from courses.services import (
    cancel_order,
    confirm_payment,
    expire_unpaid_orders,
    place_order,
    refund_order,
    reserve_seat,
)
from portal.sweeps import run_all
from portal.testing import LuminoTestCase

from .factories import SessionFactory, make_course


# No days-long transfer hold here: these tests follow the short hold (test_paying_by_transfer covers days).
@override_settings(
    LUMINO_BANK_TRANSFER_IBAN="ES91 2100 0418 4502 0005 1332",
    LUMINO_ORDER_HOLD_MINUTES=30,
    LUMINO_ORDER_HOLD_DAYS_BANK_TRANSFER=0,
)
class OrderTests(LuminoTestCase):
    def setUp(self):
        self.session = SessionFactory(capacity=1, course=make_course("Seguridad web", price=Decimal("150")))

    def place(self, member=None):
        return place_order(
            session=self.session, member=member or self.member, provider="bank_transfer", by=member or self.member
        )

    def test_placing_an_order_holds_a_seat_until_the_hold_expires(self):
        with freeze_time("2030-01-10 09:00:00"):
            session = SessionFactory(course=self.session.course, starts_at=timezone.now() + timedelta(days=5))
            with self.captureOnCommitCallbacks(execute=True):
                order = place_order(session=session, member=self.member, provider="bank_transfer", by=self.member)
        self.assertEqual((order.status, order.total, order.currency), ("pending", Decimal("150.00"), "EUR"))
        self.assertEqual(order.expires_at, order.created_at + timedelta(minutes=30))
        line = order.lines.get()
        self.assertEqual((line.session, line.unit_price, line.reservation.status), (session, Decimal("150.00"), "held"))
        self.assertEqual(session.seats_taken, 1)
        message = mail.outbox[-1]
        self.assertIn(order.reference, message.body)
        self.assertIn("ES91 2100 0418 4502 0005 1332", message.body)
        self.assertIn(order.reference, message.subject)

    def test_the_seat_held_by_an_order_is_not_sold_twice(self):
        self.place()
        with self.assertRaises(ReservationError) as caught:
            self.place(self.other_member)
        self.assertEqual((caught.exception.code, caught.exception.extra), ("full", {"position": 1}))
        self.assertEqual(Order.objects.count(), 1)

    def test_refuses_unknown_and_unsuitable_payment_methods(self):
        for provider, code in (("paypal", "unknown_provider"), ("free", "provider_not_allowed")):
            with self.assertRaises(ReservationError) as caught:
                place_order(session=self.session, member=self.member, provider=provider, by=self.member)
            self.assertEqual((caught.exception.code, caught.exception.field), (code, "provider"))
        self.assertFalse(Order.objects.exists())
        self.assertFalse(Reservation.objects.exists())

    def test_free_course_orders_confirm_at_once(self):
        session = SessionFactory(course=make_course("Git básico"))
        with self.captureOnCommitCallbacks(execute=True):
            order = place_order(session=session, member=self.member, provider="free", by=self.member)
        self.assertEqual((order.status, order.total), ("paid", Decimal("0.00")))
        self.assertEqual(order.lines.get().reservation.status, "confirmed")
        self.assertEqual(len(mail.outbox[-1].attachments), 1)

    def test_staff_confirm_a_transfer_and_the_member_gets_the_invitation(self):
        order = self.place()
        with self.captureOnCommitCallbacks(execute=True):
            confirm_payment(order=order, by=self.manager, provider_reference="TRF-778")
            confirm_payment(order=order, by=self.manager)  # a second click changes nothing
        order.refresh_from_db()
        self.assertEqual((order.status, order.provider_reference), ("paid", "TRF-778"))
        self.assertIsNotNone(order.paid_at)
        reservation = order.lines.get().reservation
        self.assertEqual(reservation.status, "confirmed")
        self.assertEqual(reservation.events.filter(kind="paid").count(), 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Payment received", mail.outbox[0].subject)

    def test_a_member_cannot_confirm_a_payment(self):
        order = self.place()
        with self.assertRaises(ReservationError) as caught:
            confirm_payment(order=order, by=self.member)
        self.assertEqual(caught.exception.status, 403)
        order.refresh_from_db()
        self.assertEqual(order.status, "pending")

    def test_an_expired_hold_frees_the_seat_for_the_waiting_list(self):
        order = self.place()
        waiting = reserve_seat(session=self.session, member=self.other_member, by=self.other_member)
        with freeze_time(timezone.now() + timedelta(minutes=29)):
            self.assertEqual(expire_unpaid_orders(), 0)
        with freeze_time(timezone.now() + timedelta(minutes=31)):
            with self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(expire_unpaid_orders(), 1)
            with self.assertRaises(ReservationError) as caught:
                confirm_payment(order=order, by=self.manager)
        self.assertEqual(caught.exception.code, "hold_expired")
        order.refresh_from_db()
        self.assertEqual((order.status, order.cancel_reason), ("cancelled", "expired"))
        self.assertEqual(order.lines.get().reservation.status, "cancelled")
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, "held")
        self.assertEqual(Order.objects.get(member=self.other_member).status, "pending")
        expired_mail = [m for m in mail.outbox if m.to == [self.member.email]]
        self.assertIn("expired", expired_mail[-1].subject)

    def test_paying_after_the_hold_expired_is_refused_even_before_the_sweep(self):
        order = self.place()
        with freeze_time(timezone.now() + timedelta(minutes=45)):
            with self.assertRaises(ReservationError) as caught:
                confirm_payment(order=order, by=self.manager)
        self.assertEqual(caught.exception.code, "hold_expired")
        order.refresh_from_db()
        self.assertEqual(order.status, "pending")

    def test_the_sweep_expires_orders(self):
        order = self.place()
        with freeze_time(timezone.now() + timedelta(hours=1)):
            results = run_all()
        self.assertEqual(results["courses.sweeps.expire_orders"], 1)
        order.refresh_from_db()
        self.assertEqual(order.status, "cancelled")

    def test_the_buyer_may_cancel_a_pending_order_and_nobody_else(self):
        order = self.place()
        with self.assertRaises(ReservationError):
            cancel_order(order=order, by=self.other_member)
        cancel_order(order=order, by=self.member)
        order.refresh_from_db()
        self.assertEqual(order.status, "cancelled")
        self.assertEqual(self.session.seats_taken, 0)
        with self.assertRaises(ReservationError) as caught:
            cancel_order(order=order, by=self.member)
        self.assertEqual(caught.exception.code, "order_not_pending")

    def test_cancelling_the_held_reservation_cancels_its_order(self):
        order = self.place()
        from courses.services import cancel_reservation

        cancel_reservation(reservation=order.lines.get().reservation, by=self.member)
        order.refresh_from_db()
        self.assertEqual(order.status, "cancelled")

    def test_staff_refund_frees_the_seat(self):
        order = self.place()
        confirm_payment(order=order, by=self.manager)
        with self.assertRaises(ReservationError):
            refund_order(order=order, by=self.member)
        refund_order(order=order, by=self.manager)
        order.refresh_from_db()
        self.assertEqual(order.status, "refunded")
        self.assertEqual(order.lines.get().reservation.status, "cancelled")
        self.assertEqual(self.session.seats_left, 1)
