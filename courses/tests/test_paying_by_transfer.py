"""Paying by bank transfer: the bank details managers set, how long the seat is held, the reminder."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from freezegun import freeze_time
from openpyxl import load_workbook

from courses.emails import send_order_reminder
from courses.models import Order, PaymentSettings, bank_details
from courses.services import place_order
from courses.sweeps import remind_unpaid_orders
from portal.testing import LuminoTestCase

from .factories import SessionFactory, make_course

IBAN = "ES91 2100 0418 4502 0005 1332"


def store_bank_details(iban="ES9121000418450200051332", beneficiary="Formación Lumino S.L."):
    details = PaymentSettings.for_site(Site.objects.get(is_default_site=True))
    details.bank_transfer_iban, details.bank_transfer_beneficiary = iban, beneficiary
    details.full_clean()
    details.save()
    return details


@override_settings(LUMINO_BANK_TRANSFER_IBAN="", LUMINO_ORDER_HOLD_DAYS_BANK_TRANSFER=5)
class BankTransferTests(LuminoTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.course = make_course("Seguridad web", price=Decimal("1250"))
        self.session = SessionFactory(course=self.course, starts_at=timezone.now() + timedelta(days=30))

    def test_the_iban_is_checked_with_a_clear_message(self):
        with self.assertRaises(ValidationError) as caught:
            store_bank_details(iban="ES9121000418450200051333")
        self.assertIn("check digits do not match", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            store_bank_details(iban="not an iban")
        self.assertIn("Enter an IBAN", str(caught.exception))
        self.assertEqual(bank_details().iban, "")

    def test_without_an_iban_bank_transfer_is_not_offered(self):
        self.client.force_login(self.member)
        response = self.client.get(f"/courses/sessions/{self.session.pk}/")
        self.assertNotContains(response, 'value="bank_transfer"')
        self.assertContains(response, "Online payment is not available right now")
        response = self.client.post(f"/courses/sessions/{self.session.pk}/order/", {"provider": "bank_transfer"})
        self.assertContains(response, "Online payment is not available right now")
        self.assertNotContains(response, "IBAN")
        self.assertFalse(Order.objects.exists())

    @override_settings(LUMINO_BANK_TRANSFER_IBAN="DE89370400440532013000", LUMINO_BANK_TRANSFER_BENEFICIARY="Env S.A.")
    def test_the_environment_is_the_fallback_and_the_admin_settings_win(self):
        self.assertEqual(bank_details().iban, "DE89 3704 0044 0532 0130 00")
        store_bank_details()
        self.assertEqual((bank_details().iban, bank_details().beneficiary), (IBAN, "Formación Lumino S.L."))

    def test_the_order_page_and_e_mail_show_the_bank_details_and_reference(self):
        store_bank_details()
        self.client.force_login(self.member)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/courses/sessions/{self.session.pk}/order/", {"provider": "bank_transfer"})
        order = Order.objects.get()
        page = self.client.get(f"/courses/orders/{order.reference}/")
        for text in (IBAN, "Formación Lumino S.L.", order.reference, "€1,250.00", "(Madrid time)"):
            self.assertContains(page, text)
        self.assertNotContains(page, "e-mail you our bank details")
        message = mail.outbox[-1]
        for text in (IBAN, "Formación Lumino S.L.", order.reference, "€1,250.00", "(Madrid time)"):
            self.assertIn(text, message.body)

    def test_money_and_times_read_the_spanish_way_in_spanish(self):
        store_bank_details()
        order = place_order(session=self.session, member=self.member, provider="bank_transfer", by=self.member)
        self.client.force_login(self.member)
        page = self.client.get(f"/courses/orders/{order.reference}/", HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(page, "1.250,00\xa0€")
        self.assertContains(page, "(hora de Madrid)")

    def test_a_transfer_holds_the_seat_for_days_but_not_past_the_deadline(self):
        store_bank_details()
        with freeze_time("2030-01-10 09:00:00"):
            far = SessionFactory(course=self.course, starts_at=timezone.now() + timedelta(days=30))
            near = SessionFactory(course=self.course, starts_at=timezone.now() + timedelta(days=2))
            held_far = place_order(session=far, member=self.member, provider="bank_transfer", by=self.member)
            held_near = place_order(
                session=near, member=self.other_member, provider="bank_transfer", by=self.other_member
            )
        self.assertEqual(held_far.expires_at - held_far.created_at, timedelta(days=5))
        self.assertEqual(held_near.expires_at, near.reservation_deadline)

    def test_the_buyer_is_reminded_once_a_day_before_the_hold_ends(self):
        store_bank_details()
        with freeze_time("2030-01-10 09:00:00"):
            session = SessionFactory(course=self.course, starts_at=timezone.now() + timedelta(days=30))
            order = place_order(session=session, member=self.member, provider="bank_transfer", by=self.member)
        mail.outbox.clear()
        with freeze_time("2030-01-13 09:00:00"):
            self.assertEqual(remind_unpaid_orders(), 0)
        with freeze_time("2030-01-14 10:00:00"), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(remind_unpaid_orders(), 1)
            self.assertEqual(remind_unpaid_orders(), 0)
            self.assertFalse(send_order_reminder(order.pk))
        order.refresh_from_db()
        self.assertEqual(order.reminder_sent_at.isoformat(), "2030-01-14T10:00:00+00:00")
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(order.reference, mail.outbox[0].subject)
        self.assertIn(IBAN, mail.outbox[0].body)


@override_settings(LUMINO_BANK_TRANSFER_IBAN="ES9121000418450200051332")
class OrderAdminTests(LuminoTestCase):
    def setUp(self):
        with freeze_time("2030-01-10 09:00:00"):
            session = SessionFactory(course=make_course("Terraform", price=Decimal("99")))
            self.order = place_order(session=session, member=self.member, provider="bank_transfer", by=self.member)

    def test_the_order_list_shows_labels_money_and_a_deadline_ahead(self):
        with freeze_time("2030-01-10 10:00:00"):
            self.client.force_login(self.manager)
            listing = self.client.get(reverse("wagtailsnippets_courses_order:list"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(listing, "Bank transfer")
        self.assertNotContains(listing, ">bank_transfer<")
        self.assertContains(listing, "€99.00")
        self.assertContains(listing, "from now")
        self.assertNotContains(listing, "just now")

    def test_the_inspect_page_says_not_paid_instead_of_none(self):
        self.client.force_login(self.manager)
        url = reverse("wagtailsnippets_courses_order:inspect", args=(self.order.pk,))
        page = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "Not paid")
        self.assertContains(page, "Bank transfer")
        self.assertNotRegex(page.content.decode(), r">\s*None\s*<")

    def test_the_export_gives_times_in_the_named_site_zone(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("wagtailsnippets_courses_order:list"), {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        headings = list(rows[0])
        self.assertIn("Created (Europe/Madrid)", headings)
        created = rows[1][headings.index("Created (Europe/Madrid)")]
        self.assertEqual(created.isoformat(), "2030-01-10T10:00:00")  # 09:00 UTC is 10:00 in Madrid
        self.assertEqual(rows[1][headings.index("Payment method")], "Bank transfer")
        self.assertEqual(rows[1][headings.index("Total")], "€99.00")

    def test_the_order_list_filters_by_payment_method_label(self):
        self.client.force_login(self.manager)
        url = reverse("wagtailsnippets_courses_order:list")
        response = self.client.get(url, {"provider": "bank_transfer"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(list(response.context["object_list"]), [self.order])
        self.assertContains(response, 'value="bank_transfer"')
        self.assertNotContains(response, ">bank_transfer<")
        self.assertEqual(list(self.client.get(url, {"provider": "free"}).context["object_list"]), [])

    def test_a_bulk_action_reports_each_outcome_once(self):
        self.client.force_login(self.manager)
        url = reverse("wagtail_bulk_action", args=("courses", "order", "confirm_transfer"))
        url += f"?id={self.order.pk}&next={reverse('wagtailsnippets_courses_order:list')}"
        with freeze_time("2030-02-01 09:00:00"):  # the hold has run out: refused
            self.client.force_login(self.manager)
            response = self.client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        messages = [str(m).strip() for m in response.context["messages"]]
        self.assertEqual(len(messages), 1, messages)
        self.assertIn("expired at", messages[0])
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, "pending")
        with freeze_time("2030-01-10 10:00:00"):
            self.client.force_login(self.manager)
            response = self.client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual([str(m).strip() for m in response.context["messages"]], ["1 record updated."])
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, "paid")


class SessionExportTests(LuminoTestCase):
    def test_session_times_are_exported_in_the_sessions_own_zone_and_say_so(self):
        SessionFactory(
            course=make_course("Kubernetes"),
            starts_at=datetime(2031, 3, 14, 16, 0, tzinfo=UTC),  # 10:00 in Mexico City
            ends_at=datetime(2031, 3, 14, 18, 0, tzinfo=UTC),
            timezone="America/Mexico_City",
        )
        self.client.force_login(self.manager)
        response = self.client.get(
            reverse("wagtailsnippets_courses_session:list"), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
        headings = list(rows[0])
        self.assertIn("Starts (session's time zone)", headings)
        row = rows[1]
        self.assertEqual(row[headings.index("Starts (session's time zone)")].isoformat(), "2031-03-14T10:00:00")
        self.assertEqual(row[headings.index("Time zone")], "America/Mexico_City")
        listing = self.client.get(reverse("wagtailsnippets_courses_session:list"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(listing, "03/14/2031 10 a.m. (Mexico City time)")  # not 17:00 Madrid


class PaidStatusWordingTests(LuminoTestCase):
    def test_a_paid_order_reads_pagado_in_spanish(self):
        session = SessionFactory(course=make_course("Taller gratuito"))
        order = place_order(session=session, member=self.member, provider="free", by=self.member)
        self.client.force_login(self.member)
        page = self.client.get(f"/courses/orders/{order.reference}/", HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(page, ">Pagado</span>")
        self.assertNotContains(page, "De pago")
        self.assertEqual(Order.objects.get(pk=order.pk).status, "paid")
