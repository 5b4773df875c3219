"""Every API error has the same body: {"success": false, "message": …, "errors": {…}}."""

from django.test import TestCase, override_settings

from accounts.tests.factories import UserFactory


def assertErrorShape(test, response, status):
    test.assertEqual(response.status_code, status, response.content)
    test.assertEqual(response["Content-Type"], "application/json")
    body = response.json()
    test.assertIs(body["success"], False)
    test.assertIsInstance(body["message"], str)
    test.assertTrue(body["message"])
    test.assertIsInstance(body["errors"], dict)
    return body


@override_settings(ROOT_URLCONF="portal.tests.urls_api_errors")
class ApiErrorShapeTests(TestCase):
    def post(self, url, data):
        return self.client.post(url, data, content_type="application/json")

    def test_400_names_the_field_at_fault(self):
        response = self.post("/api/v1/test/validate/", {"email": "not-an-address", "title": "Taller"})
        body = assertErrorShape(self, response, 400)
        self.assertEqual(list(body["errors"]), ["email"])
        self.assertTrue(body["message"].startswith("email: "))

    def test_400_with_several_fields_lists_them_all(self):
        response = self.post("/api/v1/test/validate/", {"title": "x" * 30, "lines": [{"hours": 2}, {"hours": -1}]})
        body = assertErrorShape(self, response, 400)
        self.assertEqual(set(body["errors"]), {"email", "title", "lines.1.hours"})

    def test_400_for_malformed_json(self):
        response = self.client.post("/api/v1/test/validate/", "{not json", content_type="application/json")
        assertErrorShape(self, response, 400)

    def test_401_without_credentials_says_how_to_authenticate(self):
        response = self.client.get("/api/v1/test/members/")
        assertErrorShape(self, response, 401)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')

    def test_401_with_a_bad_token(self):
        response = self.client.get("/api/v1/test/members/", HTTP_AUTHORIZATION="Bearer not.a.token")
        body = assertErrorShape(self, response, 401)
        self.assertIn("WWW-Authenticate", response)
        self.assertNotIn("Traceback", body["message"])

    def test_403_when_logged_in_without_permission(self):
        self.client.force_login(UserFactory())
        assertErrorShape(self, self.client.get("/api/v1/test/admin-only/"), 403)

    def test_404_from_drf_and_for_unknown_api_addresses(self):
        for url in ("/api/v1/nothing-here/", "/api/v1/test/validate/extra/", "/api/v2/courses/"):
            with self.subTest(url=url):
                assertErrorShape(self, self.client.get(url), 404)

    def test_404_outside_the_api_stays_an_html_page(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")

    def test_405_for_a_method_the_endpoint_does_not_have(self):
        body = assertErrorShape(self, self.client.get("/api/v1/test/validate/"), 405)
        self.assertIn("GET", body["message"])

    def test_409_from_a_domain_error_with_its_code_and_field(self):
        body = assertErrorShape(self, self.post("/api/v1/test/refuse/", {}), 409)
        self.assertEqual(body["code"], "full")
        self.assertEqual(body["message"], "This session is full.")
        self.assertEqual(body["errors"], {"session": ["This session is full."]})
        self.assertEqual(body["waiting"], 3)

    def test_503_from_a_busy_lock_asks_to_retry(self):
        response = self.post("/api/v1/test/refuse/", {"busy": True})
        body = assertErrorShape(self, response, 503)
        self.assertEqual(body["code"], "locked")
        self.assertEqual(response["Retry-After"], "2")

    def test_429_when_throttled_with_retry_after(self):
        self.assertEqual(self.client.get("/api/v1/test/throttled/").status_code, 200)
        response = self.client.get("/api/v1/test/throttled/")
        assertErrorShape(self, response, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 60)

    def test_500_from_a_drf_view_is_logged_and_tells_nothing(self):
        with self.assertLogs("portal.api", "ERROR") as logs:
            response = self.client.get("/api/v1/test/broken/")
        body = assertErrorShape(self, response, 500)
        self.assertNotIn("hunter2", response.content.decode())
        self.assertNotIn("Traceback", response.content.decode())
        self.assertIn("BrokenView", logs.output[0])
        self.assertIn("hunter2", logs.output[0])  # the detail goes to the log, not the client
        self.assertEqual(body["errors"], {})

    def test_500_from_a_plain_view_under_the_api_is_json_too(self):
        self.client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR"):
            response = self.client.get("/api/v1/test/plain-broken/")
        assertErrorShape(self, response, 500)
        self.assertNotIn("not a DRF view", response.content.decode())
