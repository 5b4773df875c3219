"""Cross-origin access: only the configured origins, only under /api/, never with cookies by default."""

from django.test import TestCase, override_settings

ALLOWED, FOREIGN = "https://app.lumino.example", "https://evil.example"


@override_settings(CORS_ALLOWED_ORIGINS=[ALLOWED])
class CorsTests(TestCase):
    def preflight(self, url, origin):
        return self.client.options(
            url,
            HTTP_ORIGIN=origin,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
        )

    def test_an_allowed_origin_reads_the_api(self):
        response = self.client.get("/api/v1/mentors/", HTTP_ORIGIN=ALLOWED)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], ALLOWED)
        self.assertNotIn("Access-Control-Allow-Credentials", response)
        self.assertIn("Retry-After", response["Access-Control-Expose-Headers"])

    def test_an_allowed_origin_gets_its_preflight_answered(self):
        response = self.preflight("/api/v1/mentors/1/", ALLOWED)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], ALLOWED)
        self.assertIn("PATCH", response["Access-Control-Allow-Methods"])
        self.assertIn("authorization", response["Access-Control-Allow-Headers"])

    def test_a_foreign_origin_gets_no_cors_headers(self):
        for response in (self.client.get("/api/v1/mentors/", HTTP_ORIGIN=FOREIGN), self.preflight("/api/v1/", FOREIGN)):
            with self.subTest(method=response.request["REQUEST_METHOD"]):
                self.assertNotIn("Access-Control-Allow-Origin", response)
                self.assertNotIn("Access-Control-Allow-Methods", response)

    def test_pages_outside_the_api_never_allow_another_origin(self):
        for url in ("/", "/healthz/", "/accounts/login/", "/admin/"):
            with self.subTest(url=url):
                self.assertNotIn("Access-Control-Allow-Origin", self.client.get(url, HTTP_ORIGIN=ALLOWED))
                self.assertNotIn("Access-Control-Allow-Origin", self.preflight(url, ALLOWED))

    @override_settings(CORS_ALLOWED_ORIGINS=[])
    def test_by_default_no_origin_is_allowed(self):
        self.assertNotIn("Access-Control-Allow-Origin", self.client.get("/api/v1/mentors/", HTTP_ORIGIN=ALLOWED))

    @override_settings(CORS_ALLOW_CREDENTIALS=True)
    def test_credentials_only_when_configured(self):
        response = self.client.get("/api/v1/mentors/", HTTP_ORIGIN=ALLOWED)
        self.assertEqual(response["Access-Control-Allow-Credentials"], "true")
