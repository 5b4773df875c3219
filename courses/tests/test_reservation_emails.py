from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core import mail
from django.utils import timezone

from icalendar import Calendar

from accounts.tests.factories import UserFactory
from courses.emails import send_event_email
from courses.models import ReservationEvent
from courses.services import cancel_reservation, reserve_seat
from courses.sweeps import requeue_reservation_emails
from portal.testing import LuminoTestCase

from .factories import SessionFactory, fill, make_course


def calendar_of(message):
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


class ReservationEmailTests(LuminoTestCase):
    def setUp(self):
        start = datetime(2031, 3, 14, 9, 30, tzinfo=UTC)
        self.session = SessionFactory(
            course=make_course("Introducción a Django", summary="Aprende Django paso a paso."),
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            place="Aula Faraday, Madrid",
        )

    def reserve(self, member=None):
        member = member or self.member
        with self.captureOnCommitCallbacks(execute=True):
            return reserve_seat(session=self.session, member=member, by=member)

    def test_confirmation_has_text_html_and_a_calendar_invitation(self):
        reservation = self.reserve()
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.member.email])
        self.assertIn("Introducción a Django", message.subject)
        self.assertIn("Aula Faraday, Madrid", message.body)
        html, mimetype = message.alternatives[0]
        self.assertEqual(mimetype, "text/html")
        self.assertIn("Introducción a Django", html)
        event = calendar_of(message).walk("VEVENT")[0]
        self.assertEqual(str(event["UID"]), f"reservation-{reservation.pk}@testserver")
        self.assertEqual(event.decoded("DTSTART"), self.session.starts_at)
        self.assertEqual(event.decoded("DTEND"), self.session.ends_at)
        self.assertEqual(event.decoded("DTSTART").utcoffset(), timedelta(0))
        self.assertEqual(str(event["SUMMARY"]), "Introducción a Django")
        self.assertEqual(str(event["LOCATION"]), "Aula Faraday, Madrid")
        self.assertIn("Aprende Django", str(event["DESCRIPTION"]))
        self.assertEqual(str(event["ORGANIZER"]), "mailto:no-reply@lumino.example")

    def test_times_are_written_in_the_members_language_and_the_sessions_zone(self):
        spanish, english = UserFactory(language="es"), UserFactory(language="en")
        self.reserve(spanish)
        self.reserve(english)
        spanish_mail, english_mail = mail.outbox
        # Madrid is UTC+1 in March; the zone is named in the reader's language.
        self.assertIn("14 de marzo de 2031 a las 10:30 (hora de Madrid)", spanish_mail.body)
        self.assertIn("March 14, 2031, 10:30 a.m. (Madrid time)", english_mail.body)

    def test_online_sessions_put_the_meeting_link_in_the_calendar(self):
        self.session.modality = "online"
        self.session.place = ""
        self.session.meeting_url = "https://meet.example.org/lumino-django"
        self.session.save()
        self.reserve()
        event = calendar_of(mail.outbox[0]).walk("VEVENT")[0]
        self.assertEqual(str(event["LOCATION"]), "https://meet.example.org/lumino-django")

    def test_waiting_list_mail_gives_the_position(self):
        fill(self.session, self.session.capacity)
        self.reserve()
        self.assertIn("Your position: 1", mail.outbox[0].body)
        self.assertEqual(mail.outbox[0].attachments, [])

    def test_cancellation_withdraws_the_calendar_entry(self):
        reservation = self.reserve()
        with self.captureOnCommitCallbacks(execute=True):
            cancel_reservation(reservation=reservation, by=self.member)
        calendar = calendar_of(mail.outbox[1])
        self.assertEqual(str(calendar["METHOD"]), "CANCEL")
        self.assertEqual(str(calendar.walk("VEVENT")[0]["UID"]), f"reservation-{reservation.pk}@testserver")

    def test_the_task_run_twice_sends_once(self):
        reservation = self.reserve()
        event = reservation.events.get()
        self.assertFalse(send_event_email(event.pk))
        self.assertEqual(len(mail.outbox), 1)

    def test_a_failed_render_is_retried_by_the_sweep(self):
        with mock.patch("courses.emails.render_to_string", side_effect=RuntimeError("template bug")):
            reservation = self.reserve()  # the reservation stands even though its e-mail failed
        self.assertEqual(reservation.status, "confirmed")
        self.assertEqual(mail.outbox, [])
        event = ReservationEvent.objects.get()
        self.assertIsNone(event.notified_at)
        self.assertEqual(requeue_reservation_emails(), 0)  # too recent: its task may still be running
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(requeue_reservation_emails(now=timezone.now() + timedelta(minutes=10)), 1)
        event.refresh_from_db()
        self.assertIsNotNone(event.notified_at)
        self.assertEqual(len(mail.outbox), 1)
