import re
import tempfile

from django.core.management import call_command
from django.test import TestCase

import yaml
from drf_spectacular.validation import validate_schema


class OpenApiTests(TestCase):
    def test_schema_is_a_valid_openapi_document(self):
        response = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        self.assertEqual(response.status_code, 200)
        schema = response.json() if "json" in response["Content-Type"] else yaml.safe_load(response.content)
        validate_schema(schema)
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertEqual(schema["info"]["title"], "Lumino API")

    def test_schema_documents_the_token_endpoint_with_email(self):
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
        operation = schema["paths"]["/api/v1/auth/token/"]["post"]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        request_schema = schema["components"]["schemas"][ref]
        self.assertIn("email", request_schema["properties"])
        self.assertNotIn("username", request_schema["properties"])
        self.assertLessEqual({"email", "password"}, set(request_schema["required"]))
        self.assertNotIn("code", request_schema["required"])
        self.assertNotIn("access", request_schema["properties"])  # only in the answer
        self.assertIn("/api/v1/me/", schema["paths"])
        self.assertFalse([path for path in schema["paths"] if not path.startswith("/api/v1/")])

    def test_swagger_ui_is_served_from_our_own_static_files(self):
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/", html)
        external = re.findall(r"""(?:src|href)=["'](?:https?:)?//[^"']+""", html)
        self.assertEqual(external, [])
        self.assertNotIn("cdn.jsdelivr", html)

    def test_generating_the_schema_prints_no_warning(self):
        with tempfile.NamedTemporaryFile(suffix=".yaml") as output:
            call_command("spectacular", "--validate", "--fail-on-warn", "--file", output.name)
            schema = yaml.safe_load(output.read())
        self.assertTrue(schema["paths"])
        self.assertFalse([path for path in schema["paths"] if not path.startswith("/api/v1/")])

    def test_every_error_answer_is_documented_with_the_shared_body(self):
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
        error = schema["components"]["schemas"]["Error"]
        self.assertEqual(set(error["required"]), {"success", "message", "errors"})
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                errors = {code: answer for code, answer in operation["responses"].items() if int(code) >= 400}
                with self.subTest(path=path, method=method):
                    self.assertLessEqual({"401", "429"}, set(errors))
                    for answer in errors.values():
                        body = answer["content"]["application/json"]["schema"]
                        self.assertEqual(body, {"$ref": "#/components/schemas/Error"})
        reserve = schema["paths"]["/api/v1/sessions/{id}/reservations/"]["post"]["responses"]
        self.assertLessEqual({"400", "401", "403", "404", "409", "413", "429"}, set(reserve))
        self.assertIn("deadline passed", reserve["409"]["description"])  # the view's own explanation stays
        catalogue = schema["paths"]["/api/v1/courses/"]["get"]["responses"]
        self.assertLessEqual({"400", "404", "429"}, set(catalogue))
        self.assertNotIn("403", catalogue)  # open to everyone
