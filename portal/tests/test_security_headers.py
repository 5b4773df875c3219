"""Every HTML page Django answers carries the Content-Security-Policy and the Permissions-Policy,
with no inline script or style allowed outside the Wagtail admin; personal API answers are never
stored by a cache."""

import json

from django.test import SimpleTestCase
from django.urls import reverse

from courses.tests.factories import course_index, make_course
from library.tests.factories import make_article, make_library_index
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase

from .test_settings import run_settings


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


class ContentSecurityPolicyTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.news = make_news(make_news_index(), "Abrimos el aula híbrida")
        cls.course = make_course("Python desde cero", parent=course_index())
        cls.article = make_article(make_library_index(), "Cabeceras HTTP")

    def assertStrictPolicy(self, response):
        policy = directives(response)
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        for directive in ("base-uri", "form-action", "frame-ancestors"):
            self.assertEqual(policy[directive][0], "'self'", directive)
        self.assertEqual(policy["img-src"], ["'self'", "data:"])
        for directive in ("script-src", "style-src"):
            self.assertNotIn("'unsafe-inline'", policy[directive])
            self.assertNotIn("'unsafe-eval'", policy[directive])
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_every_kind_of_page_carries_the_strict_policy(self):
        pages = {
            "home": "/",
            "listing": self.news.get_parent().url,
            "course listing": self.course.get_parent().url,
            "news detail": self.news.url,
            "course detail": self.course.url,
            "library detail": self.article.url,
            "search": "/search/?q=python",
            "login": reverse("account_login"),
            "api docs": reverse("api-docs"),
            "not found": "/no-such-page/",
        }
        for kind, url in pages.items():
            with self.subTest(kind):
                response = self.client.get(url)
                self.assertIn(response.status_code, (200, 404))
                self.assertStrictPolicy(response)

    def test_the_dashboard_carries_the_strict_policy(self):
        self.client.force_login(self.member)
        response = self.client.get("/dashboard/")
        self.assertEqual(response.status_code, 200)
        self.assertStrictPolicy(response)

    def test_structured_data_is_a_data_block_without_a_nonce_so_the_page_stays_cacheable(self):
        # JSON-LD is never executed, so CSP does not apply to it; a nonce in a cached page would
        # hand one answer's nonce to every visitor.
        response = self.client.get(self.news.url)
        self.assertContains(response, '<script type="application/ld+json">{')
        self.assertNotIn("nonce", response.content.decode())
        self.assertEqual(response["Cache-Control"], "public, max-age=10")

    def test_pages_contain_no_inline_style_or_script(self):
        self.client.force_login(self.member)
        for url in ("/", self.news.url, self.course.url, self.article.url, "/dashboard/", reverse("api-docs")):
            with self.subTest(url):
                html = self.client.get(url).content.decode()
                self.assertNotIn(" style=", html)
                self.assertNotIn("<style", html)
                for tag in html.split("<script")[1:]:
                    opening = tag.split(">", 1)[0]
                    self.assertTrue("src=" in opening or "application/ld+json" in opening, opening)

    def test_api_docs_start_swagger_from_a_script_file(self):
        html = self.client.get(reverse("api-docs")).content.decode()
        self.assertIn("?script=", html)
        script = self.client.get(reverse("api-docs") + "?script=")
        self.assertEqual(script.status_code, 200)
        self.assertIn("SwaggerUIBundle", script.content.decode())

    def test_the_admin_has_its_own_policy_that_still_refuses_other_sites(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        policy = directives(response)
        self.assertIn("'unsafe-inline'", policy["script-src"])
        self.assertFalse(any(value.startswith("'nonce-") for value in policy["script-src"]))
        self.assertNotIn("'unsafe-eval'", policy["script-src"])
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'self'"])
        self.assertEqual(policy["form-action"][0], "'self'")

    def test_a_public_page_below_a_similar_path_keeps_the_strict_policy(self):
        self.assertStrictPolicy(self.client.get("/administracion/"))


class PermissionsPolicyTests(LuminoTestCase):
    def test_powerful_features_are_switched_off(self):
        policy = self.client.get("/")["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
            self.assertIn(f"{feature}=()", policy)


class PrivateAPIResponseTests(LuminoTestCase):
    def assertNotStored(self, response):
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        vary = response["Vary"]
        self.assertIn("Authorization", vary)
        self.assertIn("Cookie", vary)

    def bearer(self, user):
        from rest_framework_simplejwt.tokens import RefreshToken

        return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}

    def test_me_is_never_stored_by_a_cache(self):
        response = self.client.get("/api/v1/me/", **self.bearer(self.member))
        self.assertEqual(response.status_code, 200)
        self.assertNotStored(response)

    def test_my_reservations_are_never_stored_by_a_cache_with_a_session_either(self):
        self.client.force_login(self.member)
        response = self.client.get("/api/v1/reservations/")
        self.assertEqual(response.status_code, 200)
        self.assertNotStored(response)

    def test_a_token_answer_is_never_stored(self):
        response = self.client.post(
            "/api/v1/auth/token/", {"email": "nobody@example.com", "password": "wrong"}, content_type="application/json"
        )
        self.assertNotStored(response)

    def test_an_anonymous_read_still_varies_with_credentials(self):
        response = self.client.get("/api/v1/courses/")
        self.assertIn("Authorization", response["Vary"])
        self.assertNotIn("no-store", response.get("Cache-Control", ""))


class FormActionTests(SimpleTestCase):
    """Social login answers its form with a redirect to the provider, which form-action must allow."""

    PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]))
"""

    def form_action(self, **environ):
        result = run_settings(code=self.PROBE, DJANGO_SECRET_KEY="k" * 50, **environ)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_only_this_site_without_social_login(self):
        self.assertEqual(self.form_action(), ["'self'"])

    def test_a_configured_provider_and_a_gateway_are_allowed(self):
        allowed = self.form_action(
            GITHUB_CLIENT_ID="id", GITHUB_CLIENT_SECRET="secret", CSP_FORM_ACTION="https://pay.example"
        )
        self.assertEqual(allowed, ["'self'", "https://github.com", "https://pay.example"])
