"""/api/v1/metrics/: the figures as JSON numbers, for managers only, with the shared error body."""

from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from courses.tests.factories import ReservationFactory, SessionFactory
from portal.testing import LuminoTestCase

from .metrics_support import contributed, hours_metrics

URL = "/api/v1/metrics/"


class MetricsApiTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = SessionFactory(capacity=40)
        ReservationFactory(session=cls.session)
        ReservationFactory(session=cls.session, status="attended")
        ReservationFactory(session=cls.session, status="cancelled")

    def test_a_manager_gets_every_figure_as_numbers(self):
        self.client.force_login(self.manager)
        with contributed(news=hours_metrics):
            response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertIsInstance(datetime.fromisoformat(body["generated_at"]), datetime)
        hours = body["metrics"]["test_hours"]
        self.assertEqual(hours["value"], 1234.57)
        self.assertEqual(hours["unit"], "h")
        rows = [{"label": "Proyecto Faro", "value": 1000.5}, {"label": "Proyecto Brújula", "value": 234.07}]
        self.assertEqual(hours["breakdown"], rows)
        reservations = body["metrics"]["reservations"]
        self.assertEqual((reservations["label"], reservations["value"], reservations["unit"]), ("Reservations", 2, ""))
        self.assertEqual(len(reservations["breakdown"]), 12)
        self.assertIs(type(reservations["breakdown"][-1]["value"]), int)
        self.assertLessEqual({"reservations_upcoming", "certificates", "open_tickets"}, set(body["metrics"]))
        self.assertIn("no-store", response["Cache-Control"])

    def test_labels_follow_the_language_of_the_request(self):
        self.client.force_login(self.manager)
        body = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="es").json()
        self.assertEqual(body["metrics"]["open_tickets"]["label"], "Tickets abiertos")
        self.assertEqual(body["metrics"]["open_tickets"]["breakdown"][0]["label"], "Urgente")

    def test_a_bearer_token_of_a_manager_works(self):
        token = RefreshToken.for_user(self.manager).access_token
        response = self.client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.status_code, 200)

    def test_anyone_but_a_manager_is_refused_with_the_shared_error(self):
        for person in (self.member, self.editor, self.mentor, self.agent, self.company_manager):
            with self.subTest(person=person.email):
                self.client.force_login(person)
                response = self.client.get(URL)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json()["success"], False)
                self.assertNotIn("metrics", response.json())

    def test_a_visitor_must_log_in(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(set(response.json()), {"success", "message", "errors"})

    def test_only_get(self):
        self.client.force_login(self.manager)
        response = self.client.post(URL, {}, content_type="application/json")
        self.assertEqual(response.status_code, 405)
        self.assertFalse(response.json()["success"])

    def test_counting_does_not_grow_with_the_data(self):
        self.client.force_login(self.manager)

        def queries():
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(URL).status_code, 200)
            return len(captured)

        few = queries()
        for _ in range(20):
            ReservationFactory(session=self.session, member=UserFactory())
        self.assertEqual(queries(), few)
        self.assertEqual(self.client.get(URL).json()["metrics"]["reservations"]["value"], 22)

    def test_figures_are_kept_for_a_minute(self):
        self.client.force_login(self.manager)
        self.client.get(URL)
        ReservationFactory(session=self.session, member=UserFactory())
        self.assertEqual(self.client.get(URL).json()["metrics"]["reservations"]["value"], 2)

    def test_the_schema_documents_the_answer(self):
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
        operation = schema["paths"][URL]["get"]
        self.assertEqual(set(schema["paths"][URL]), {"get"})
        self.assertLessEqual({"200", "401", "403"}, set(operation["responses"]))
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        answer = schema["components"]["schemas"][ref]
        self.assertLessEqual({"generated_at", "metrics"}, set(answer["properties"]))
        metric_ref = answer["properties"]["metrics"]["additionalProperties"]["$ref"].rsplit("/", 1)[-1]
        metric = schema["components"]["schemas"][metric_ref]
        self.assertEqual(metric["properties"]["value"]["type"], "number")
