"""A new password ends every API session: the user's refresh tokens stop working, whatever
the path the password was changed by."""

from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from portal.testing import LuminoTestCase

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "otra-clave-bastante-larga-2026"


class RevokedTokensMixin:
    def issue_tokens(self, user, count=2):
        return [str(RefreshToken.for_user(user)) for _ in range(count)]

    def assertTokensRevoked(self, tokens):
        for token in tokens:
            response = self.client.post(
                reverse("v1:token_refresh"), {"refresh": token}, content_type="application/json"
            )
            self.assertEqual(response.status_code, 401, response.content)
            self.assertIs(response.json()["success"], False)

    def assertTokensWork(self, tokens):
        for token in tokens:
            response = self.client.post(
                reverse("v1:token_refresh"), {"refresh": token}, content_type="application/json"
            )
            self.assertEqual(response.status_code, 200, response.content)


class PasswordChangeRevokesTokensTests(RevokedTokensMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com")
        cls.other = UserFactory(email="oscar@example.com")

    def test_changing_the_password_on_the_site_revokes_the_refresh_tokens(self):
        tokens = self.issue_tokens(self.user)
        self.client.force_login(self.user)
        response = self.client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        self.assertEqual(response.status_code, 302, response.content)
        self.assertTokensRevoked(tokens)

    def test_a_password_reset_revokes_the_refresh_tokens(self):
        tokens = self.issue_tokens(self.user)
        key = default_token_generator.make_token(self.user)
        link = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(self.user), "key": key})
        form_page = self.client.get(link)  # allauth keeps the key in the session and drops it from the URL
        self.assertEqual(form_page.status_code, 302)
        response = self.client.post(form_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password(NEW_PASSWORD))
        self.assertTokensRevoked(tokens)

    def test_django_admins_set_password_form_revokes_the_refresh_tokens(self):
        tokens = self.issue_tokens(self.user)
        form = AdminPasswordChangeForm(self.user, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertTrue(form.is_valid(), form.errors)
        form.save()
        self.assertTokensRevoked(tokens)

    def test_the_changepassword_command_and_scripts_revoke_the_refresh_tokens(self):
        tokens = self.issue_tokens(self.user)
        user = type(self.user).objects.get(pk=self.user.pk)
        user.set_password(NEW_PASSWORD)
        user.save()
        self.assertTokensRevoked(tokens)

    def test_an_unusable_password_revokes_the_refresh_tokens(self):
        tokens = self.issue_tokens(self.user)
        self.user.set_unusable_password()
        self.user.save(update_fields=["password"])
        self.assertTokensRevoked(tokens)

    def test_other_people_keep_their_tokens_and_other_saves_revoke_nothing(self):
        theirs = self.issue_tokens(self.other)
        mine = self.issue_tokens(self.user)
        self.user.first_name = "Marta"
        self.user.save()
        self.assertFalse(BlacklistedToken.objects.exists())
        self.user.set_password(NEW_PASSWORD)
        self.user.save()
        self.assertTokensWork(theirs)
        self.assertTokensRevoked(mine)

    @override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.MD5PasswordHasher",
        ]
    )
    def test_the_silent_hash_upgrade_at_login_keeps_the_tokens(self):
        tokens = self.issue_tokens(self.user)
        self.assertTrue(self.user.password.startswith("md5$"))
        response = self.client.post(reverse("account_login"), {"login": "marta@example.com", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.user.refresh_from_db()
        self.assertTrue(self.user.password.startswith("argon2$"))
        self.assertTokensWork(tokens)


class ChangepasswordCommandTests(RevokedTokensMixin, TestCase):
    def test_manage_py_changepassword_revokes_the_refresh_tokens(self):
        from unittest import mock

        user = UserFactory(username="marta", email="marta@example.com")
        tokens = self.issue_tokens(user)
        with mock.patch("getpass.getpass", return_value=NEW_PASSWORD):
            call_command("changepassword", "marta", stdout=None)
        self.assertTokensRevoked(tokens)


@override_settings(LUMINO_REQUIRE_STAFF_MFA=False)
class WagtailAdminPasswordTests(RevokedTokensMixin, LuminoTestCase):
    def test_setting_a_password_in_the_wagtail_admin_revokes_the_refresh_tokens(self):
        tokens = self.issue_tokens(self.member)
        admin = UserFactory(is_superuser=True, is_staff=True)
        self.client.force_login(admin)
        url = reverse("wagtailusers_users:edit", args=[self.member.pk])
        response = self.client.post(
            url,
            {
                "username": self.member.username,
                "email": self.member.email,
                "first_name": self.member.first_name,
                "last_name": self.member.last_name,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "is_active": "on",
                "groups": [group.pk for group in self.member.groups.all()],
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password(NEW_PASSWORD))
        self.client.logout()
        self.assertTokensRevoked(tokens)
