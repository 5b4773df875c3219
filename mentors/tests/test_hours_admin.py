"""The "Projects and hours" admin: what each person sees and may do, the review actions and exports."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpyxl import load_workbook

from mentors.models import HoursEntry, Project

from .projects_factories import ProjectsTestCase, make_entry

INDEX = reverse("mentors_hours:index")
ADD = reverse("mentors_hours:add")


def url(name, entry):
    return reverse(f"mentors_hours:{name}", args=[entry.pk])


class HoursAdminCase(ProjectsTestCase):
    def setUp(self):
        self.own = make_entry(self.mentor_record, self.project, self.monday, start=9, end=12, description="Mías")
        self.others = make_entry(self.other_record, self.project, self.monday, minutes=90, description="De Nuria")
        self.elsewhere = make_entry(self.other_record, self.other_project, self.monday, minutes=30, description="Lejos")


class ListingTests(HoursAdminCase):
    def test_a_mentor_sees_only_her_own_hours(self):
        self.client.force_login(self.mentor)
        response = self.client.get(INDEX)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Mías")
        self.assertNotContains(response, "De Nuria")
        self.assertContains(response, ADD)
        self.assertContains(response, url("edit", self.own))
        self.assertNotContains(response, url("approve", self.own))
        # The mentor filter names nobody else.
        self.assertNotContains(response, "Nuria Vela")

    def test_a_supervisor_sees_her_projects_hours_with_review_actions(self):
        self.client.force_login(self.supervisor)
        response = self.client.get(INDEX)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Mías")
        self.assertContains(response, "De Nuria")
        self.assertNotContains(response, "Lejos")
        self.assertContains(response, url("approve", self.own))
        self.assertContains(response, url("approve_week", self.others))
        self.assertNotContains(response, url("edit", self.own))
        self.assertNotContains(response, ADD)  # she has no mentor record

    def test_a_manager_sees_everything_and_the_projects(self):
        self.client.force_login(self.manager)
        response = self.client.get(INDEX)
        self.assertContains(response, "Lejos")
        response = self.client.get(reverse("mentors_projects:index"))
        self.assertContains(response, "Datos abiertos")
        self.assertEqual(self.client.get(reverse("mentors_projects:edit", args=[self.project.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("mentors_projects:add")).status_code, 200)

    def test_mentors_and_supervisors_do_not_manage_projects(self):
        for person in (self.mentor, self.supervisor):
            self.client.force_login(person)
            with self.subTest(person=person.username):
                self.assertNotEqual(self.client.get(reverse("mentors_projects:index")).status_code, 200)

    def test_people_without_hours_do_not_get_in(self):
        self.client.force_login(self.agent)
        self.assertNotEqual(self.client.get(INDEX).status_code, 200)

    def test_filters(self):
        self.client.force_login(self.manager)
        response = self.client.get(INDEX, {"mentor": self.mentor_record.pk})
        self.assertContains(response, "Mías")
        self.assertNotContains(response, "De Nuria")
        response = self.client.get(INDEX, {"project": self.other_project.pk, "status": "pending"})
        self.assertContains(response, "Lejos")
        self.assertNotContains(response, "Mías")
        day = self.monday + datetime.timedelta(days=1)
        response = self.client.get(INDEX, {"date_from": f"{day:%Y-%m-%d}"})
        self.assertNotContains(response, "Mías")

    def test_the_listing_shows_the_locked_week(self):
        self.own.status = HoursEntry.Status.APPROVED
        self.own.save()
        pending = make_entry(self.mentor_record, self.project, self.monday + datetime.timedelta(days=1), minutes=60)
        self.client.force_login(self.mentor)
        response = self.client.get(INDEX)
        self.assertNotContains(response, url("edit", pending))
        self.assertNotContains(response, url("delete", pending))

    def test_the_listing_runs_the_same_queries_for_3_and_23_entries(self):
        self.client.force_login(self.supervisor)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(INDEX).status_code, 200)
            return len(queries)

        few = count()
        for day in range(20):
            make_entry(self.mentor_record, self.project, self.monday - datetime.timedelta(days=day + 1), minutes=60)
        self.assertEqual(count(), few)


class LoggingInTheAdminTests(HoursAdminCase):
    def form(self, **fields):
        return {
            "project": self.project.pk,
            "date": f"{self.monday + datetime.timedelta(days=1):%Y-%m-%d}",
            "starts_at": "",
            "ends_at": "",
            "duration": "1.5",
            "description": "Corrección de ejercicios",
            **fields,
        }

    def test_a_mentor_logs_hours_on_her_projects(self):
        self.client.force_login(self.mentor)
        response = self.client.get(ADD)
        self.assertContains(response, "Campus digital")
        self.assertNotContains(response, "Datos abiertos")
        response = self.client.post(ADD, self.form())
        self.assertEqual(response.status_code, 302)
        entry = HoursEntry.objects.get(description="Corrección de ejercicios")
        self.assertEqual((entry.mentor, entry.minutes), (self.mentor_record, 90))

    def test_a_broken_rule_shows_on_the_field(self):
        self.client.force_login(self.mentor)
        day = f"{self.monday:%Y-%m-%d}"
        response = self.client.post(ADD, self.form(date=day, starts_at="11:00", ends_at="12:00", duration=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "overlaps your entry of 09:00–12:00")
        response = self.client.post(ADD, self.form(duration="23"))
        self.assertEqual(response.status_code, 302)
        response = self.client.post(ADD, self.form(duration="2"))
        self.assertContains(response, "you would go over 24 h in a day")
        self.assertEqual(HoursEntry.objects.filter(mentor=self.mentor_record).count(), 2)

    def test_she_edits_her_entry_but_not_anothers(self):
        self.client.force_login(self.mentor)
        response = self.client.post(url("edit", self.own), self.form(date=f"{self.monday:%Y-%m-%d}", duration="2"))
        self.assertEqual(response.status_code, 302)
        self.own.refresh_from_db()
        self.assertEqual((self.own.minutes, self.own.starts_at), (120, None))
        self.assertEqual(self.client.get(url("edit", self.others)).status_code, 404)
        self.assertEqual(self.client.post(url("delete", self.others)).status_code, 404)

    def test_a_rejected_entry_shows_its_note_and_goes_back_to_review(self):
        self.own.status, self.own.review_note = HoursEntry.Status.REJECTED, "Fueron 2 h."
        self.own.save()
        self.client.force_login(self.mentor)
        response = self.client.get(url("edit", self.own), follow=True)
        self.assertContains(response, "Fueron 2 h.")
        self.client.post(url("edit", self.own), self.form(date=f"{self.monday:%Y-%m-%d}", duration="2"))
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, HoursEntry.Status.PENDING)

    def test_an_entry_in_a_locked_week_cannot_be_opened_for_editing(self):
        self.own.status = HoursEntry.Status.APPROVED
        self.own.save()
        self.client.force_login(self.mentor)
        response = self.client.get(url("edit", self.own), follow=True)
        self.assertContains(response, "can no longer be changed")
        response = self.client.post(url("delete", self.own), follow=True)
        self.assertTrue(HoursEntry.objects.filter(pk=self.own.pk).exists())

    def test_she_deletes_a_pending_entry(self):
        self.client.force_login(self.mentor)
        self.assertEqual(self.client.get(url("delete", self.own)).status_code, 200)
        self.client.post(url("delete", self.own))
        self.assertFalse(HoursEntry.objects.filter(pk=self.own.pk).exists())


class ReviewInTheAdminTests(HoursAdminCase):
    def test_the_supervisor_approves_after_confirming(self):
        self.client.force_login(self.supervisor)
        self.assertContains(self.client.get(url("approve", self.own)), "Miguel Tamarit")
        self.client.post(url("approve", self.own))
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, HoursEntry.Status.APPROVED)

    def test_rejecting_asks_for_a_note(self):
        self.client.force_login(self.supervisor)
        response = self.client.post(url("reject", self.own), {"note": ""})
        self.assertContains(response, "Say why you reject these hours")
        self.client.post(url("reject", self.own), {"note": "Fueron 2 h."})
        self.own.refresh_from_db()
        self.assertEqual((self.own.status, self.own.review_note), (HoursEntry.Status.REJECTED, "Fueron 2 h."))

    def test_approving_the_week(self):
        second = make_entry(self.mentor_record, self.project, self.monday + datetime.timedelta(days=2), minutes=60)
        self.client.force_login(self.supervisor)
        response = self.client.get(url("approve_week", self.own))
        self.assertContains(response, "Miguel Tamarit")
        self.client.post(url("approve_week", self.own))
        statuses = set(HoursEntry.objects.filter(pk__in=[self.own.pk, second.pk]).values_list("status", flat=True))
        self.assertEqual(statuses, {"approved"})

    def test_a_mentor_cannot_review_her_own_hours_nor_others_she_cannot_see(self):
        self.client.force_login(self.mentor)
        response = self.client.post(url("approve", self.own), follow=True)
        self.assertContains(response, "You cannot approve or reject your own hours")
        self.assertEqual(self.client.post(url("approve", self.others)).status_code, 404)
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, HoursEntry.Status.PENDING)


class ExportTests(HoursAdminCase):
    def test_xlsx_has_the_filtered_rows_with_dates_and_decimal_hours(self):
        self.client.force_login(self.supervisor)
        response = self.client.get(INDEX, {"export": "xlsx", "mentor": self.mentor_record.pk})
        self.assertEqual(response.status_code, 200)
        self.assertIn("horas.xlsx", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content or [response.content]))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Date", "Mentor", "Project code"))
        self.assertEqual(len(rows), 2)
        date, mentor, code, _name, _from, _until, hours = rows[1][:7]
        day = date.date() if isinstance(date, datetime.datetime) else date
        self.assertEqual((day, mentor, code, hours), (self.monday, "Miguel Tamarit", "campus-digital", 3))

    def test_csv_has_the_visible_rows(self):
        self.client.force_login(self.supervisor)
        response = self.client.get(INDEX, {"export": "csv"})
        text = b"".join(response.streaming_content).decode()
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(len(rows), 3)
        self.assertEqual({row[1] for row in rows[1:]}, {"Miguel Tamarit", "Nuria Vela"})
        self.assertIn("1.50", {row[6] for row in rows[1:]})
        self.assertIn(f"{self.monday:%Y-%m-%d}", {row[0] for row in rows[1:]})

    def test_formulas_are_made_harmless(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=30, description="=HYPERLINK(1)")
        self.client.force_login(self.mentor)
        text = b"".join(self.client.get(INDEX, {"export": "csv"}).streaming_content).decode()
        self.assertIn("'=HYPERLINK(1)", text)


class ProjectAdminTests(ProjectsTestCase):
    def test_a_manager_creates_a_project_with_a_group(self):
        self.client.force_login(self.manager)
        data = {
            "name": "Nuevo",
            "code": "nuevo",
            "description": "",
            "status": "active",
            "starts_on": "2026-01-01",
            "ends_on": "",
            "supervisors": [self.supervisor.pk],
            "groups-TOTAL_FORMS": "1",
            "groups-INITIAL_FORMS": "0",
            "groups-MIN_NUM_FORMS": "0",
            "groups-MAX_NUM_FORMS": "1000",
            "groups-0-name": "Grupo 1",
            "groups-0-status": "active",
            "groups-0-mentors": [self.mentor_record.pk],
            "groups-0-learners": [self.member.pk],
            "groups-0-id": "",
            "groups-0-DELETE": "",
        }
        response = self.client.post(reverse("mentors_projects:add"), data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        project = Project.objects.get(code="nuevo")
        group = project.groups.get()
        self.assertEqual(list(group.mentors.all()), [self.mentor_record])
        self.assertEqual(list(project.supervisors.all()), [self.supervisor])

    def test_a_project_with_hours_is_not_deleted(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=60)
        self.client.force_login(self.manager)
        response = self.client.post(reverse("mentors_projects:delete", args=[self.project.pk]), follow=True)
        self.assertContains(response, "has hours logged")
        self.assertTrue(Project.objects.filter(pk=self.project.pk).exists())


class SpanishAdminTests(HoursAdminCase):
    def test_a_mentor_reads_her_hours_in_spanish(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
        self.client.force_login(self.mentor)
        html = self.client.get(INDEX).content.decode()
        for spanish in ("Proyectos y horas", "Semana cerrada", "Desde–hasta", "Pendiente"):
            self.assertIn(spanish, html)
        for english in ("Week locked", "Projects and hours", "From–until"):
            self.assertNotIn(english, html)
        html = self.client.get(ADD).content.decode()
        self.assertIn("Duración (horas)", html)
        self.assertIn("Hora de inicio", html)

    def test_a_refusal_reads_in_spanish(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
        self.client.force_login(self.mentor)
        data = {
            "project": self.project.pk,
            "date": f"{self.monday:%Y-%m-%d}",
            "starts_at": "10:00",
            "ends_at": "11:00",
            "duration": "",
            "description": "Tutoría",
        }
        html = self.client.post(ADD, data).content.decode()
        self.assertIn("De 10:00 a 11:00 se solapa con tu registro de 09:00–12:00", html)
