"""Buying a seat from the web: choosing how to pay, the order page, and cancelling an order."""

from datetime import timedelta
from decimal import Decimal

from django.test import override_settings
from django.utils import timezone

from courses.models import Order, Reservation
from courses.services import place_order, reserve_seats_for_colleagues
from portal.testing import LuminoTestCase

from .factories import CompanyFactory, SessionFactory, fill, make_course

IBAN = "ES91 2100 0418 4502 0005 1332"


@override_settings(LUMINO_BANK_TRANSFER_IBAN=IBAN)
class OrderViewTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.course = make_course("Seguridad web", price=Decimal("150"))
        self.session = SessionFactory(course=self.course, capacity=1)
        self.session_url = f"/courses/sessions/{self.session.pk}/"

    def buy(self, provider="bank_transfer"):
        return self.client.post(f"/courses/sessions/{self.session.pk}/order/", {"provider": provider})

    def test_paid_session_offers_to_buy_with_the_enabled_paid_methods_only(self):
        self.client.force_login(self.member)
        response = self.client.get(self.session_url)
        self.assertContains(response, "Buy · €150.00")
        self.assertContains(response, 'value="bank_transfer"')
        self.assertNotContains(response, 'value="free"')
        self.assertNotContains(response, "Reserve a seat")

    def test_buying_holds_the_seat_and_shows_the_bank_transfer_instructions(self):
        self.client.force_login(self.member)
        response = self.buy()
        order = Order.objects.get()
        self.assertRedirects(response, f"/courses/orders/{order.reference}/", fetch_redirect_response=False)
        self.assertEqual((order.member, order.status, order.total), (self.member, "pending", Decimal("150.00")))
        self.assertEqual(order.lines.get().reservation.status, Reservation.Status.HELD)
        page = self.client.get(f"/courses/orders/{order.reference}/")
        self.assertContains(page, "Your seat is held until the transfer arrives")
        self.assertContains(page, IBAN)
        self.assertContains(page, order.reference)
        self.assertContains(page, "Cancel this order")

    def test_an_unknown_payment_method_is_refused_on_the_field(self):
        self.client.force_login(self.member)
        response = self.buy("free")
        self.assertContains(response, "Select a valid choice.")
        self.assertFalse(Order.objects.exists())

    def test_a_full_paid_session_offers_the_waiting_list(self):
        fill(self.session, 1)
        self.client.force_login(self.member)
        response = self.buy()
        self.assertContains(response, "You can join the waiting list, in position 1.", status_code=409)
        self.assertContains(response, "Join the waiting list in position 1", status_code=409)
        self.client.post(self.session_url, {"join_waitlist": "1"})
        self.assertEqual(Reservation.objects.get(member=self.member).status, Reservation.Status.WAITLISTED)
        self.assertFalse(Order.objects.exists())

    def test_an_order_is_visible_to_its_buyer_and_staff_only(self):
        order = place_order(session=self.session, member=self.member, provider="bank_transfer", by=self.member)
        url = f"/courses/orders/{order.reference}/"
        self.client.force_login(self.other_member)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(f"{url}cancel/").status_code, 404)
        self.client.force_login(self.manager)
        self.assertContains(self.client.get(url), order.reference)
        self.client.logout()
        self.assertRedirects(self.client.get(url), f"/accounts/login/?next={url}", fetch_redirect_response=False)
        order.refresh_from_db()
        self.assertEqual(order.status, "pending")

    def test_cancelling_the_order_releases_the_seat(self):
        order = place_order(session=self.session, member=self.member, provider="bank_transfer", by=self.member)
        self.client.force_login(self.member)
        url = f"/courses/orders/{order.reference}/cancel/"
        self.assertContains(self.client.get(url), "Cancel the order")
        response = self.client.post(url)
        self.assertRedirects(response, f"/courses/orders/{order.reference}/", fetch_redirect_response=False)
        order.refresh_from_db()
        self.assertEqual(order.status, "cancelled")
        self.assertEqual(self.session.seats_taken, 0)
        self.assertContains(self.client.get(f"/courses/orders/{order.reference}/"), "This order was cancelled on")
        # A second attempt is refused with the service's message.
        self.assertContains(
            self.client.post(url), "This order is cancelled; it can no longer be changed.", status_code=409
        )

    def test_a_seat_the_manager_bought_is_the_managers_to_pay(self):
        CompanyFactory(managers=[self.company_manager], members=[self.member])
        reserve_seats_for_colleagues(session=self.session, members=[self.member], by=self.company_manager)
        order = Order.objects.get()
        self.assertEqual(order.member, self.company_manager)
        self.client.force_login(self.member)
        response = self.client.get(self.session_url)
        self.assertContains(response, "Seat held for payment")
        self.assertNotContains(response, f"/courses/orders/{order.reference}/")
        self.client.force_login(self.company_manager)
        self.assertContains(self.client.get(f"/courses/orders/{order.reference}/"), self.member.get_full_name())

    def test_an_expired_hold_shows_no_payment_instructions(self):
        order = place_order(session=self.session, member=self.member, provider="bank_transfer", by=self.member)
        Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        self.client.force_login(self.member)
        response = self.client.get(f"/courses/orders/{order.reference}/")
        self.assertContains(response, "The time to pay this order has run out.")
        self.assertNotContains(response, IBAN)


class FreeOrderTests(LuminoTestCase):
    def test_a_free_order_page_confirms_the_seat(self):
        session = SessionFactory(course=make_course("Taller gratuito"))
        order = place_order(session=session, member=self.member, provider="free", by=self.member)
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.client.force_login(self.member)
        response = self.client.get(f"/courses/orders/{order.reference}/")
        self.assertContains(response, "Your seat is confirmed. See you there!")
        self.assertNotContains(response, "Cancel this order")
