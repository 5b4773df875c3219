"""The buttons a page offers and the services' decisions come from one rule (the models' `may_*`).

Each test moves a reservation or an order past a limit, then checks the page, the API and the
service together: where the service refuses, no page offers the action, and the other way round.
"""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from freezegun import freeze_time

from courses import services
from courses.errors import ReservationError
from courses.models import Order, Reservation, Session
from portal.testing import LuminoTestCase

from .factories import ReservationFactory, SessionFactory, make_course

Status = Reservation.Status


def service_allows(service, **kwargs):
    """Run the service and roll it back: True when it would succeed, False when it refuses."""
    try:
        with transaction.atomic():
            service(**kwargs)
            transaction.set_rollback(True)
    except ReservationError:
        return False
    return True


class CancellingTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.session = SessionFactory(course=make_course("Docker práctico"))
        self.seat = ReservationFactory(session=self.session, member=self.member, status=Status.CONFIRMED)
        self.cancel_url = f"/courses/reservations/{self.seat.pk}/cancel/"

    def close_reservations(self):
        """The deadline has passed; the session has not started yet."""
        Session.objects.filter(pk=self.session.pk).update(reservation_deadline=timezone.now() - timedelta(minutes=1))
        self.seat.refresh_from_db()

    def offered_on(self, url):
        self.client.force_login(self.member)
        return self.cancel_url in self.client.get(url).content.decode()

    def api_may_cancel(self):
        self.client.force_login(self.member)
        return self.client.get(f"/api/v1/reservations/{self.seat.pk}/").json()["may_cancel"]

    def test_before_the_deadline_every_page_offers_cancel_and_the_service_accepts(self):
        self.assertTrue(self.seat.may_cancel(self.member))
        self.assertTrue(service_allows(services.cancel_reservation, reservation=self.seat, by=self.member))
        self.assertTrue(self.offered_on("/dashboard/"))
        self.assertTrue(self.offered_on(f"/courses/sessions/{self.session.pk}/"))
        self.assertTrue(self.offered_on(reverse("courses:course_sessions", args=[self.session.course.pk])))
        self.assertTrue(self.api_may_cancel())
        self.assertContains(self.client.get(self.cancel_url), "Cancel the reservation")

    def test_after_the_deadline_no_page_offers_cancel_and_the_service_refuses(self):
        self.close_reservations()
        self.assertFalse(self.seat.may_cancel(self.member))
        self.assertFalse(service_allows(services.cancel_reservation, reservation=self.seat, by=self.member))
        # The dashboard used to offer "Cancel" whatever the deadline.
        self.assertFalse(self.offered_on("/dashboard/"))
        self.assertFalse(self.offered_on(f"/courses/sessions/{self.session.pk}/"))
        self.assertFalse(self.offered_on(reverse("courses:course_sessions", args=[self.session.course.pk])))
        self.assertFalse(self.api_may_cancel())
        page = self.client.get(self.cancel_url)
        self.assertNotContains(page, "Cancel the reservation")
        self.assertContains(page, "can no longer be cancelled: cancellations closed on")
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, "confirmed")

    def test_a_held_seat_after_the_deadline_keeps_its_pay_link_but_loses_cancel(self):
        self.seat.status = Status.HELD
        self.seat.save(update_fields=["status"])
        self.close_reservations()
        self.assertFalse(self.offered_on("/dashboard/"))
        self.assertFalse(service_allows(services.cancel_reservation, reservation=self.seat, by=self.member))

    def test_staff_may_cancel_until_the_session_ends_as_the_service_allows(self):
        self.close_reservations()
        self.assertTrue(self.seat.may_cancel(self.manager))
        self.assertTrue(service_allows(services.cancel_reservation, reservation=self.seat, by=self.manager))
        Session.objects.filter(pk=self.session.pk).update(
            starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(minutes=1)
        )
        self.seat.refresh_from_db()
        self.assertFalse(self.seat.may_cancel(self.manager))
        self.assertFalse(service_allows(services.cancel_reservation, reservation=self.seat, by=self.manager))

    def test_nobody_else_may_cancel_and_the_service_agrees(self):
        self.assertFalse(self.seat.may_cancel(self.other_member))
        self.assertFalse(service_allows(services.cancel_reservation, reservation=self.seat, by=self.other_member))

    def test_the_rule_and_the_service_agree_for_every_status_person_and_moment(self):
        people = [self.member, self.other_member, self.manager]
        moments = {
            "open": {},
            "after the deadline": {"reservation_deadline": timezone.now() - timedelta(minutes=1)},
            "after the end": {
                "starts_at": timezone.now() - timedelta(hours=3),
                "ends_at": timezone.now() - timedelta(hours=1),
                "reservation_deadline": timezone.now() - timedelta(hours=3),
            },
        }
        for moment, fields in moments.items():
            if fields:
                Session.objects.filter(pk=self.session.pk).update(**fields)
            for status in Status:
                Reservation.objects.filter(pk=self.seat.pk).update(
                    status=status, waitlisted_at=timezone.now() if status == Status.WAITLISTED else None
                )
                for person in people:
                    seat = Reservation.objects.select_related("session").get(pk=self.seat.pk)
                    with self.subTest(moment=moment, status=status, person=person.username):
                        self.assertEqual(
                            seat.may_cancel(person),
                            service_allows(services.cancel_reservation, reservation=seat, by=person),
                        )
                        self.assertEqual(
                            seat.may_leave_waiting_list(person),
                            service_allows(services.leave_waiting_list, reservation=seat, by=person),
                        )


