"""/api/v1/projects/ and its groups: who reads which projects, and only managers change them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rest_framework.test import APIClient

from mentors.models import Project, ProjectGroup

from .projects_factories import ProjectsTestCase, make_entry, make_group, make_project

URL = "/api/v1/projects/"


class ProjectsApiCase(ProjectsTestCase):
    def call(self, user, method, url, data=None):
        client = APIClient()
        if user is not None:
            # A fresh user object, as each real request has: nothing cached on it from an earlier call.
            client.force_authenticate(type(user).objects.get(pk=user.pk))
        return getattr(client, method)(url, data, format="json")


class ReadingTests(ProjectsApiCase):
    def codes(self, user):
        response = self.call(user, "get", URL)
        self.assertEqual(response.status_code, 200, response.content)
        return {row["code"] for row in response.json()["results"]}

    def test_each_role_sees_its_projects(self):
        self.assertEqual(self.codes(self.mentor), {"campus-digital"})
        self.assertEqual(self.codes(self.other_mentor), {"campus-digital", "datos-abiertos"})
        self.assertEqual(self.codes(self.supervisor), {"campus-digital"})
        self.assertEqual(self.codes(self.manager), {"campus-digital", "datos-abiertos"})

    def test_people_without_projects_are_refused(self):
        self.assertEqual(self.call(None, "get", URL).status_code, 401)
        for person in (self.member, self.agent, self.editor):
            with self.subTest(person=person.username):
                self.assertEqual(self.call(person, "get", URL).status_code, 403)

    def test_a_project_one_is_not_in_is_not_found(self):
        self.assertEqual(self.call(self.mentor, "get", f"{URL}{self.other_project.pk}/").status_code, 404)
        self.assertEqual(self.call(self.mentor, "get", f"{URL}{self.other_project.pk}/groups/").status_code, 404)

    def test_a_project_reads_with_its_groups(self):
        body = self.call(self.mentor, "get", f"{URL}{self.project.pk}/").json()
        self.assertEqual(
            (body["status"], body["is_active"], body["supervisors"]), ("active", True, [self.supervisor.pk])
        )
        self.assertEqual(body["groups"][0]["mentors"], sorted([self.mentor_record.pk, self.other_record.pk]))
        groups = self.call(self.mentor, "get", f"{URL}{self.project.pk}/groups/").json()
        self.assertEqual([group["name"] for group in groups], ["Grupo A"])
        self.assertEqual(groups[0]["learners"], [self.member.pk])

    def test_the_list_runs_the_same_queries_for_2_and_20_projects(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.call(self.manager, "get", URL).status_code, 200)
            return len(queries)

        few = count()
        for number in range(18):
            project = make_project(f"Proyecto {number}", supervisors=[self.supervisor])
            make_group(project, mentors=[self.mentor_record], learners=[self.member])
        self.assertEqual(count(), few)


class WritingTests(ProjectsApiCase):
    def test_only_managers_create_change_and_delete(self):
        data = {"name": "Nuevo", "code": "nuevo", "status": "planned", "starts_on": "2026-01-01"}
        self.assertEqual(self.call(None, "post", URL, data).status_code, 401)
        for person in (self.mentor, self.supervisor, self.member, self.agent):
            with self.subTest(person=person.username):
                self.assertEqual(self.call(person, "post", URL, data).status_code, 403)
                self.assertEqual(self.call(person, "patch", f"{URL}{self.project.pk}/", {"name": "X"}).status_code, 403)
                self.assertEqual(self.call(person, "delete", f"{URL}{self.project.pk}/").status_code, 403)
        response = self.call(self.manager, "post", URL, {**data, "supervisors": [self.supervisor.pk]})
        self.assertEqual(response.status_code, 201, response.content)
        project = Project.objects.get(code="nuevo")
        self.assertEqual(list(project.supervisors.all()), [self.supervisor])
        response = self.call(self.manager, "patch", f"{URL}{project.pk}/", {"status": "active", "supervisors": []})
        self.assertEqual(response.status_code, 200, response.content)
        project.refresh_from_db()
        self.assertEqual((project.status, project.supervisors.count()), ("active", 0))
        self.assertEqual(self.call(self.manager, "delete", f"{URL}{project.pk}/").status_code, 204)

    def test_bad_projects_are_refused_by_field(self):
        data = {"name": "Nuevo", "code": "campus-digital", "starts_on": "2026-05-01", "ends_on": "2026-04-01"}
        response = self.call(self.manager, "post", URL, data)
        self.assertEqual(response.status_code, 400)
        self.assertLessEqual({"code"}, set(response.json()["errors"]))
        response = self.call(self.manager, "post", URL, {**data, "code": "otro"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("ends_on", response.json()["errors"])

    def test_a_project_with_hours_is_not_deleted(self):
        make_entry(self.mentor_record, self.project, self.monday, minutes=60)
        response = self.call(self.manager, "delete", f"{URL}{self.project.pk}/")
        self.assertEqual((response.status_code, response.json()["code"]), (409, "project_has_hours"))
        self.assertTrue(Project.objects.filter(pk=self.project.pk).exists())

    def test_managers_add_groups(self):
        url = f"{URL}{self.project.pk}/groups/"
        data = {"name": "Grupo B", "mentors": [self.mentor_record.pk], "learners": [self.member.pk]}
        self.assertEqual(self.call(self.supervisor, "post", url, data).status_code, 403)
        self.assertEqual(self.call(self.mentor, "post", url, data).status_code, 403)
        response = self.call(self.manager, "post", url, data)
        self.assertEqual(response.status_code, 201, response.content)
        group = ProjectGroup.objects.get(project=self.project, name="Grupo B")
        self.assertEqual((list(group.mentors.all()), list(group.learners.all())), ([self.mentor_record], [self.member]))
        response = self.call(self.manager, "post", url, data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("name", response.json()["errors"])
