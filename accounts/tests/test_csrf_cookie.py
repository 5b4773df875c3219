"""A logged-in person's page sets the CSRF cookie, so fragments fetched together share one secret."""

from django.conf import settings
from django.test import Client

from accounts.tests.factories import UserFactory
from portal.testing import LuminoTestCase


class MemberCsrfCookieTests(LuminoTestCase):
    def test_a_member_s_page_sets_the_csrf_cookie_when_missing(self):
        client = Client()
        client.force_login(UserFactory())
        response = client.get("/")
        self.assertEqual(response.status_code, 200)
        secret = response.cookies[settings.CSRF_COOKIE_NAME].value
        # With the cookie in place, the fragments fetched next keep the same secret.
        for fragment in ("/dashboard/fragments/account-menu/", "/dashboard/fragments/account-menu/"):
            again = client.get(fragment)
            self.assertEqual(again.status_code, 200)
            self.assertEqual(client.cookies[settings.CSRF_COOKIE_NAME].value, secret)

    def test_a_visitor_s_page_sets_no_cookie_and_stays_public(self):
        response = Client().get("/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(settings.CSRF_COOKIE_NAME, response.cookies)
        self.assertIn("public", response["Cache-Control"])
