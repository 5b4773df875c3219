import csv
import io
from datetime import UTC, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from freezegun import freeze_time
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from courses.models import Order, Reservation, Session
from courses.services import place_order
from portal.testing import LuminoTestCase

from .factories import CompanyFactory, ReservationFactory, SessionFactory, make_course


def bulk_url(model, action, *objects):
    ids = "&".join(f"id={obj.pk}" for obj in objects)
    return reverse("wagtail_bulk_action", args=("courses", model, action)) + f"?{ids}&next=/admin/"


class ReservationAdminTests(LuminoTestCase):
    def setUp(self):
        self.session = SessionFactory(capacity=2, course=make_course("Docker para equipos"))
        self.sneaky = UserFactory(first_name='=HYPERLINK("http://evil")', last_name="", email="sneaky@example.com")
        self.company = CompanyFactory(name="@Acme", members=[self.member])
        self.confirmed = ReservationFactory(session=self.session, member=self.member, company=self.company)
        self.waiting = ReservationFactory(session=self.session, member=self.sneaky, status="waitlisted")
        self.list_url = reverse("wagtailsnippets_courses_reservation:list")

    def test_manager_lists_searches_and_filters_reservations(self):
        self.client.force_login(self.manager)
        response = self.client.get(self.list_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Docker para equipos")
        response = self.client.get(self.list_url, {"q": "sneaky@example"})
        self.assertEqual(list(response.context["object_list"]), [self.waiting])
        response = self.client.get(self.list_url, {"status": "confirmed", "session": self.session.pk})
        self.assertEqual(list(response.context["object_list"]), [self.confirmed])

    def test_a_member_cannot_open_the_admin_lists(self):
        self.client.force_login(self.member)
        for url in (self.list_url, self.list_url + "?export=csv", bulk_url("reservation", "cancel", self.confirmed)):
            response = self.client.get(url)
            self.assertIn(response.status_code, (302, 403), url)
            self.assertNotIn(b"Docker para equipos", response.content)

    def test_csv_export_neutralises_formulas(self):
        self.client.force_login(self.manager)
        response = self.client.get(self.list_url, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(rows[0][:3], ["Member", "E-mail", "Course"])
        by_email = {row[1]: row for row in rows[1:]}
        self.assertEqual(by_email["sneaky@example.com"][0], '\'=HYPERLINK("http://evil")')
        self.assertEqual(by_email[self.member.email][5], "'@Acme")
        self.assertEqual(by_email["sneaky@example.com"][5], "")

    def test_xlsx_export_neutralises_formulas(self):
        self.client.force_login(self.manager)
        response = self.client.get(self.list_url, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertIn('\'=HYPERLINK("http://evil")', names)

    def test_reservations_cannot_be_added_or_edited_directly(self):
        self.client.force_login(self.manager)
        edit = reverse("wagtailsnippets_courses_reservation:edit", args=(self.confirmed.pk,))
        add = reverse("wagtailsnippets_courses_reservation:add")
        for url in (edit, add):
            self.assertIn(self.client.get(url).status_code, (302, 403))
        inspect = reverse("wagtailsnippets_courses_reservation:inspect", args=(self.confirmed.pk,))
        self.assertEqual(self.client.get(inspect).status_code, 200)

    def test_bulk_cancel_goes_through_the_service_and_promotes(self):
        self.client.force_login(self.manager)
        url = bulk_url("reservation", "cancel", self.confirmed)
        self.assertContains(self.client.get(url), "Cancel these reservations?")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        self.confirmed.refresh_from_db()
        self.waiting.refresh_from_db()
        self.assertEqual((self.confirmed.status, self.waiting.status), ("cancelled", "confirmed"))
        self.assertEqual(self.confirmed.events.get().by, self.manager)

    def test_bulk_confirm_and_mark_attended(self):
        Session.objects.filter(pk=self.session.pk).update(capacity=3)
        self.client.force_login(self.manager)
        self.client.post(bulk_url("reservation", "confirm", self.waiting))
        self.waiting.refresh_from_db()
        self.assertEqual(self.waiting.status, "confirmed")
        with freeze_time(self.session.starts_at + timedelta(minutes=10)):
            self.client.force_login(self.manager)
            self.client.post(bulk_url("reservation", "mark_attended", self.waiting, self.confirmed))
        self.assertEqual(set(self.session.reservations.values_list("status", flat=True)), {"attended"})

    def test_bulk_refusals_are_reported_and_change_nothing(self):
        self.client.force_login(self.manager)
        response = self.client.post(bulk_url("reservation", "mark_attended", self.confirmed), follow=True)
        self.assertContains(response, "Attendance can be recorded once the session has started.")
        self.confirmed.refresh_from_db()
        self.assertEqual(self.confirmed.status, "confirmed")

    def test_members_cannot_run_bulk_actions(self):
        self.client.force_login(self.member)
        response = self.client.post(bulk_url("reservation", "cancel", self.confirmed))
        self.assertIn(response.status_code, (302, 403))
        self.confirmed.refresh_from_db()
        self.assertEqual(self.confirmed.status, "confirmed")


class OrderAndSessionAdminTests(LuminoTestCase):
    def test_staff_confirm_a_bank_transfer_from_the_order_list(self):
        session = SessionFactory(course=make_course("Terraform", price=Decimal("99")))
        order = place_order(session=session, member=self.member, provider="bank_transfer", by=self.member)
        self.client.force_login(self.manager)
        listing = self.client.get(reverse("wagtailsnippets_courses_order:list"))
        self.assertContains(listing, order.reference)
        self.assertContains(listing, "Confirm bank transfer")
        self.client.post(bulk_url("order", "confirm_transfer", order))
        order.refresh_from_db()
        self.assertEqual(order.status, Order.Status.PAID)
        self.assertEqual(order.lines.get().reservation.status, Reservation.Status.CONFIRMED)

    def test_session_list_shows_seats_and_editing_uses_the_sessions_time_zone(self):
        session = SessionFactory(capacity=5)
        ReservationFactory(session=session)
        self.client.force_login(self.manager)
        listing = self.client.get(reverse("wagtailsnippets_courses_session:list"))
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, session.course.title)
        edit_url = reverse("wagtailsnippets_courses_session:edit", args=(session.pk,))
        day = (timezone.now() + timedelta(days=30)).date().isoformat()
        data = {
            "course": session.course.pk,
            "starts_at": f"{day} 10:00",
            "ends_at": f"{day} 12:00",
            "timezone": "America/Mexico_City",
            "reservation_deadline": "",
            "modality": "on_site",
            "place": "Sala 2",
            "meeting_url": "",
            "capacity": 8,
            "instructor": "",
            "status": "scheduled",
        }
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302)
        session.refresh_from_db()
        self.assertEqual(session.local_starts_at.strftime("%H:%M"), "10:00")
        self.assertEqual(session.starts_at.utcoffset(), timedelta(0))
        self.assertEqual(session.starts_at.astimezone(session.zone).hour, 10)
        self.assertEqual(session.starts_at.astimezone(UTC).hour, 16)  # Mexico City is UTC-6

    def test_cancelling_a_session_in_the_admin_cancels_its_places(self):
        session = SessionFactory()
        reservation = ReservationFactory(session=session)
        self.client.force_login(self.manager)
        edit_url = reverse("wagtailsnippets_courses_session:edit", args=(session.pk,))
        form = self.client.get(edit_url).context["form"]
        data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
        data["status"] = "cancelled"
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302)
        reservation.refresh_from_db()
        self.assertEqual(reservation.status, "cancelled")

    def test_sessions_with_reservations_cannot_be_deleted(self):
        session = SessionFactory()
        ReservationFactory(session=session)
        self.client.force_login(self.manager)
        delete_url = reverse("wagtailsnippets_courses_session:delete", args=(session.pk,))
        self.assertIn(self.client.post(delete_url).status_code, (302, 403))
        self.assertTrue(Session.objects.filter(pk=session.pk).exists())

    def test_session_list_queries_do_not_grow_with_sessions(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.manager)
        url = reverse("wagtailsnippets_courses_session:list")

        def count_queries():
            self.client.get(url)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        for _ in range(2):
            ReservationFactory(session=SessionFactory())
        few = count_queries()
        for _ in range(18):
            ReservationFactory(session=SessionFactory())
        self.assertEqual(count_queries(), few)