class CalendarFileTests(LuminoTestCase):
    def test_the_link_is_offered_exactly_where_the_file_is_served(self):
        session = SessionFactory()
        for status in Status:
            seat = ReservationFactory(session=session, member=self.member, status=status)
            url = reverse("courses:reservation_calendar", args=[seat.pk])
            for person in (self.member, self.other_member):
                self.client.force_login(person)
                with self.subTest(status=status, person=person.username):
                    served = self.client.get(url).status_code == 200
                    self.assertEqual(seat.may_download_ics(person), served)
            Reservation.objects.filter(pk=seat.pk).update(status=Status.CANCELLED)


@override_settings(
    LUMINO_BANK_TRANSFER_IBAN="ES91 2100 0418 4502 0005 1332",
    LUMINO_ORDER_HOLD_MINUTES=30,
    LUMINO_ORDER_HOLD_DAYS_BANK_TRANSFER=0,
)
class OrderTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        with freeze_time("2030-01-10 09:00:00"):
            session = SessionFactory(
                course=make_course("Kubernetes", price=Decimal("120")), starts_at=timezone.now() + timedelta(days=5)
            )
            self.order = services.place_order(
                session=session, member=self.member, provider="bank_transfer", by=self.member
            )
        self.url = reverse("courses:order", args=[self.order.reference])
        self.cancel_url = reverse("courses:cancel_order", args=[self.order.reference])

    def page(self, person=None):
        self.client.force_login(person or self.member)
        return self.client.get(self.url).content.decode()

    def test_while_the_hold_runs_the_page_shows_how_to_pay_and_the_service_takes_the_payment(self):
        with freeze_time("2030-01-10 09:10:00"):
            self.assertTrue(self.order.may_pay)
            self.assertTrue(self.order.may_confirm_payment(self.manager))
            self.assertTrue(service_allows(services.confirm_payment, order=self.order, by=self.manager))
            self.assertIn("How to pay", self.page())
            self.assertIn("pay before", self.client.get("/dashboard/").content.decode())

    def test_once_the_hold_ran_out_nothing_offers_to_pay_and_the_service_refuses(self):
        with freeze_time("2030-01-10 09:31:00"):
            self.assertFalse(self.order.may_pay)
            self.assertFalse(self.order.may_confirm_payment(self.manager))
            self.assertFalse(service_allows(services.confirm_payment, order=self.order, by=self.manager))
            page = self.page()
            self.assertNotIn("How to pay", page)
            self.assertIn("The time to pay this order has run out", page)
            self.assertNotIn("pay before", self.client.get("/dashboard/").content.decode())

    def test_cancel_is_offered_on_a_pending_order_only_as_the_service_allows(self):
        self.assertTrue(self.order.may_cancel(self.member))
        self.assertIn(self.cancel_url, self.page())
        self.assertFalse(self.order.may_cancel(self.other_member))
        self.assertFalse(service_allows(services.cancel_order, order=self.order, by=self.other_member))
        Order.objects.filter(pk=self.order.pk).update(status=Order.Status.PAID, paid_at=timezone.now())
        self.order.refresh_from_db()
        self.assertFalse(self.order.may_cancel(self.member))
        self.assertFalse(service_allows(services.cancel_order, order=self.order, by=self.member))
        self.assertNotIn(self.cancel_url, self.page())
        self.client.force_login(self.member)
        page = self.client.get(self.cancel_url)
        self.assertNotContains(page, "Cancel the order</button>")
        self.assertContains(page, "This order can no longer be cancelled.")


class TemplatesOnlyDisplayTests(LuminoTestCase):
    def test_no_courses_template_compares_a_status_string(self):
        """Decisions belong to the models' `may_*` and `is_*`: a template that compares
        `status == "…"` starts a second rule that can disagree with the service."""
        root = Path(settings.BASE_DIR) / "templates" / "courses"
        comparisons = re.compile(
            r"""\.status\s*(==|!=)|(==|!=)\s*["'](confirmed|held|waitlisted|attended|cancelled|pending|paid|refunded|scheduled|completed)["']"""
        )
        found = [
            f"{path.relative_to(root)}:{number}"
            for path in sorted(root.rglob("*.*"))
            for number, line in enumerate(path.read_text().splitlines(), start=1)
            if comparisons.search(line)
        ]
        self.assertEqual(found, [])
