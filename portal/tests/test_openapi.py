import re

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
        self.assertTrue(request_schema["properties"]["access"]["readOnly"])
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
