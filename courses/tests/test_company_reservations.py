from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from courses.errors import ReservationError
from courses.models import Company, Order, Reservation
from courses.services import cancel_reservation, reserve_seat, reserve_seats_for_colleagues
from portal.testing import LuminoTestCase

from .factories import CompanyFactory, ReservationFactory, SessionFactory, make_course


class CompanyReservationTests(LuminoTestCase):
    def setUp(self):
        self.ana, self.luis, self.eva = UserFactory(), UserFactory(), UserFactory()
        self.company = CompanyFactory(managers=[self.company_manager], members=[self.ana, self.luis, self.eva])
        self.session = SessionFactory(capacity=2)

    def book(self, *people, **kwargs):
        return reserve_seats_for_colleagues(session=self.session, members=people, by=self.company_manager, **kwargs)

    def test_manager_books_seats_then_waiting_places_in_the_order_given(self):
        reservations = self.book(self.luis, self.ana, self.eva)
        self.assertEqual([r.status for r in reservations], ["confirmed", "confirmed", "waitlisted"])
        self.assertEqual([r.member for r in reservations], [self.luis, self.ana, self.eva])
        for reservation in reservations:
            self.assertEqual((reservation.company, reservation.reserved_by), (self.company, self.company_manager))

    def test_refuses_everyone_if_one_person_is_not_a_colleague(self):
        outsider = UserFactory(first_name="Rita", last_name="Externa")
        CompanyFactory(members=[outsider])
        with self.assertRaises(ReservationError) as caught:
            self.book(self.ana, outsider)
        error = caught.exception
        self.assertEqual((error.code, error.status, error.field), ("not_company_colleague", 403, "members"))
        self.assertIn("Rita Externa", str(error.message))
        self.assertEqual(list(error.extra["people"]), [str(outsider.pk)])
        self.assertFalse(Reservation.objects.exists())

    def test_refuses_everyone_and_says_who_already_has_a_place(self):
        ReservationFactory(session=self.session, member=self.luis)
        with self.assertRaises(ReservationError) as caught:
            self.book(self.ana, self.luis)
        error = caught.exception
        self.assertEqual(error.code, "already_reserved")
        self.assertIn(self.luis.get_full_name(), str(error.message))
        self.assertEqual(error.extra["people"][str(self.luis.pk)]["code"], "already_reserved")
        self.assertEqual(self.session.reservations.count(), 1)

    def test_without_the_waiting_list_refuses_when_seats_are_short(self):
        with self.assertRaises(ReservationError) as caught:
            self.book(self.ana, self.luis, self.eva, join_waitlist=False)
        self.assertEqual(caught.exception.extra, {"position": 1})
        self.assertFalse(Reservation.objects.exists())

    def test_needs_at_least_one_person(self):
        with self.assertRaises(ReservationError) as caught:
            self.book()
        self.assertEqual((caught.exception.code, caught.exception.status), ("no_members", 400))

    def test_a_paid_course_holds_the_seats_in_one_order_for_the_manager(self):
        self.session = SessionFactory(capacity=5, course=make_course("AWS", price=Decimal("200")))
        with self.captureOnCommitCallbacks(execute=True):
            reservations = self.book(self.ana, self.luis)
        self.assertEqual({r.status for r in reservations}, {"held"})
        order = Order.objects.get()
        self.assertEqual((order.member, order.total, order.lines.count()), (self.company_manager, Decimal("400.00"), 2))
        self.assertEqual([m.to for m in mail.outbox], [[self.company_manager.email]])

    def test_manager_can_book_one_colleague_and_cancel_it(self):
        reservation = reserve_seat(session=self.session, member=self.ana, by=self.company_manager)
        self.assertEqual(reservation.company, self.company)
        cancel_reservation(reservation=reservation, by=self.company_manager)
        reservation.refresh_from_db()
        self.assertEqual(reservation.status, "cancelled")

    def test_manager_of_another_company_is_refused(self):
        other_boss = UserFactory()
        CompanyFactory(managers=[other_boss])
        with self.assertRaises(ReservationError) as caught:
            reserve_seat(session=self.session, member=self.ana, by=other_boss)
        self.assertEqual(caught.exception.code, "not_company_colleague")
        self.assertFalse(Reservation.objects.exists())


class CompanyTaxIdTests(LuminoTestCase):
    def test_tax_ids_are_compared_without_spaces_dots_or_case(self):
        CompanyFactory(tax_id="B-12.345.678")
        self.assertEqual(Company.objects.get().tax_id, "B12345678")
        duplicate = Company(name="Copia", tax_id=" b12345678 ")
        with self.assertRaises(ValidationError) as caught:
            duplicate.full_clean()
        self.assertIn("tax_id", caught.exception.message_dict)

    def test_tax_ids_need_letters_and_digits(self):
        with self.assertRaises(ValidationError) as caught:
            Company(name="Rara", tax_id="¿?").full_clean()
        self.assertIn("tax_id", caught.exception.message_dict)
