"""Booking and cancelling an advisory: what is refused, what is stored, who is told."""

import datetime

from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import translation

from freezegun import freeze_time
from icalendar import Calendar

from mentors.bookings import cancel_booking
from mentors.errors import MentorError
from mentors.models import Booking
from portal.testing import LuminoTestCase

from .booking_factories import NOW, book, local, make_advisor

WED_10 = local(2026, 2, 4, 10)


def ics_of(message):
    name, content, mimetype = next(a for a in message.attachments if a[0].endswith(".ics"))
    return Calendar.from_ical(content), mimetype


@freeze_time(NOW)
class BookAdvisoryTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor)

    def assertRefused(self, code, **kwargs):
        with self.assertRaises(MentorError) as caught:
            book(self.advisor, kwargs.pop("member", self.member), kwargs.pop("starts_at", WED_10), **kwargs)
        self.assertEqual(caught.exception.code, code)
        return caught.exception

    def test_a_free_advisory_is_confirmed_and_both_people_get_the_invitation(self):
        # The outbox hands messages over after commit: run those callbacks here.
        with self.captureOnCommitCallbacks(execute=True):
            booking = book(self.advisor, self.member, WED_10, topic="  Mi primer   modelo en Django ")
        booking.refresh_from_db()
        self.assertEqual(booking.status, Booking.Status.CONFIRMED)
        self.assertEqual(booking.starts_at, datetime.datetime(2026, 2, 4, 9, tzinfo=datetime.UTC))
        self.assertEqual(booking.ends_at, datetime.datetime(2026, 2, 4, 10, tzinfo=datetime.UTC))
        self.assertEqual(booking.topic, "Mi primer modelo en Django")
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), sorted([self.member.email, self.advisor.email]))
        to_member = next(m for m in mail.outbox if m.to == [self.member.email])
        self.assertIn("Laura Gómez", to_member.subject)
        calendar, mimetype = ics_of(to_member)
        self.assertEqual(mimetype, "text/calendar; method=REQUEST")
        self.assertEqual(str(calendar["method"]), "REQUEST")
        event = calendar.walk("VEVENT")[0]
        self.assertEqual(str(event["uid"]), f"advisory-{booking.pk}@testserver")
        self.assertEqual(event["sequence"], 0)
        self.assertEqual(event.decoded("dtstart"), datetime.datetime(2026, 2, 4, 9, tzinfo=datetime.UTC))
        self.assertIn("DTSTART:20260204T090000Z", ics_of(to_member)[0].to_ical().decode())

    def test_the_mentor_is_written_to_in_her_own_language(self):
        self.mentor.language = "en"
        self.mentor.save(update_fields=["language"])
        self.member.language = "es"
        self.member.save(update_fields=["language"])
        with self.captureOnCommitCallbacks(execute=True):
            book(self.advisor, self.member, WED_10)
        to_mentor = next(m for m in mail.outbox if m.to == [self.advisor.email])
        to_member = next(m for m in mail.outbox if m.to == [self.member.email])
        self.assertIn("New advisory with", to_mentor.subject)
        self.assertIn("asesoría", to_member.subject.lower())

    def test_a_second_person_cannot_take_the_same_slot(self):
        book(self.advisor, self.member, WED_10)
        self.assertRefused("slot_taken", member=self.other_member)
        self.assertEqual(Booking.objects.count(), 1)

    def test_the_database_refuses_a_double_booking_on_its_own(self):
        book(self.advisor, self.member, WED_10)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Booking.objects.create(
                mentor=self.advisor,
                member=self.other_member,
                starts_at=WED_10,
                ends_at=local(2026, 2, 4, 11),
                topic="x",
            )

    def test_a_time_she_does_not_offer_is_refused(self):
        error = self.assertRefused("slot_not_offered", starts_at=local(2026, 2, 4, 10, 30))
        self.assertIn("Laura Gómez", str(error.message))
        self.assertRefused("slot_not_offered", starts_at=local(2026, 2, 5, 10))
        self.assertEqual(Booking.objects.count(), 0)

    def test_a_slot_inside_the_minimum_notice_is_refused(self):
        with freeze_time(local(2026, 2, 3, 11)):
            error = self.assertRefused("too_short_notice")
        self.assertIn("24", str(error.message))

    @override_settings(LUMINO_ADVISORY_HORIZON_DAYS=1)
    def test_a_slot_past_the_horizon_is_not_offered(self):
        self.assertRefused("slot_not_offered")

    def test_a_mentor_who_does_not_take_bookings_refuses_them(self):
        self.advisor.takes_bookings = False
        self.advisor.save(update_fields=["takes_bookings"])
        self.assertRefused("not_taking_bookings")

    def test_a_member_cannot_hold_two_advisories_at_the_same_time(self):
        other = make_advisor("Nuria Fernández", email="nuria@mentores.example")
        book(other, self.member, WED_10)
        with translation.override("es"):
            error = self.assertRefused("member_busy")
            self.assertIn("4 de febrero de 2026 a las 10:00", str(error.message))

    def test_a_mentor_cannot_book_herself(self):
        self.assertRefused("own_advisory", member=self.mentor)

    def test_the_topic_is_required_and_short(self):
        self.assertRefused("topic_missing", topic="   ")
        self.assertRefused("topic_too_long", topic="x" * 201)

    def test_a_paid_advisory_needs_a_payment_method(self):
        self.advisor.advisory_price = 40
        self.advisor.save(update_fields=["advisory_price"])
        self.assertRefused("provider_needed")
        self.assertRefused("unknown_provider", provider="barter")
        self.assertRefused("provider_not_allowed", provider="free")
        self.assertEqual(Booking.objects.count(), 0)


