"""Paid advisories: held while the order waits for payment, confirmed when paid, freed when released."""

import datetime

from django.core import mail

from freezegun import freeze_time
from icalendar import Calendar

from courses.models import Order
from courses.services import confirm_payment, expire_unpaid_orders, refund_order
from mentors.bookings import cancel_booking, free_slots
from portal.testing import LuminoTestCase

from .booking_factories import NOW, book, local, make_advisor

WED = datetime.date(2026, 2, 4)
WED_10 = local(2026, 2, 4, 10)


def method_of(message):
    name, content, mimetype = next(a for a in message.attachments if a[0].endswith(".ics"))
    return str(Calendar.from_ical(content)["method"])


@freeze_time(NOW)
class PaidAdvisoryTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor, price="40")

    def hold(self, member=None):
        with self.captureOnCommitCallbacks(execute=True):
            booking = book(self.advisor, member or self.member, WED_10, provider="bank_transfer")
        booking.refresh_from_db()
        return booking

    def test_a_paid_advisory_is_held_with_a_pending_order_and_blocks_the_slot(self):
        booking = self.hold()
        order = booking.order
        self.assertEqual((booking.status, order.status, order.member), ("held", "pending", self.member))
        self.assertEqual(order.total, 40)
        self.assertIn("Laura Gómez", order.lines.get().description)
        # The hold lasts as a transfer needs, but never past the advisory's start.
        self.assertEqual(order.expires_at, WED_10)
        self.assertEqual([slot.starts_at for slot in free_slots(self.advisor, WED, WED)], [local(2026, 2, 4, 11)])
        # One e-mail, to the member, pointing at the order page; the mentor hears once it is paid.
        self.assertEqual([m.to for m in mail.outbox], [[self.member.email]])
        self.assertIn(f"/courses/orders/{order.reference}/", mail.outbox[0].body)

    def test_paying_confirms_it_and_sends_both_invitations(self):
        booking = self.hold()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            confirm_payment(order=booking.order, by=self.manager)
        booking.refresh_from_db()
        self.assertEqual(booking.status, "confirmed")
        invitations = [m for m in mail.outbox if any(a[0].endswith(".ics") for a in m.attachments)]
        self.assertEqual(sorted(m.to[0] for m in invitations), sorted([self.member.email, self.advisor.email]))
        self.assertEqual({method_of(m) for m in invitations}, {"REQUEST"})

    def test_an_expired_hold_frees_the_slot_even_before_the_sweep(self):
        booking = self.hold()
        with freeze_time(booking.order.expires_at - datetime.timedelta(hours=25)):
            self.assertEqual(len(free_slots(self.advisor, WED, WED)), 1)
        Order.objects.filter(pk=booking.order_id).update(expires_at=local(2026, 2, 2, 8))
        self.assertEqual(len(free_slots(self.advisor, WED, WED)), 2)
        other = self.hold(member=self.other_member)
        booking.refresh_from_db()
        self.assertEqual((booking.status, booking.cancel_reason), ("cancelled", "expired"))
        self.assertEqual(other.status, "held")
        # The sweep then cancels the old order; the new booking is left alone.
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(expire_unpaid_orders(), 1)
        other.refresh_from_db()
        self.assertEqual(other.status, "held")

    def test_the_sweep_releases_an_unpaid_hold(self):
        booking = self.hold()
        Order.objects.filter(pk=booking.order_id).update(expires_at=local(2026, 2, 2, 8))
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            expire_unpaid_orders()
        booking.refresh_from_db()
        self.assertEqual((booking.status, booking.cancel_reason), ("cancelled", "expired"))
        # Told once, by the order's own "hold expired" e-mail; the mentor never had it.
        self.assertEqual([m.to for m in mail.outbox], [[self.member.email]])

    def test_giving_up_a_held_advisory_cancels_its_order(self):
        booking = self.hold()
        cancel_booking(booking=booking, by=self.member)
        booking.refresh_from_db()
        booking.order.refresh_from_db()
        self.assertEqual((booking.status, booking.order.status), ("cancelled", "cancelled"))
        self.assertEqual(len(free_slots(self.advisor, WED, WED)), 2)

    def test_a_paid_advisory_cancelled_by_staff_is_refunded_by_staff(self):
        booking = self.hold()
        confirm_payment(order=booking.order, by=self.manager)
        cancelled = cancel_booking(booking=booking, by=self.manager)
        self.assertTrue(cancelled.refund_by_staff)
        cancelled.order.refresh_from_db()
        self.assertEqual(cancelled.order.status, "paid")

    def test_a_refund_cancels_the_advisory_and_withdraws_the_invitation(self):
        booking = self.hold()
        confirm_payment(order=booking.order, by=self.manager)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            refund_order(order=booking.order, by=self.manager)
        booking.refresh_from_db()
        self.assertEqual((booking.status, booking.cancel_reason), ("cancelled", "refunded"))
        cancels = [m for m in mail.outbox if any(a[0].endswith(".ics") for a in m.attachments)]
        self.assertEqual({method_of(m) for m in cancels}, {"CANCEL"})
        self.assertEqual(len(cancels), 2)

    def test_the_member_sees_a_pay_link_in_my_lumino(self):
        booking = self.hold()
        self.client.force_login(self.member)
        response = self.client.get("/dashboard/")
        self.assertContains(response, f"/courses/orders/{booking.order.reference}/")
        self.assertContains(response, "Awaiting payment")
