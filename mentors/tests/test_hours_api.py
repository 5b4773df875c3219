"""/api/v1/hours/: who may list, log, change, delete and review hours; the rules as API errors."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rest_framework.test import APIClient

from mentors.models import HoursEntry

from .projects_factories import ProjectsTestCase, make_entry

URL = "/api/v1/hours/"


class HoursApiCase(ProjectsTestCase):
    def call(self, user, method, url, data=None):
        client = APIClient()
        if user is not None:
            # A fresh user object, as each real request has: nothing cached on it from an earlier call.
            client.force_authenticate(type(user).objects.get(pk=user.pk))
        return getattr(client, method)(url, data, format="json")

    def setUp(self):
        self.own = make_entry(self.mentor_record, self.project, self.monday, start=9, end=12)
        self.others = make_entry(self.other_record, self.project, self.monday, minutes=60)
        self.elsewhere = make_entry(self.other_record, self.other_project, self.monday, minutes=30)


class ListingPermissionTests(HoursApiCase):
    def ids(self, user):
        response = self.call(user, "get", URL)
        self.assertEqual(response.status_code, 200, response.content)
        return {row["id"] for row in response.json()["results"]}

    def test_each_role_sees_exactly_what_it_may(self):
        self.assertEqual(self.ids(self.mentor), {self.own.pk})
        self.assertEqual(self.ids(self.other_mentor), {self.others.pk, self.elsewhere.pk})
        self.assertEqual(self.ids(self.supervisor), {self.own.pk, self.others.pk})
        self.assertEqual(self.ids(self.manager), {self.own.pk, self.others.pk, self.elsewhere.pk})

    def test_people_without_projects_are_refused(self):
        self.assertEqual(self.call(None, "get", URL).status_code, 401)
        for person in (self.member, self.agent, self.editor):
            with self.subTest(person=person.username):
                response = self.call(person, "get", URL)
                self.assertEqual(response.status_code, 403)
                self.assertFalse(response.json()["success"])

    def test_another_mentors_entry_is_not_found(self):
        response = self.call(self.mentor, "get", f"{URL}{self.others.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(set(response.json()), {"success", "message", "errors"})
        self.assertEqual(self.call(self.supervisor, "get", f"{URL}{self.elsewhere.pk}/").status_code, 404)

    def test_an_entry_reads_as_hours_with_its_lock(self):
        body = self.call(self.mentor, "get", f"{URL}{self.own.pk}/").json()
        self.assertEqual(body["hours"], "3.00")
        self.assertEqual((body["minutes"], body["starts_at"], body["ends_at"]), (180, "09:00:00", "12:00:00"))
        self.assertEqual((body["project_code"], body["mentor_name"]), ("campus-digital", "Miguel Tamarit"))
        self.assertFalse(body["week_locked"])

    def test_filters_and_ordering(self):
        later = make_entry(self.other_record, self.project, self.monday + datetime.timedelta(days=3), minutes=240)
        later.status = HoursEntry.Status.APPROVED
        later.save()

        def ids(query):
            response = self.call(self.manager, "get", URL + query)
            self.assertEqual(response.status_code, 200, response.content)
            return [row["id"] for row in response.json()["results"]]

        self.assertEqual(ids("?status=approved"), [later.pk])
        self.assertEqual(set(ids(f"?project={self.other_project.pk}")), {self.elsewhere.pk})
        self.assertEqual(set(ids(f"?mentor={self.mentor_record.pk}")), {self.own.pk})
        self.assertEqual(ids(f"?from={later.date:%Y-%m-%d}"), [later.pk])
        self.assertNotIn(later.pk, ids(f"?to={self.monday:%Y-%m-%d}"))
        self.assertEqual(ids("?ordering=-minutes")[0], later.pk)
        self.assertEqual(ids("?ordering=minutes")[0], self.elsewhere.pk)

    def test_bad_filters_are_a_400_naming_the_parameter(self):
        for query, field in (("?from=yesterday", "from"), ("?project=abc", "project"), ("?status=done", "status")):
            with self.subTest(query=query):
                response = self.call(self.manager, "get", URL + query)
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.json()["errors"])
        self.assertEqual(self.call(self.manager, "get", URL + "?project=99999999999999999999").status_code, 400)

    def test_the_list_runs_the_same_queries_for_2_and_20_entries(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.call(self.manager, "get", URL).status_code, 200)
            return len(queries)

        few = count()
        for day in range(17):
            make_entry(self.mentor_record, self.project, self.monday - datetime.timedelta(days=day + 1), minutes=60)
        self.assertEqual(count(), few)


class LoggingTests(HoursApiCase):
    def payload(self, **fields):
        return {
            "project": self.project.pk,
            "date": f"{self.monday + datetime.timedelta(days=1):%Y-%m-%d}",
            "minutes": 90,
            "description": "Tutorías",
            **fields,
        }

    def test_a_mentor_logs_for_herself_whatever_the_body_says(self):
        response = self.call(self.mentor, "post", URL, self.payload(mentor=self.other_record.pk))
        self.assertEqual(response.status_code, 201, response.content)
        entry = HoursEntry.objects.get(pk=response.json()["id"])
        self.assertEqual((entry.mentor, entry.minutes, entry.status), (self.mentor_record, 90, "pending"))

    def test_a_range_is_enough(self):
        data = self.payload(minutes=None, starts_at="10:00", ends_at="11:15")
        response = self.call(self.mentor, "post", URL, data)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["minutes"], response.json()["hours"]), (75, "1.25"))

    def test_people_without_a_mentor_record_cannot_log(self):
        self.assertEqual(self.call(None, "post", URL, self.payload()).status_code, 401)
        for person in (self.supervisor, self.manager):
            with self.subTest(person=person.username):
                response = self.call(person, "post", URL, self.payload())
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json()["code"], "not_a_mentor")
        for person in (self.member, self.agent):
            self.assertEqual(self.call(person, "post", URL, self.payload()).status_code, 403)
        self.assertEqual(HoursEntry.objects.count(), 3)

    def test_a_broken_rule_is_a_400_naming_the_field(self):
        data = self.payload(minutes=None, starts_at="11:00", ends_at="12:30", date=f"{self.monday:%Y-%m-%d}")
        response = self.call(self.mentor, "post", URL, data)
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual((body["success"], body["code"]), (False, "overlap"))
        self.assertIn("overlaps your entry of 09:00–12:00", body["errors"]["starts_at"][0])
        self.assertEqual(body["message"], body["errors"]["starts_at"][0])

    def test_an_unassigned_project_is_a_400_on_project(self):
        response = self.call(self.mentor, "post", URL, self.payload(project=self.other_project.pk))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "not_assigned")
        self.assertIn("project", response.json()["errors"])

    def test_a_locked_week_is_a_409(self):
        self.own.status = HoursEntry.Status.APPROVED
        self.own.save()
        response = self.call(self.mentor, "post", URL, self.payload())
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "week_locked")
        self.assertIn("date", response.json()["errors"])

    def test_shapes_the_rules_cannot_see_are_refused_by_the_serializer(self):
        for data, field in (
            (self.payload(minutes=0), "minutes"),
            (self.payload(minutes=1441), "minutes"),
            (self.payload(date="2026-02-30"), "date"),
            (self.payload(project=99999), "project"),
            (self.payload(description=""), "description"),
        ):
            with self.subTest(data=data):
                response = self.call(self.mentor, "post", URL, data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.json()["errors"])


class ChangingTests(HoursApiCase):
    def test_the_owner_changes_her_pending_entry(self):
        response = self.call(self.mentor, "patch", f"{URL}{self.own.pk}/", {"ends_at": "13:00"})
        self.assertEqual(response.status_code, 200, response.content)
        self.own.refresh_from_db()
        self.assertEqual(self.own.minutes, 240)

    def test_nobody_else_changes_or_deletes_it(self):
        url = f"{URL}{self.own.pk}/"
        self.assertEqual(self.call(self.other_mentor, "patch", url, {"minutes": 30}).status_code, 404)
        self.assertEqual(self.call(self.other_mentor, "delete", url).status_code, 404)
        for person in (self.supervisor, self.manager):
            with self.subTest(person=person.username):
                self.assertEqual(self.call(person, "patch", url, {"minutes": 30}).status_code, 403)
                self.assertEqual(self.call(person, "delete", url).status_code, 403)
        self.own.refresh_from_db()
        self.assertEqual(self.own.minutes, 180)

    def test_an_approved_entry_or_a_locked_week_is_a_409(self):
        pending = make_entry(self.mentor_record, self.project, self.monday + datetime.timedelta(days=1), minutes=60)
        self.own.status = HoursEntry.Status.APPROVED
        self.own.save()
        self.assertEqual(self.call(self.mentor, "patch", f"{URL}{self.own.pk}/", {"minutes": 30}).status_code, 409)
        response = self.call(self.mentor, "delete", f"{URL}{pending.pk}/")
        self.assertEqual((response.status_code, response.json()["code"]), (409, "week_locked"))
        self.assertTrue(self.call(self.mentor, "get", f"{URL}{pending.pk}/").json()["week_locked"])

    def test_the_owner_deletes_her_entry(self):
        self.assertEqual(self.call(self.mentor, "delete", f"{URL}{self.own.pk}/").status_code, 204)
        self.assertFalse(HoursEntry.objects.filter(pk=self.own.pk).exists())


class ReviewTests(HoursApiCase):
    def test_the_supervisor_approves(self):
        response = self.call(self.supervisor, "post", f"{URL}{self.own.pk}/approve/")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["status"], response.json()["week_locked"]), ("approved", True))

    def test_a_manager_rejects_with_a_note_and_the_mentor_reads_it(self):
        url = f"{URL}{self.own.pk}/reject/"
        response = self.call(self.manager, "post", url, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("note", response.json()["errors"])
        response = self.call(self.manager, "post", url, {"note": "Fueron 2 h."})
        self.assertEqual(response.status_code, 200)
        mine = self.call(self.mentor, "get", f"{URL}{self.own.pk}/").json()
        self.assertEqual((mine["status"], mine["review_note"]), ("rejected", "Fueron 2 h."))
        response = self.call(self.mentor, "patch", f"{URL}{self.own.pk}/", {"ends_at": "11:00"})
        self.assertEqual(response.json()["status"], "pending")

    def test_who_may_not_review(self):
        url = f"{URL}{self.own.pk}/approve/"
        self.assertEqual(self.call(None, "post", url).status_code, 401)
        self.assertEqual(self.call(self.member, "post", url).status_code, 403)
        self.assertEqual(self.call(self.agent, "post", url).status_code, 403)
        self.assertEqual(self.call(self.other_mentor, "post", url).status_code, 404)
        response = self.call(self.mentor, "post", url)
        self.assertEqual((response.status_code, response.json()["code"]), (403, "own_hours"))
        self.assertEqual(self.call(self.supervisor, "post", f"{URL}{self.elsewhere.pk}/approve/").status_code, 404)
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, "pending")

    def test_reviewing_twice_is_a_409(self):
        self.call(self.supervisor, "post", f"{URL}{self.own.pk}/approve/")
        response = self.call(self.supervisor, "post", f"{URL}{self.own.pk}/reject/", {"note": "No"})
        self.assertEqual((response.status_code, response.json()["code"]), (409, "not_pending"))
