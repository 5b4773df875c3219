"""Malformed API requests get a 4xx with the shared error body, logged as a warning, never a 500."""

import json
import logging

from django.test import Client, TestCase, override_settings

from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from courses.tests.factories import SessionFactory

from .test_api_errors import assertErrorShape


class BadApiRequestTests(TestCase):
    def setUp(self):
        # A browser-like client: Django's CSRF check runs as it does for real visitors.
        self.client = Client(enforce_csrf_checks=True)

    def assertWarnsOnly(self, logs):
        self.assertEqual([record.getMessage() for record in logs.records if record.levelno >= logging.ERROR], [])

    def post_json(self, url, body):
        with self.assertLogs(level="WARNING") as logs:
            response = self.client.post(url, body, content_type="application/json")
        self.assertWarnsOnly(logs)
        return response

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
    def test_a_body_over_the_upload_limit_is_413(self):
        body = json.dumps({"email": "ana@example.com", "password": "x" * (2 * 1024 * 1024)})
        response = self.post_json("/api/v1/auth/token/", body)
        result = assertErrorShape(self, response, 413)
        self.assertIn("1 MB", result["message"])

    def test_a_body_over_the_limit_from_a_member_is_413_too(self):
        token = RefreshToken.for_user(UserFactory()).access_token
        self.client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        session = SessionFactory()
        body = json.dumps({"join_waitlist": True, "padding": "x" * (6 * 1024 * 1024)})
        response = self.post_json(f"/api/v1/sessions/{session.pk}/reservations/", body)
        assertErrorShape(self, response, 413)
        self.assertFalse(session.reservations.exists())

    def test_deeply_nested_json_is_400(self):
        deep = "[" * 50_000 + "]" * 50_000
        response = self.post_json("/api/v1/auth/token/", deep)
        result = assertErrorShape(self, response, 400)
        self.assertIn("nested", result["message"])

    def test_an_api_address_with_a_malformed_id_is_the_json_404_with_any_method(self):
        self.client.force_login(UserFactory())
        urls = [
            "/api/v1/sessions/abc/reservations/",
            "/api/v1/reservations/abc/",
            "/api/v1/courses/99999999999999999999999/",
            "/api/v1/no-such-thing/",
            "/api/",
        ]
        for url in urls:
            for method in ("get", "post", "put", "patch", "delete", "options"):
                with self.subTest(url=url, method=method), self.assertLogs(level="WARNING") as logs:
                    body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
                    response = getattr(self.client, method)(url, **body)
                assertErrorShape(self, response, 404)
                self.assertWarnsOnly(logs)

    def test_an_api_address_without_its_slash_names_the_right_one(self):
        response = self.client.post("/api/v1/auth/token", "{}", content_type="application/json")
        result = assertErrorShape(self, response, 404)
        self.assertIn("/api/v1/auth/token/", result["message"])
