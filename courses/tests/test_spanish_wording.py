"""What a Spanish speaker reads about orders, waiting lists and company seats."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from courses.listing import PRICE_CHOICES
from courses.models import Order, Reservation
from courses.services import confirm_payment, place_order, reserve_seats_for_colleagues
from portal.testing import LuminoTestCase

from .factories import CompanyFactory, ReservationFactory, SessionFactory, fill, make_course


@override_settings(LUMINO_BANK_TRANSFER_IBAN="ES91 2100 0418 4502 0005 1332")
class SpanishCoursesWordingTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
        self.session = SessionFactory(course=make_course("Seguridad web", price=Decimal("150")), capacity=1)

    def page(self, url, user):
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return unescape(response.content.decode())

    def test_a_paid_order_reads_pagado_while_a_course_that_costs_money_reads_de_pago(self):
        order = place_order(session=self.session, member=self.member, provider="bank_transfer", by=self.member)
        confirm_payment(order=order, by=self.manager)
        html = self.page(f"/courses/orders/{order.reference}/", self.member)
        self.assertIn(">Pagado</span>", html)
        self.assertNotIn("De pago", html)
        with translation.override("es"):
            self.assertEqual(str(dict(PRICE_CHOICES)["paid"]), "De pago")
            self.assertEqual(str(Order.Status.CANCELLED.label), "Cancelado")
            self.assertEqual(str(Reservation.Status.CANCELLED.label), "Cancelada")

    def test_someone_on_the_waiting_list_is_not_told_they_have_a_place(self):
        fill(self.session, 1)
        ReservationFactory(session=self.session, member=self.member, status="waitlisted", waitlisted_at=timezone.now())
        self.client.force_login(self.member)
        response = self.client.post(
            f"/api/v1/sessions/{self.session.pk}/reservations/",
            {"join_waitlist": True},
            content_type="application/json",
        )
        body = response.json()
        self.assertEqual((response.status_code, body["code"]), (409, "already_reserved"))
        self.assertIn("ya está en la lista de espera de esta sesión", body["message"])
        self.assertNotIn("tiene plaza", body["message"])

    def test_a_company_order_speaks_of_the_seats_not_of_your_seat(self):
        ana, luis = UserFactory(first_name="Ana"), UserFactory(first_name="Luis")
        CompanyFactory(managers=[self.company_manager], members=[ana, luis])
        self.session.capacity = 2
        self.session.save(update_fields=["capacity"])
        self.company_manager.language = "es"
        self.company_manager.save(update_fields=["language"])
        with self.captureOnCommitCallbacks(execute=True):
            reserve_seats_for_colleagues(session=self.session, members=[ana, luis], by=self.company_manager)
        order = Order.objects.get()
        html = self.page(f"/courses/orders/{order.reference}/", self.company_manager)
        self.assertIn("Las plazas quedan reservadas hasta el", html)
        self.assertNotIn("Tu plaza", html)
        placed = next(message for message in mail.outbox if message.to == [self.company_manager.email])
        self.assertIn("Las plazas quedan reservadas", placed.body)
        self.assertNotIn("Tu plaza", placed.body)

        confirm_payment(order=order, by=self.manager)
        html = self.page(f"/courses/orders/{order.reference}/", self.company_manager)
        self.assertIn("Las plazas están confirmadas.", html)
        self.assertNotIn("Tu plaza", html)

    def test_colleagues_waiting_are_not_listed_as_colleagues_with_a_place(self):
        ana, luis = UserFactory(first_name="Ana"), UserFactory(first_name="Luis")
        CompanyFactory(managers=[self.company_manager], members=[ana, luis])
        free = SessionFactory(capacity=1)
        reserve_seats_for_colleagues(session=free, members=[ana, luis], by=self.company_manager)
        html = self.page(f"/courses/sessions/{free.pk}/colleagues/", self.company_manager)
        with_place, waiting = html.split("Compañeros con plaza")[1].split("Compañeros en la lista de espera")
        self.assertIn(ana.get_full_name(), with_place)
        self.assertNotIn(luis.get_full_name(), with_place)
        self.assertIn(luis.get_full_name(), waiting)
        self.assertIn("Número 1 de la cola", waiting)

    def test_the_dashboard_offers_no_payment_once_the_hold_has_ended(self):
        order = place_order(session=self.session, member=self.member, provider="bank_transfer", by=self.member)
        html = self.page("/dashboard/", self.member)
        self.assertIn(f'href="/courses/orders/{order.reference}/">Pagar', html)

        Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        html = self.page("/dashboard/", self.member)
        self.assertNotIn(">Pagar", html)
        session_page = self.page(f"/courses/sessions/{self.session.pk}/", self.member)
        self.assertNotIn("Paga tu pedido", session_page)
