"""Logging out of the admin ends the session on the server, not only in the browser."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from portal.testing import LuminoTestCase


@override_settings(LUMINO_REQUIRE_STAFF_MFA=False)
class AdminLogoutTests(LuminoTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.session_key = self.client.session.session_key

    def replayed_cookie_client(self):
        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = self.session_key
        return thief

    def test_posting_to_the_admin_logout_deletes_the_session(self):
        response = self.client.post("/admin/logout/")

        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.cookies[settings.SESSION_COOKIE_NAME].value, "")
        self.assertFalse(Session.objects.filter(session_key=self.session_key).exists())
        replay = self.replayed_cookie_client().get("/admin/")
        self.assertEqual(replay.status_code, 302)
        self.assertIn("/accounts/login/", replay["Location"])
        self.assertEqual(self.replayed_cookie_client().get("/dashboard/").status_code, 302)

    def test_a_get_asks_for_confirmation_and_keeps_cookie_and_session_together(self):
        response = self.client.get("/admin/logout/")

        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/accounts/logout/")
        self.assertNotIn(settings.SESSION_COOKIE_NAME, response.cookies)
        self.assertTrue(Session.objects.filter(session_key=self.session_key).exists())
        confirm = self.client.get(response["Location"])
        self.assertContains(confirm, 'method="post"')

    def test_the_confirmation_page_logs_out_on_the_server_too(self):
        self.client.post("/accounts/logout/")
        self.assertFalse(Session.objects.filter(session_key=self.session_key).exists())
        self.assertEqual(self.replayed_cookie_client().get("/dashboard/").status_code, 302)
