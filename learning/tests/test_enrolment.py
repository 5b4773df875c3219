from courses import services as courses_services
from courses.models import Reservation
from courses.tests.factories import ReservationFactory, SessionFactory, make_course
from learning import services
from learning.errors import LearningError
from learning.models import Enrolment
from portal.testing import LuminoTestCase


class EnrolmentFollowsReservationTests(LuminoTestCase):
    def setUp(self):
        self.session = SessionFactory(capacity=5)

    def test_a_confirmed_reservation_enrols_the_member_in_the_sessions_course(self):
        reservation = courses_services.reserve_seat(session=self.session, member=self.member, by=self.member)
        enrolment = Enrolment.objects.get(member=self.member)
        self.assertEqual(enrolment.session, self.session)
        self.assertEqual(enrolment.course_id, self.session.course_id)
        self.assertEqual(enrolment.reservation, reservation)
        self.assertEqual(enrolment.status, Enrolment.Status.ACTIVE)

    def test_cancelling_the_seat_ends_the_enrolment(self):
        reservation = courses_services.reserve_seat(session=self.session, member=self.member, by=self.member)
        courses_services.cancel_reservation(reservation=reservation, by=self.member)
        enrolment = Enrolment.objects.get(member=self.member)
        self.assertEqual(enrolment.status, Enrolment.Status.ENDED)
        self.assertIsNotNone(enrolment.ended_at)

    def test_a_waiting_list_place_does_not_enrol(self):
        ReservationFactory(session=self.session, member=self.member, status=Reservation.Status.WAITLISTED)
        self.assertFalse(Enrolment.objects.filter(member=self.member).exists())

    def test_a_paid_order_enrols_and_a_held_seat_does_not(self):
        session = SessionFactory(course=make_course("Curso de pago", price="120.00"))
        order = courses_services.place_order(
            session=session, member=self.member, provider="bank_transfer", by=self.member
        )
        self.assertFalse(Enrolment.objects.filter(member=self.member).exists())
        courses_services.confirm_payment(order=order, by=self.manager)
        self.assertTrue(Enrolment.objects.active().filter(member=self.member, session=session).exists())

    def test_saving_the_same_seat_twice_keeps_one_enrolment(self):
        reservation = ReservationFactory(session=self.session, member=self.member)
        reservation.save()
        self.assertEqual(Enrolment.objects.filter(member=self.member).count(), 1)

    def test_staff_enrol_by_hand_and_a_cancelled_seat_leaves_that_enrolment(self):
        enrolment = services.enrol_member(session=self.session, member=self.member, by=self.manager)
        self.assertEqual(enrolment.source, Enrolment.Source.MANUAL)
        reservation = ReservationFactory(session=self.session, member=self.member)
        courses_services.cancel_reservation(reservation=reservation, by=self.member)
        enrolment.refresh_from_db()
        self.assertTrue(enrolment.is_active)

    def test_enrolling_twice_by_hand_is_refused(self):
        services.enrol_member(session=self.session, member=self.member, by=self.manager)
        with self.assertRaises(LearningError) as caught:
            services.enrol_member(session=self.session, member=self.member, by=self.manager)
        self.assertEqual(caught.exception.code, "already_enrolled")
        self.assertEqual(Enrolment.objects.filter(member=self.member).count(), 1)

    def test_a_member_cannot_enrol_anybody_by_hand(self):
        with self.assertRaises(LearningError) as caught:
            services.enrol_member(session=self.session, member=self.other_member, by=self.member)
        self.assertEqual(caught.exception.status, 403)
        self.assertFalse(Enrolment.objects.exists())

    def test_staff_end_an_enrolment(self):
        enrolment = services.enrol_member(session=self.session, member=self.member, by=self.manager)
        services.end_enrolment(enrolment=enrolment, by=self.manager)
        enrolment.refresh_from_db()
        self.assertFalse(enrolment.is_active)
        with self.assertRaises(LearningError):
            services.end_enrolment(enrolment=enrolment, by=self.manager)

    def test_the_admin_enrol_form_names_an_unknown_email(self):
        self.client.force_login(self.manager)
        response = self.client.post("/admin/learning/enrol/", {"session": self.session.pk, "email": "nadie@x.es"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Nobody has an account with this e-mail", status_code=400)
        response = self.client.post("/admin/learning/enrol/", {"session": self.session.pk, "email": self.member.email})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Enrolment.objects.active().filter(member=self.member, session=self.session).exists())
