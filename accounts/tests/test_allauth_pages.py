"""allauth's pages render inside the site's frame, with labelled fields and our classes."""

import re

from django.test import TestCase
from django.urls import reverse

from allauth.mfa.totp.internal.auth import TOTP

from accounts.tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


class PageChecks:
    def assertAccountPage(self, response, *field_ids):
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        self.assertTrue(" ".join(title.split()).endswith("· Lumino"), title)
        self.assertIn('<body class="allauth-page">', html)
        self.assertIn('<main id="main"', html)
        self.assertIn("/static/css/accounts.css", html)
        self.assertEqual(html.count("<h1"), 1)
        for field_id in field_ids:
            self.assertRegex(html, rf'<label for="{field_id}"[^>]*>', f"{field_id} has no label")
        self.assertNotRegex(html, r"""(?:src|href)=["'](?:https?:)?//""")  # nothing from elsewhere
        return html


class AnonymousPagesTests(PageChecks, TestCase):
    def test_login(self):
        html = self.assertAccountPage(self.client.get(reverse("account_login")), "id_login", "id_password")
        self.assertIn('<form method="post" action="/accounts/login/" class="form" novalidate>', html)
        self.assertIn('<button class="button" type="submit">', html)
        self.assertIn('id="id_password_helptext"', html)

    def test_signup(self):
        self.assertAccountPage(self.client.get(reverse("account_signup")), "id_email", "id_password1", "id_password2")

    def test_password_reset(self):
        self.assertAccountPage(self.client.get(reverse("account_reset_password")), "id_email")

    def test_errors_are_summarised_and_linked_to_their_fields(self):
        response = self.client.post(reverse("account_signup"), {"email": "no-es-un-correo", "password1": "x"})
        html = self.assertAccountPage(response)
        self.assertIn('class="form-errors" role="alert"', html)
        self.assertIn('<a href="#id_email">', html)
        self.assertRegex(html, r'<input[^>]*aria-invalid="true"[^>]*id="id_email"')
        self.assertIn('<div class="field__error" id="id_email_error">', html)


class LoggedInPagesTests(PageChecks, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com", first_name="Marta", last_name="Gil")

    def setUp(self):
        # A real login, so allauth knows the person authenticated recently (no re-authentication step).
        response = self.client.post(reverse("account_login"), {"login": "marta@example.com", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)

    def test_the_welcome_message_names_the_person_not_the_username(self):
        response = self.client.get(reverse("accounts:dashboard"))
        self.assertContains(response, "Marta Gil")
        self.assertNotContains(response, self.user.username)

    def test_email_addresses(self):
        html = self.assertAccountPage(self.client.get(reverse("account_email")), "id_email", "email_radio_0")
        self.assertIn('<div class="field field--choice">', html)
        self.assertIn('class="button button--danger"', html)

    def test_password_change(self):
        self.assertAccountPage(
            self.client.get(reverse("account_change_password")), "id_oldpassword", "id_password1", "id_password2"
        )

    def test_two_factor_overview_and_setup(self):
        html = self.assertAccountPage(self.client.get(reverse("mfa_index")))
        self.assertIn('<section class="panel">', html)
        # Setting up a second factor asks for the password again first.
        response = self.client.get(reverse("mfa_activate_totp"))
        self.assertTrue(response["Location"].startswith(reverse("account_reauthenticate")))
        self.assertAccountPage(self.client.get(response["Location"]), "id_password")
        response = self.client.post(response["Location"], {"password": PASSWORD})
        self.assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)

        html = self.assertAccountPage(self.client.get(reverse("mfa_activate_totp")), "authenticator_secret", "id_code")
        self.assertIn('src="data:image/svg+xml;base64,', html)  # the QR code is drawn here, not fetched
        self.assertIn('aria-describedby="authenticator_secret_helptext"', html)

    def test_logout_page_asks_with_a_post_form(self):
        html = self.assertAccountPage(self.client.get(reverse("account_logout")))
        self.assertIn('method="post"', html)


class SecondFactorLoginPageTests(PageChecks, TestCase):
    def test_login_with_totp_asks_for_the_code_on_a_labelled_field(self):
        user = UserFactory(email="elena@example.com")
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        response = self.client.post(
            reverse("account_login"), {"login": "elena@example.com", "password": PASSWORD}, follow=True
        )
        self.assertEqual(response.redirect_chain[-1][0], reverse("mfa_authenticate"))
        self.assertAccountPage(response, "id_code")
        self.assertNotIn("_auth_user_id", self.client.session)
