from django.contrib.auth.hashers import make_password
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

import pytest
from allauth.account.adapter import DefaultAccountAdapter

from accounts.tests.factories import UserFactory

REAL_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.mark.spanish_default
class LoginRateLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com")

    def login(self, password):
        return self.client.post(reverse("account_login"), {"login": "marta@example.com", "password": password})

    def test_after_five_failures_even_the_right_password_is_refused(self):
        with translation.override("es"):  # the page speaks Spanish, the default language
            refusal = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
        for _attempt in range(5):
            response = self.login("wrong-password")
            self.assertNotContains(response, refusal)

        response = self.login("correct-horse-battery")

        self.assertContains(response, refusal, status_code=429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 300)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_four_failures_still_let_the_owner_in(self):
        for _attempt in range(4):
            self.login("wrong-password")
        response = self.login("correct-horse-battery")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.user.pk)


class RedirectAfterLoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com")

    def login(self, next_url):
        return self.client.post(
            reverse("account_login") + "?next=" + next_url,
            {"login": "marta@example.com", "password": "correct-horse-battery", "next": next_url},
        )

    def test_an_offsite_next_lands_on_the_site(self):
        for next_url in ("https://evil.example/steal", "//evil.example/", "https:evil.example"):
            with self.subTest(next_url=next_url):
                self.client.logout()
                response = self.login(next_url)
                self.assertEqual(response.status_code, 302)
                self.assertEqual(response["Location"], "/dashboard/")

    @override_settings(ALLOWED_HOSTS=["testserver", "other.lumino.example"])
    def test_another_allowed_host_is_not_a_redirect_target_either(self):
        response = self.login("https://other.lumino.example/")
        self.assertEqual(response["Location"], "/dashboard/")

    def test_a_local_next_is_followed(self):
        response = self.login("/cursos/?page=2")
        self.assertEqual(response["Location"], "/cursos/?page=2")


@override_settings(PASSWORD_HASHERS=REAL_HASHERS)
class PasswordHashingTests(TestCase):
    def test_new_passwords_are_hashed_with_argon2(self):
        user = UserFactory()
        user.set_password("una-clave-muy-larga-2026")
        self.assertTrue(user.password.startswith("argon2$"))

    def test_a_pbkdf2_hash_still_logs_in_and_is_upgraded_to_argon2(self):
        user = UserFactory(email="antigua@example.com")
        user.password = make_password("clave-de-antes-2019", hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])
        self.assertTrue(user.password.startswith("pbkdf2_sha256$"))

        response = self.client.post(
            reverse("account_login"), {"login": "antigua@example.com", "password": "clave-de-antes-2019"}
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)
        user.refresh_from_db()
        self.assertTrue(user.password.startswith("argon2$"))
        self.assertTrue(user.check_password("clave-de-antes-2019"))
