"""Orders for things that are not seats (paid advisories): placed, paid, cancelled, expired, refunded."""

from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from freezegun import freeze_time

from courses.emails import send_order_reminder
from courses.errors import ReservationError
from courses.models import Order, OrderLine
from courses.payments import get_provider
from courses.services import (
    cancel_order,
    confirm_payment,
    expire_unpaid_orders,
    place_item_order,
    place_order,
    refund_order,
)
from courses.signals import order_paid, order_released
from courses.sweeps import remind_unpaid_orders
from portal.testing import LuminoTestCase

from .factories import SessionFactory, make_course

ADVISORY = "Asesoría con Miguel Tamarit — 12/01/2030 10:00"
IBAN = "ES9121000418450200051332"


class Heard:
    """Records what a signal delivered, connected for the length of one test."""

    def __init__(self, test, signal):
        self.calls = []
        signal.connect(self, weak=False)
        test.addCleanup(signal.disconnect, self)

    def __call__(self, sender, **kwargs):
        self.calls.append((sender, kwargs))


@override_settings(LUMINO_BANK_TRANSFER_IBAN=IBAN, LUMINO_ORDER_HOLD_MINUTES=30)
class ItemOrderTests(LuminoTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.paid = Heard(self, order_paid)
        self.released = Heard(self, order_released)

    def place(self, **options):
        fields = {
            "buyer": self.member,
            "description": ADVISORY,
            "unit_price": Decimal("45.00"),
            "provider": "bank_transfer",
            "by": self.member,
            **options,
        }
        return place_item_order(**fields)

    def test_a_free_item_is_paid_on_placing_and_heard_once(self):
        with freeze_time("2030-01-10 09:00:00"):
            order = self.place(unit_price=Decimal("0"), provider="free")
        order.refresh_from_db()
        self.assertEqual((order.status, order.total, order.provider), ("paid", Decimal("0.00"), "free"))
        self.assertEqual(order.paid_at.isoformat(), "2030-01-10T09:00:00+00:00")
        line = order.lines.get()
        self.assertEqual((line.kind, line.session, line.reservation, line.description), ("item", None, None, ADVISORY))
        self.assertEqual(len(self.paid.calls), 1)
        sender, kwargs = self.paid.calls[0]
        self.assertIs(sender, Order)
        self.assertEqual((kwargs["order"].pk, kwargs["now"].isoformat()), (order.pk, "2030-01-10T09:00:00+00:00"))
        self.assertEqual(self.released.calls, [])
        self.assertEqual(get_provider("free").start(order, None).message, "Your order is confirmed.")

    def test_a_transfer_waits_the_hold_given_and_emails_how_to_pay(self):
        with freeze_time("2030-01-10 09:00:00"), self.captureOnCommitCallbacks(execute=True):
            order = self.place(hold_minutes=24 * 60)
            default = self.place(buyer=self.other_member, by=self.other_member)
        self.assertEqual(order.status, "pending")
        self.assertEqual(order.expires_at - order.created_at, timedelta(days=1))
        self.assertEqual(default.expires_at - default.created_at, timedelta(minutes=30))
        self.assertEqual(self.paid.calls, [])
        message = next(m for m in mail.outbox if m.to == [self.member.email])
        for text in (order.reference, ADVISORY, "€45.00", "ES91 2100 0418 4502 0005 1332"):
            self.assertIn(text, message.body)
        self.assertNotIn("seat", message.body)
        self.assertIn(ADVISORY, message.alternatives[0][0])
        self.assertIn("waits for the transfer", str(get_provider("bank_transfer").start(order, None).message))

    def test_paying_a_transfer_marks_it_paid_emails_the_buyer_and_is_heard_once(self):
        order = self.place()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            confirm_payment(order=order, by=self.manager, provider_reference="BANK-1")
            confirm_payment(order=order, by=self.manager, provider_reference="BANK-1")  # twice: no second change
        order.refresh_from_db()
        self.assertEqual((order.status, order.provider_reference), ("paid", "BANK-1"))
        self.assertEqual([kwargs["order"].pk for _, kwargs in self.paid.calls], [order.pk])
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(order.reference, mail.outbox[0].subject)
        self.assertIn(ADVISORY, mail.outbox[0].body)
        self.assertEqual(mail.outbox[0].attachments, [])

    def test_the_buyer_cancels_a_pending_item_order(self):
        order = self.place()
        cancel_order(order=order, by=self.member)
        order.refresh_from_db()
        self.assertEqual((order.status, order.cancel_reason), ("cancelled", "cancelled"))
        self.assertEqual([(kw["order"].pk, kw["reason"]) for _, kw in self.released.calls], [(order.pk, "cancelled")])
        with self.assertRaises(ReservationError) as caught:
            confirm_payment(order=order, by=self.manager)
        self.assertEqual(caught.exception.code, "order_not_pending")
        self.assertEqual(self.paid.calls, [])

    def test_the_sweep_expires_an_unpaid_item_order_and_says_so(self):
        with freeze_time("2030-01-10 09:00:00"):
            order = self.place()
        mail.outbox.clear()
        with freeze_time("2030-01-10 09:29:00"):
            self.assertEqual(expire_unpaid_orders(), 0)
        with freeze_time("2030-01-10 09:31:00"), self.captureOnCommitCallbacks(execute=True):
            with self.assertRaises(ReservationError) as caught:
                confirm_payment(order=order, by=self.manager)
            self.assertEqual(caught.exception.code, "hold_expired")
            self.assertIn("The time to pay this order ran out", str(caught.exception.message))
            self.assertEqual(expire_unpaid_orders(), 1)
            self.assertEqual(expire_unpaid_orders(), 0)
        order.refresh_from_db()
        self.assertEqual((order.status, order.cancel_reason), ("cancelled", "expired"))
        self.assertEqual([(kw["order"].pk, kw["reason"]) for _, kw in self.released.calls], [(order.pk, "expired")])
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("so it has been cancelled", mail.outbox[0].body)
        self.assertIn(ADVISORY, mail.outbox[0].body)

    def test_staff_refund_a_paid_item_order(self):
        order = self.place()
        confirm_payment(order=order, by=self.manager)
        with self.assertRaises(ReservationError) as caught:
            refund_order(order=order, by=self.member)
        self.assertEqual(caught.exception.code, "forbidden")
        refund_order(order=order, by=self.manager)
        order.refresh_from_db()
        self.assertEqual(order.status, "refunded")
        self.assertEqual([(kw["order"].pk, kw["reason"]) for _, kw in self.released.calls], [(order.pk, "refunded")])

    def test_a_receiver_that_raises_rolls_the_payment_back(self):
        order = self.place()

        def refuse(sender, order, now, **kwargs):
            raise RuntimeError("the booking could not be confirmed")

        order_paid.connect(refuse, weak=False)
        self.addCleanup(order_paid.disconnect, refuse)
        with self.assertRaises(RuntimeError):
            confirm_payment(order=order, by=self.manager, provider_reference="BANK-2")
        order.refresh_from_db()
        self.assertEqual((order.status, order.paid_at, order.provider_reference), ("pending", None, ""))

    def test_bad_input_is_refused_with_the_field_and_nothing_is_stored(self):
        cases = [
            ({"provider": "cheque"}, "unknown_provider", "provider"),
            ({"provider": "free"}, "provider_not_allowed", "provider"),
            ({"unit_price": Decimal("0"), "provider": "bank_transfer"}, "provider_not_allowed", "provider"),
            ({"description": "   "}, "item_description_missing", "description"),
            ({"description": "x" * 256}, "item_description_missing", "description"),
            ({"unit_price": Decimal("-1")}, "item_price_invalid", "unit_price"),
            ({"unit_price": "12.345"}, "item_price_invalid", "unit_price"),
            ({"unit_price": "abc"}, "item_price_invalid", "unit_price"),
            ({"unit_price": Decimal("123456789")}, "item_price_invalid", "unit_price"),
            ({"hold_minutes": 0}, "item_hold_invalid", "hold_minutes"),
            ({"hold_minutes": 10**9}, "item_hold_invalid", "hold_minutes"),
            ({"hold_minutes": "30"}, "item_hold_invalid", "hold_minutes"),
        ]
        for options, code, field in cases:
            with self.subTest(options=options), self.assertRaises(ReservationError) as caught:
                self.place(**options)
            self.assertEqual((caught.exception.code, caught.exception.field), (code, field))
        self.assertIn("cannot be used for an amount of €45.00", str(self.place_refused(provider="free").message))
        self.assertFalse(Order.objects.exists())
        self.assertFalse(OrderLine.objects.exists())

    def place_refused(self, **options):
        try:
            self.place(**options)
        except ReservationError as exc:
            return exc
        self.fail("the order was placed")

    def test_a_line_is_either_a_seat_in_a_session_or_an_item_without_one(self):
        order = self.place()
        session = SessionFactory(course=make_course("Python", price=Decimal("10")))
        for kind, line_session in (("seat", None), ("item", session)):
            with self.subTest(kind=kind), self.assertRaises(IntegrityError), transaction.atomic():
                OrderLine.objects.create(
                    order=order, kind=kind, session=line_session, description="x", unit_price=Decimal("1")
                )


@override_settings(LUMINO_BANK_TRANSFER_IBAN=IBAN)
class ItemOrderPagesTests(LuminoTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        with freeze_time("2030-01-10 09:00:00"):
            self.order = place_item_order(
                buyer=self.member,
                description=ADVISORY,
                unit_price=Decimal("45"),
                provider="bank_transfer",
                by=self.member,
                hold_minutes=3 * 24 * 60,
            )

    def test_the_buyer_pays_from_the_order_page(self):
        # Logged in at the frozen time: a session opened in the real present has expired by 2030.
        with freeze_time("2030-01-10 10:00:00"):
            self.client.force_login(self.member)
            page = self.client.get(reverse("courses:order", args=[self.order.reference]))
        self.assertEqual(page.status_code, 200)
        for text in (ADVISORY, "€45.00", "ES91 2100 0418 4502 0005 1332", "Please pay before", "Cancel this order"):
            self.assertContains(page, text)
        self.assertNotContains(page, "Your seat")
        self.assertNotContains(page, "Seats in this order")
        with freeze_time("2030-01-10 10:00:00"):
            self.client.force_login(self.other_member)
            self.assertEqual(self.client.get(reverse("courses:order", args=[self.order.reference])).status_code, 404)

    def test_the_buyer_cancels_it_from_its_page(self):
        url = reverse("courses:cancel_order", args=[self.order.reference])
        with freeze_time("2030-01-10 10:00:00"):
            self.client.force_login(self.member)
            self.assertContains(self.client.get(url), "can no longer be paid")
            response = self.client.post(url, {"confirm": "1"}, follow=True)
        self.assertContains(response, "has been cancelled")
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, "cancelled")

    def test_staff_confirm_the_transfer_from_the_admin(self):
        with freeze_time("2030-01-10 10:00:00"):
            self.client.force_login(self.manager)
            listing = self.client.get(reverse("wagtailsnippets_courses_order:list"))
            self.assertContains(listing, ADVISORY)
            self.assertContains(listing, "Confirm bank transfer")
            inspect = self.client.get(reverse("wagtailsnippets_courses_order:inspect", args=(self.order.pk,)))
            self.assertContains(inspect, ADVISORY)
            url = reverse("wagtail_bulk_action", args=("courses", "order", "confirm_transfer"))
            url += f"?id={self.order.pk}&next={reverse('wagtailsnippets_courses_order:list')}"
            response = self.client.post(url, follow=True)
        self.assertEqual([str(m).strip() for m in response.context["messages"]], ["1 record updated."])
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, "paid")
        with freeze_time("2030-01-10 11:00:00"):
            self.client.force_login(self.member)
            page = self.client.get(reverse("courses:order", args=[self.order.reference]))
        self.assertContains(page, "Your order is confirmed.")

    def test_my_lumino_lists_it_beside_the_course_orders(self):
        session = SessionFactory(
            course=make_course("Seguridad web", price=Decimal("120")), starts_at=timezone.now() + timedelta(days=30)
        )
        with freeze_time("2030-01-10 10:00:00"):
            self.client.force_login(self.member)
            response = self.client.get("/dashboard/")
            greeting = self.client.get("/dashboard/fragments/greeting/")
        self.assertContains(response, ADVISORY)
        self.assertContains(response, self.order.reference)
        self.assertContains(greeting, f"Pay order {self.order.reference} before it is cancelled")
        course_order = place_order(session=session, member=self.member, provider="bank_transfer", by=self.member)
        response = self.client.get("/dashboard/")
        orders = next(p for p in response.context["panels"] if str(p.title) == "My orders").context["orders"]
        self.assertEqual({o.pk for o in orders}, {self.order.pk, course_order.pk})
        self.assertContains(response, "Seguridad web")
        self.assertContains(response, ADVISORY)

    def test_my_orders_take_the_same_queries_for_1_and_20_item_orders(self):
        self.client.force_login(self.member)
        self.client.get("/dashboard/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/dashboard/")
        for index in range(19):
            place_item_order(
                buyer=self.member,
                description=f"Asesoría {index}",
                unit_price=Decimal("30"),
                provider="bank_transfer",
                by=self.member,
            )
        with self.assertNumQueries(len(few)):
            self.client.get("/dashboard/")

    def test_the_reminder_names_what_is_unpaid(self):
        mail.outbox.clear()
        with freeze_time("2030-01-12 10:00:00"), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(remind_unpaid_orders(), 1)
            self.assertFalse(send_order_reminder(self.order.pk))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertIn(self.order.reference, message.subject)
        for text in (ADVISORY, "€45.00", "Please pay it before", "ES91 2100 0418 4502 0005 1332"):
            self.assertIn(text, message.body)
        self.assertNotIn("seat", message.body)

    def test_the_emails_read_in_spanish_for_a_spanish_buyer(self):
        self.member.language = "es"
        self.member.save(update_fields=["language"])
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            confirm_payment(order=self.order, by=self.manager)
        body = mail.outbox[0].body
        self.assertIn(ADVISORY, body)
        self.assertIn("Hemos recibido el pago del pedido", body)
        self.assertIn("45,00\xa0€", body)
