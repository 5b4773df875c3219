"""Due dates in business hours (09:00-18:00, Monday to Friday), skipping Spanish public holidays."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase, override_settings

from helpdesk.models import Ticket
from helpdesk.sla import add_business_hours, business_hours_between, due_date, is_business_day, sla_state

MADRID = ZoneInfo("Europe/Madrid")


def at(*args):
    return datetime(*args, tzinfo=MADRID)


@override_settings(
    TIME_ZONE="Europe/Madrid",
    LUMINO_HELPDESK_BUSINESS_HOURS=(9, 18),
    LUMINO_HELPDESK_HOLIDAYS=("ES", "MD"),
    LUMINO_HELPDESK_SLA_HOURS={"urgent": 4, "high": 9, "normal": 27, "low": 45},
)
class BusinessHoursTests(SimpleTestCase):
    def test_hours_within_one_working_day(self):
        self.assertEqual(add_business_hours(at(2026, 3, 10, 10, 0), 4), at(2026, 3, 10, 14, 0))

    def test_what_does_not_fit_today_continues_next_morning(self):
        self.assertEqual(add_business_hours(at(2026, 3, 10, 16, 0), 4), at(2026, 3, 11, 11, 0))

    def test_a_ticket_opened_at_night_starts_counting_at_nine(self):
        self.assertEqual(add_business_hours(at(2026, 3, 10, 22, 30), 1), at(2026, 3, 11, 10, 0))

    def test_weekends_do_not_count(self):
        # Friday 17:00 + 2 h → Monday 10:00
        self.assertEqual(add_business_hours(at(2026, 3, 13, 17, 0), 2), at(2026, 3, 16, 10, 0))

    def test_national_holidays_do_not_count(self):
        # 2026-12-08 (Tuesday, Inmaculada Concepción) is skipped; 2026-12-07 is a Madrid holiday too.
        self.assertFalse(is_business_day(at(2026, 12, 8, 12).date()))
        self.assertEqual(add_business_hours(at(2026, 12, 4, 17, 0), 2), at(2026, 12, 9, 10, 0))

    def test_regional_holidays_follow_the_configured_region(self):
        madrid_day = at(2026, 5, 2, 12).date()  # Saturday anyway: use 2 May 2025 (Friday), Día de la Comunidad
        self.assertFalse(is_business_day(at(2025, 5, 2, 12).date()))
        with override_settings(LUMINO_HELPDESK_HOLIDAYS=("ES", "CT")):
            self.assertTrue(is_business_day(at(2025, 5, 2, 12).date()))
        self.assertFalse(is_business_day(madrid_day))

    def test_christmas_and_new_year_are_skipped(self):
        # Thursday 24 Dec 17:00 + 3 h → 24th 18:00 (1 h), skip 25 (holiday) and the weekend → Monday 28th 11:00
        self.assertEqual(add_business_hours(at(2026, 12, 24, 17, 0), 3), at(2026, 12, 28, 11, 0))

    def test_business_hours_between_is_the_inverse(self):
        start = at(2026, 3, 13, 15, 0)
        self.assertEqual(business_hours_between(start, add_business_hours(start, 20)), 20)

    def test_each_priority_has_its_own_due_date(self):
        start = at(2026, 3, 9, 9, 0)  # Monday
        self.assertEqual(due_date(start, "urgent"), at(2026, 3, 9, 13, 0))
        self.assertEqual(due_date(start, "high"), at(2026, 3, 9, 18, 0))
        self.assertEqual(due_date(start, "normal"), at(2026, 3, 11, 18, 0))
        self.assertEqual(due_date(start, "low"), at(2026, 3, 13, 18, 0))

    def test_sla_states(self):
        now = at(2026, 3, 10, 12, 0)
        ticket = Ticket(priority="normal", status="in_progress", due_at=at(2026, 3, 12, 18, 0))
        self.assertEqual(sla_state(ticket, now), "on_track")
        ticket.due_at = at(2026, 3, 10, 16, 0)  # 4 of 27 hours left
        self.assertEqual(sla_state(ticket, now), "at_risk")
        ticket.due_at = at(2026, 3, 10, 11, 0)
        self.assertEqual(sla_state(ticket, now), "overdue")
        ticket.status, ticket.resolved_at = "resolved", at(2026, 3, 10, 10, 0)
        self.assertEqual(sla_state(ticket, now), "met")
        ticket.resolved_at = at(2026, 3, 10, 11, 30)
        self.assertEqual(sla_state(ticket, now), "missed")