@freeze_time(NOW)
class CancelBookingTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.advisor = make_advisor(user=cls.mentor)

    def setUp(self):
        self.booking = book(self.advisor, self.member, WED_10)
        mail.outbox.clear()

    def test_the_member_cancels_and_the_slot_is_free_again(self):
        cancelled = cancel_booking(booking=self.booking, by=self.member)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, Booking.Status.CANCELLED)
        self.assertEqual((self.booking.cancelled_by, self.booking.cancel_reason), (self.member, "member"))
        self.assertFalse(cancelled.refund_by_staff)
        book(self.advisor, self.other_member, WED_10)

    def test_the_cancellation_withdraws_the_same_calendar_entry(self):
        with self.captureOnCommitCallbacks(execute=True):
            cancel_booking(booking=self.booking, by=self.member)
        self.assertEqual(len(mail.outbox), 2)
        calendar, mimetype = ics_of(next(m for m in mail.outbox if m.to == [self.member.email]))
        self.assertEqual(mimetype, "text/calendar; method=CANCEL")
        event = calendar.walk("VEVENT")[0]
        self.assertEqual(str(event["uid"]), f"advisory-{self.booking.pk}@testserver")
        self.assertEqual((event["sequence"], str(event["status"])), (1, "CANCELLED"))

    def test_the_member_cannot_cancel_inside_the_minimum_notice_but_the_mentor_can(self):
        with freeze_time(local(2026, 2, 3, 12)):
            with self.assertRaises(MentorError) as caught:
                cancel_booking(booking=self.booking, by=self.member)
            self.assertEqual(caught.exception.code, "too_late_to_cancel")
            cancel_booking(booking=self.booking, by=self.mentor)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.cancel_reason, "mentor")

    def test_someone_else_cannot_cancel(self):
        for person in (self.other_member, self.editor):
            with self.assertRaises(MentorError) as caught:
                cancel_booking(booking=self.booking, by=person)
            self.assertEqual(caught.exception.code, "booking_forbidden")
        self.booking.refresh_from_db()
        self.assertTrue(self.booking.is_confirmed)

    def test_a_manager_cancels_and_nothing_is_cancelled_twice(self):
        cancel_booking(booking=self.booking, by=self.manager)
        with self.assertRaises(MentorError) as caught:
            cancel_booking(booking=self.booking, by=self.manager)
        self.assertEqual(caught.exception.code, "already_cancelled")

    def test_an_advisory_that_started_cannot_be_cancelled(self):
        with freeze_time(local(2026, 2, 4, 10, 5)), self.assertRaises(MentorError) as caught:
            cancel_booking(booking=self.booking, by=self.manager)
        self.assertEqual(caught.exception.code, "already_started")
