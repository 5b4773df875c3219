import re

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from portal.models import OutboundEmail

PASSWORD = "una-clave-muy-larga-2026"


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


class SignupTests(TestCase):
    def sign_up(self, email="nueva@example.com"):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
            )

    def test_signup_sends_the_verification_email_through_the_outbox(self):
        response = self.sign_up()

        self.assertRedirects(response, reverse("account_email_verification_sent"))
        user = User.objects.get(email="nueva@example.com")
        self.assertFalse(EmailAddress.objects.get(user=user).verified)
        stored = OutboundEmail.objects.get()
        self.assertEqual(stored.recipients, "nueva@example.com")
        self.assertEqual(stored.status, OutboundEmail.Status.SENT)
        self.assertEqual(len(mail.outbox), 1)
        self.assertTrue(mail.outbox[0].subject.startswith("[Lumino] "))
        self.assertIn("Lumino", mail.outbox[0].body)
        self.assertNotIn("example.com!", mail.outbox[0].body)

    def test_verification_is_mandatory_before_logging_in(self):
        self.sign_up()
        self.client.logout()
        response = self.client.post(reverse("account_login"), {"login": "nueva@example.com", "password": PASSWORD})
        self.assertRedirects(response, reverse("account_email_verification_sent"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_link_in_the_email_verifies_the_address_and_logs_in(self):
        self.sign_up()
        link = link_in(mail.outbox[0])

        self.assertEqual(self.client.get(link).status_code, 200)
        response = self.client.post(link)

        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        user = User.objects.get(email="nueva@example.com")
        self.assertTrue(EmailAddress.objects.get(user=user).verified)
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

    def test_a_new_account_is_a_member_with_the_language_of_the_signup_page(self):
        self.client.cookies.load({"django_language": "en"})
        self.sign_up()
        user = User.objects.get(email="nueva@example.com")
        self.assertTrue(user.has_role(Role.MEMBER))
        self.assertEqual(user.language, "en")

    def test_an_email_that_is_taken_reveals_nothing_and_creates_nobody(self):
        # Enumeration prevention: the page looks the same; the owner of the address is told instead.
        UserFactory(email="taken@example.com")
        response = self.sign_up("Taken@Example.com")
        self.assertRedirects(response, reverse("account_email_verification_sent"))
        self.assertEqual(User.objects.filter(email__iexact="taken@example.com").count(), 1)
        self.assertEqual(mail.outbox[0].to, ["taken@example.com"])
        self.assertNotIn("/accounts/confirm-email/", mail.outbox[0].body)

    def test_mismatched_passwords_are_shown_on_the_field(self):
        response = self.client.post(
            reverse("account_signup"), {"email": "x@example.com", "password1": PASSWORD, "password2": "other-one-123"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_password2_error"')
        self.assertContains(response, 'aria-describedby="id_password2_error"')
        self.assertFalse(User.objects.filter(email="x@example.com").exists())


class LoginLogoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com", language="en")

    def test_logs_in_with_email_and_password_and_applies_the_profile_language(self):
        response = self.client.post(
            reverse("account_login"), {"login": "MARTA@example.com", "password": "correct-horse-battery"}
        )
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.user.pk)
        self.assertEqual(response.cookies["django_language"].value, "en")

    def test_a_wrong_password_is_refused_with_a_message(self):
        response = self.client.post(reverse("account_login"), {"login": "marta@example.com", "password": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="form-errors" role="alert"')
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_logout_needs_a_post(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(reverse("account_logout")).status_code, 200)
        self.assertIn("_auth_user_id", self.client.session)

        response = self.client.post(reverse("account_logout"))
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)


class PasswordResetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="olvido@example.com")

    def test_reset_link_sets_a_new_password(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("account_reset_password"), {"email": "olvido@example.com"})
        self.assertRedirects(response, reverse("account_reset_password_done"))
        self.assertEqual(OutboundEmail.objects.get().recipients, "olvido@example.com")
        self.assertEqual(len(mail.outbox), 1)

        # allauth moves the key from the URL into the session and redirects to a keyless URL.
        response = self.client.get(link_in(mail.outbox[0]), follow=True)
        self.assertEqual(response.status_code, 200)
        form_url = response.redirect_chain[-1][0]
        new_password = "otra-clave-bien-larga-99"
        response = self.client.post(form_url, {"password1": new_password, "password2": new_password})

        self.assertRedirects(response, reverse("account_reset_password_from_key_done"))
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password(new_password))

    def test_an_unknown_address_gets_no_reset_link_and_the_page_looks_the_same(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("account_reset_password"), {"email": "nadie@example.com"})
        self.assertRedirects(response, reverse("account_reset_password_done"))
        self.assertTrue(all("/accounts/password/reset/key/" not in message.body for message in mail.outbox))
