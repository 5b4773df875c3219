"""/api/v1/mentors/: anyone reads, managers write; filters like the directory; the shared error body."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rest_framework.test import APIClient

from mentors.models import AvailabilityException, Mentor
from portal.testing import LuminoTestCase

from .factories import make_area, make_directory, make_mentor, make_page

URL = "/api/v1/mentors/"


class MentorsAPITests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.python, cls.cloud = make_area("Python"), make_area("Cloud y DevOps", "cloud")
        cls.laura = make_mentor("Laura Gómez", areas=[(cls.python, 4)], slots=[(1, 9, 13)], phone="+34 600 111 222")
        cls.javier = make_mentor("Javier Martín", areas=[(cls.python, 2), (cls.cloud, 4)], slots=[(3, 16, 19)])
        cls.retired = make_mentor("Antigua Mentora", active=False)

    def setUp(self):
        self.api = APIClient()

    def as_(self, user):
        self.api.force_authenticate(user)
        return self.api

    def names(self, response):
        self.assertEqual(response.status_code, 200, response.content)
        return [item["full_name"] for item in response.json()["results"]]

    def test_anyone_lists_the_active_mentors_with_areas_and_availability(self):
        response = self.api.get(URL)
        self.assertEqual(self.names(response), ["Javier Martín", "Laura Gómez"])
        laura = response.json()["results"][1]
        self.assertEqual(
            laura["areas"], [{"area": "python", "area_name": "Python", "level": 4, "level_label": "Expert"}]
        )
        self.assertEqual(laura["availability"], [{"weekday": 1, "starts_at": "09:00:00", "ends_at": "13:00:00"}])
        self.assertNotIn("phone", laura)

    def test_managers_also_see_inactive_mentors(self):
        self.assertIn("Antigua Mentora", self.names(self.as_(self.manager).get(URL)))
        self.assertEqual(APIClient().get(f"{URL}{self.retired.pk}/").status_code, 404)

    def test_filters_match_the_directory(self):
        self.assertEqual(self.names(self.api.get(URL, {"area": "cloud"})), ["Javier Martín"])
        self.assertEqual(self.names(self.api.get(URL, {"weekday": "1"})), ["Laura Gómez"])
        self.assertEqual(self.names(self.api.get(URL, {"area": "python", "level": "3"})), ["Laura Gómez"])
        self.assertEqual(self.names(self.api.get(URL, {"level": "4"})), ["Javier Martín", "Laura Gómez"])

    def test_a_bad_filter_value_is_a_400_naming_it(self):
        for name, value in (("weekday", "9"), ("level", "experto"), ("area", "no slug!")):
            with self.subTest(name=name):
                response = self.api.get(URL, {name: value})
                self.assertEqual(response.status_code, 400)
                body = response.json()
                self.assertIs(body["success"], False)
                self.assertIn(name, body["errors"])

    def test_ordering_by_name_or_creation_date(self):
        self.assertEqual(self.names(self.api.get(URL, {"ordering": "-full_name"})), ["Laura Gómez", "Javier Martín"])
        self.assertEqual(self.names(self.api.get(URL, {"ordering": "created"})), ["Laura Gómez", "Javier Martín"])
        self.assertEqual(self.names(self.api.get(URL, {"ordering": "-created"})), ["Javier Martín", "Laura Gómez"])

    def test_an_unknown_ordering_is_a_400_naming_the_allowed_ones(self):
        for value in ("phone", "national_id", "full_name;drop"):
            with self.subTest(value=value):
                response = self.api.get(URL, {"ordering": value})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(
                    response.json()["errors"], {"ordering": ["Order by full_name, -full_name, created or -created."]}
                )

    def test_a_manager_creates_updates_and_deletes_a_mentor(self):
        api = self.as_(self.manager)
        payload = {
            "full_name": "Nuria Fernández",
            "email": "nuria@example.com",
            "phone": "+34 622 333 444",
            "national_id": "11111111H",
            "areas": [{"area": "cloud", "level": 3}],
            "availability": [{"weekday": 5, "starts_at": "09:00", "ends_at": "12:00"}],
        }
        response = api.post(URL, payload, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["phone"], "+34 622 333 444")
        nuria = Mentor.objects.get(full_name="Nuria Fernández")
        self.assertEqual([(item.area.slug, item.level) for item in nuria.areas.all()], [("cloud", 3)])
        self.assertEqual(nuria.slots.get().weekday, 5)

        response = api.patch(f"{URL}{nuria.pk}/", {"areas": [{"area": "python", "level": 1}]}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual([item.area.slug for item in nuria.areas.all()], ["python"])
        self.assertEqual(nuria.slots.count(), 1)  # left alone when not sent

        self.assertEqual(api.delete(f"{URL}{nuria.pk}/").status_code, 204)
        self.assertFalse(Mentor.objects.filter(pk=nuria.pk).exists())

    def test_mentors_members_and_editors_cannot_write(self):
        for person in (self.mentor, self.member, self.editor):
            with self.subTest(user=person.username):
                api = self.as_(person)
                self.assertEqual(api.post(URL, {"full_name": "X"}, format="json").status_code, 403)
                self.assertEqual(
                    api.patch(f"{URL}{self.laura.pk}/", {"full_name": "X"}, format="json").status_code, 403
                )
                self.assertEqual(api.delete(f"{URL}{self.laura.pk}/").status_code, 403)
        self.api.force_authenticate(None)
        response = self.api.post(URL, {"full_name": "X"}, format="json")
        self.assertEqual(response.status_code, 401)
        self.assertIs(response.json()["success"], False)
        self.assertEqual(Mentor.objects.get(pk=self.laura.pk).full_name, "Laura Gómez")

    def test_refusals_name_the_field(self):
        api = self.as_(self.manager)
        cases = [
            ({"full_name": "Y", "areas": [{"area": "python", "level": 2}, {"area": "python", "level": 3}]}, "areas"),
            ({"full_name": "Y", "areas": [{"area": "cocina", "level": 2}]}, "areas.0.area"),
            (
                {"full_name": "Y", "availability": [{"weekday": 1, "starts_at": "12:00", "ends_at": "10:00"}]},
                "availability.0",
            ),
            (
                {"full_name": "Y", "availability": [{"weekday": 8, "starts_at": "10:00", "ends_at": "12:00"}]},
                "availability.0.weekday",
            ),
            ({"full_name": "Y", "phone": "1" * 40}, "phone"),
            ({}, "full_name"),
        ]
        for payload, field in cases:
            with self.subTest(field=field):
                response = api.post(URL, payload, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json()["errors"])
        self.assertFalse(Mentor.objects.filter(full_name="Y").exists())

    def test_a_mentor_with_a_directory_page_is_not_deleted_but_explained(self):
        make_page(make_directory(), self.laura)
        response = self.as_(self.manager).delete(f"{URL}{self.laura.pk}/")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "has_page")
        self.assertTrue(Mentor.objects.filter(pk=self.laura.pk).exists())

    def test_the_list_runs_the_same_queries_for_2_and_20_mentors(self):
        def count(user):
            api = APIClient()
            if user is not None:
                api.force_authenticate(user)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(api.get(URL).status_code, 200)
            return len(queries)

        people = (None, self.manager, self.mentor)
        directory = make_directory()
        make_page(directory, self.laura)
        for user in people:
            count(user)  # warm the caches (site root paths, the user's role)
        few = [count(user) for user in people]
        for number in range(18):
            mentor = make_mentor(f"Mentora {number}", areas=[(self.python, 2), (self.cloud, 3)], slots=[(2, 9, 10)])
            AvailabilityException.objects.create(
                mentor=mentor, starts_on=datetime.date(2026, 8, 1), ends_on=datetime.date(2026, 8, 15), note="Agosto"
            )
            if number % 2:
                make_page(directory, mentor)
        self.assertEqual([count(user) for user in people], few)
