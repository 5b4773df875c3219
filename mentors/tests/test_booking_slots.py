"""Which advisory slots a mentor offers: weekly availability, exceptions, holidays, bookings, notice, DST."""

import datetime

from django.test import TestCase, override_settings

from accounts.tests.factories import UserFactory
from mentors.bookings import free_slots, offered_slots, upcoming_free_slots
from mentors.models import AvailabilityException, Booking, Holiday

from .booking_factories import NOW, local, make_advisor

FEB_2, MAR_2 = datetime.date(2026, 2, 2), datetime.date(2026, 3, 2)
WEDNESDAYS = [datetime.date(2026, 2, day) for day in (4, 11, 18, 25)]


def starts(slots):
    return [slot.starts_at for slot in slots]


class FreeSlotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mentor = make_advisor()
        cls.member = UserFactory()

    def test_weekly_availability_is_cut_into_advisory_length_pieces_up_to_the_horizon(self):
        slots = upcoming_free_slots(self.mentor, now=NOW)
        expected = [local(d.year, d.month, d.day, hour) for d in WEDNESDAYS for hour in (10, 11)]
        self.assertEqual(starts(slots), expected)
        self.assertTrue(all(slot.starts_at.tzinfo == datetime.UTC for slot in slots))
        self.assertEqual(slots[0].key, "2026-02-04T09:00:00Z")
        self.assertEqual(slots[0].ends_at - slots[0].starts_at, datetime.timedelta(hours=1))

    def test_a_shorter_advisory_leaves_no_piece_running_past_the_slot(self):
        self.mentor.advisory_minutes = 45
        slots = free_slots(self.mentor, FEB_2, datetime.date(2026, 2, 4), now=NOW)
        self.assertEqual(starts(slots), [local(2026, 2, 4, 10), local(2026, 2, 4, 10, 45)])

    @override_settings(LUMINO_ADVISORY_HORIZON_DAYS=7)
    def test_nothing_is_offered_past_the_horizon(self):
        slots = free_slots(self.mentor, FEB_2, MAR_2, now=NOW)
        self.assertEqual(starts(slots), [local(2026, 2, 4, 10), local(2026, 2, 4, 11)])

    def test_her_exceptions_and_the_organisations_holidays_close_whole_days(self):
        AvailabilityException.objects.create(
            mentor=self.mentor, starts_on=datetime.date(2026, 2, 10), ends_on=datetime.date(2026, 2, 12)
        )
        Holiday.objects.create(name="Fiesta local", starts_on=WEDNESDAYS[2], ends_on=WEDNESDAYS[2])
        days = {slot.local_start.date() for slot in free_slots(self.mentor, FEB_2, MAR_2, now=NOW)}
        self.assertEqual(days, {WEDNESDAYS[0], WEDNESDAYS[3]})

    def test_a_booked_slot_is_offered_but_not_free(self):
        Booking.objects.create(
            mentor=self.mentor,
            member=self.member,
            starts_at=local(2026, 2, 4, 10),
            ends_at=local(2026, 2, 4, 11),
            topic="Django",
        )
        day = datetime.date(2026, 2, 4)
        self.assertEqual(len(offered_slots(self.mentor, day, day, now=NOW)), 2)
        self.assertEqual(starts(free_slots(self.mentor, day, day, now=NOW)), [local(2026, 2, 4, 11)])

    def test_a_booking_of_another_length_blocks_every_slot_it_overlaps(self):
        Booking.objects.create(
            mentor=self.mentor,
            member=self.member,
            starts_at=local(2026, 2, 4, 10, 30),
            ends_at=local(2026, 2, 4, 11, 30),
            topic="Django",
        )
        day = datetime.date(2026, 2, 4)
        self.assertEqual(free_slots(self.mentor, day, day, now=NOW), [])

    def test_a_cancelled_booking_frees_its_slot(self):
        Booking.objects.create(
            mentor=self.mentor,
            member=self.member,
            starts_at=local(2026, 2, 4, 10),
            ends_at=local(2026, 2, 4, 11),
            topic="Django",
            status=Booking.Status.CANCELLED,
        )
        day = datetime.date(2026, 2, 4)
        self.assertEqual(len(free_slots(self.mentor, day, day, now=NOW)), 2)

    def test_slots_inside_the_minimum_notice_are_not_offered(self):
        now = local(2026, 2, 3, 10, 30)  # 23.5 hours before Wednesday 10:00, 24.5 before 11:00
        day = datetime.date(2026, 2, 4)
        self.assertEqual(starts(free_slots(self.mentor, day, day, now=now)), [local(2026, 2, 4, 11)])

    def test_a_mentor_not_taking_bookings_offers_nothing(self):
        self.mentor.takes_bookings = False
        self.assertEqual(upcoming_free_slots(self.mentor, now=NOW), [])
        self.mentor.takes_bookings, self.mentor.active = True, False
        self.assertEqual(upcoming_free_slots(self.mentor, now=NOW), [])

    def test_the_queries_do_not_grow_with_the_days_or_the_bookings(self):
        for day in WEDNESDAYS[:3]:
            Booking.objects.create(
                mentor=self.mentor,
                member=self.member,
                starts_at=local(day.year, day.month, day.day, 10),
                ends_at=local(day.year, day.month, day.day, 11),
                topic="Django",
            )
        with self.assertNumQueries(4):
            week = free_slots(self.mentor, FEB_2, datetime.date(2026, 2, 8), now=NOW)
        with self.assertNumQueries(4):
            month = free_slots(self.mentor, FEB_2, MAR_2, now=NOW)
        self.assertEqual((len(week), len(month)), (1, 5))


class DaylightSavingTests(TestCase):
    """Europe/Madrid moves to summer time on 29 March 2026 (02:00 → 03:00) and back on 25 October."""

    def test_the_hour_skipped_in_spring_is_never_offered(self):
        mentor = make_advisor(slots=((7, 1, 4),))
        day = datetime.date(2026, 3, 29)
        slots = free_slots(mentor, day, day, now=local(2026, 3, 20, 9))
        self.assertEqual(
            [slot.key for slot in slots],
            ["2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"],  # 01:00 CET and 03:00 CEST
        )
        self.assertEqual([slot.local_start.hour for slot in slots], [1, 3])

    def test_the_same_local_hour_moves_in_utc_across_the_change(self):
        mentor = make_advisor(slots=((1, 10, 11),))
        slots = free_slots(mentor, datetime.date(2026, 3, 23), datetime.date(2026, 3, 30), now=local(2026, 3, 20, 9))
        self.assertEqual([slot.key for slot in slots], ["2026-03-23T09:00:00Z", "2026-03-30T08:00:00Z"])
        self.assertEqual({slot.local_start.hour for slot in slots}, {10})

    def test_the_repeated_hour_in_autumn_is_offered_once(self):
        mentor = make_advisor(slots=((7, 1, 4),))
        day = datetime.date(2026, 10, 25)
        slots = free_slots(mentor, day, day, now=local(2026, 10, 20, 9))
        self.assertEqual(
            [slot.key for slot in slots],
            ["2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"],
        )
