"""The site's own 400, 403, 404 and 500 pages: Spanish by default, in the site's layout, never
Django's English defaults; the 500 page renders with the database down."""

import logging
from unittest import mock

from django.db import OperationalError
from django.test import Client, TestCase, override_settings

import pytest

FAVICON = 'rel="icon" href="/static/img/favicon.svg"'


@pytest.mark.spanish_default
@override_settings(ROOT_URLCONF="portal.tests.urls_api_errors", DEBUG=False)
class ErrorPageTests(TestCase):
    def assertSitePage(self, response, status, heading):
        self.assertEqual(response.status_code, status)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        html = response.content.decode()
        self.assertIn('<html lang="es">', html)
        self.assertIn('<main id="main"', html)
        self.assertIn(FAVICON, html)
        self.assertIn(heading, html)
        return html

    def assertWarnsOnly(self, logs):
        self.assertEqual([record.getMessage() for record in logs.records if record.levelno >= logging.ERROR], [])

    def test_404_is_the_site_page_in_spanish(self):
        html = self.assertSitePage(self.client.get("/no-such-page/"), 404, "No encontramos esa página")
        self.assertIn('class="site-footer', html)
        self.assertIn('role="search"', html)

    def test_403_is_the_site_page_in_spanish(self):
        html = self.assertSitePage(self.client.get("/test/forbidden/"), 403, "No puedes ver esta página")
        self.assertIn('class="site-footer', html)

    def test_a_form_sent_without_its_csrf_token_gets_the_site_403(self):
        client = Client(enforce_csrf_checks=True)
        with self.assertLogs(level="WARNING") as logs:
            response = client.post("/accounts/login/", {"login": "ana@example.com", "password": "x"})
        self.assertSitePage(response, 403, "El formulario ha caducado")
        self.assertNotIn("CSRF verification failed", response.content.decode())
        self.assertWarnsOnly(logs)

    def test_400_for_too_many_form_fields_is_the_site_page_and_a_warning(self):
        fields = {f"field{number}": "x" for number in range(1100)}
        with self.assertLogs(level="WARNING") as logs:
            response = self.client.post("/accounts/login/", fields)
        html = self.assertSitePage(response, 400, "No hemos podido entender esa petición")
        self.assertIn('class="site-footer', html)
        self.assertNotIn("Bad Request (400)", html)
        self.assertWarnsOnly(logs)

    def test_400_for_an_unknown_host_is_the_standalone_page(self):
        with self.assertLogs(level="WARNING") as logs:
            response = self.client.get("/", HTTP_HOST="attacker.example")
        html = self.assertSitePage(response, 400, "No hemos podido entender esa petición")
        self.assertNotIn("attacker.example", html)
        self.assertWarnsOnly(logs)

    def get_with_the_database_down(self, url, **headers):
        self.client.raise_request_exception = False
        down = OperationalError("could not connect to server")
        with (
            mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=down),
            mock.patch("django.db.backends.utils.CursorWrapper.executemany", side_effect=down),
            self.assertLogs("django.request", "ERROR"),
        ):
            return self.client.get(url, **headers)

    def test_500_renders_with_the_database_down(self):
        response = self.get_with_the_database_down("/test/database-down/")
        html = self.assertSitePage(response, 500, "Algo ha fallado")
        self.assertIn('href="/static/css/lumino.css"', html)
        self.assertNotIn("could not connect", html)

    def test_500_follows_the_visitors_language(self):
        response = self.get_with_the_database_down("/test/database-down/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 500)
        self.assertIn("Something went wrong", response.content.decode())
