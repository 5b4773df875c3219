from django.test import TestCase
from django.urls import reverse

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

from accounts.tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def current_totp_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


class TokenObtainTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com")

    def obtain(self, **data):
        return self.client.post(reverse("v1:token_obtain_pair"), data, content_type="application/json")

    def test_obtains_a_pair_with_email_and_password(self):
        response = self.obtain(email="Marta@Example.com", password=PASSWORD)
        self.assertEqual(response.status_code, 200, response.content)
        tokens = response.json()
        self.assertEqual(set(tokens), {"access", "refresh"})

        me = self.client.get(reverse("v1:me"), HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        self.assertEqual(me.status_code, 200)
        self.assertEqual(me.json()["email"], "marta@example.com")
        self.user.refresh_from_db()
        self.assertIsNotNone(self.user.last_login)

    def test_a_username_is_not_accepted_in_place_of_the_email(self):
        response = self.obtain(username=self.user.username, password=PASSWORD)
        self.assertEqual(response.status_code, 400)
        self.assertIn("email", response.json()["errors"])

    def test_a_wrong_password_is_401_with_the_shared_body(self):
        response = self.obtain(email="marta@example.com", password="nope")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')
        self.assertEqual(response.json()["message"], "The e-mail address and password do not match an active account.")

    def test_an_inactive_account_gets_no_token(self):
        self.user.is_active = False
        self.user.save(update_fields=["is_active"])
        self.assertEqual(self.obtain(email="marta@example.com", password=PASSWORD).status_code, 401)

    def test_an_unverified_address_gets_no_token(self):
        EmailAddress.objects.filter(user=self.user).update(verified=False)
        response = self.obtain(email="marta@example.com", password=PASSWORD)
        self.assertEqual(response.status_code, 401)
        self.assertIn("Confirm your e-mail address", response.json()["message"])

    def test_shares_the_login_forms_failed_attempts_limit(self):
        for _attempt in range(5):
            self.assertEqual(self.obtain(email="marta@example.com", password="nope").status_code, 401)
        response = self.obtain(email="marta@example.com", password=PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response)
        self.assertNotIn("access", response.json())


class TokenSecondFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="elena@example.com")
        cls.secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        TOTP.activate(cls.user, cls.secret)

    def obtain(self, **data):
        return self.client.post(
            reverse("v1:token_obtain_pair"),
            {"email": "elena@example.com", "password": PASSWORD, **data},
            content_type="application/json",
        )

    def test_an_account_with_2fa_needs_the_code(self):
        response = self.obtain()
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()["errors"]), ["code"])
        self.assertEqual(self.obtain(code="000000").status_code, 400)

    def test_the_right_code_gets_the_tokens_once(self):
        code = current_totp_code(self.secret)
        self.assertEqual(self.obtain(code=code).status_code, 200)
        # A TOTP code is single-use.
        self.assertEqual(self.obtain(code=code).status_code, 400)
        self.assertTrue(Authenticator.objects.filter(user=self.user, type="totp").exists())


class TokenRefreshAndBlacklistTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com")

    def setUp(self):
        response = self.client.post(
            reverse("v1:token_obtain_pair"),
            {"email": "marta@example.com", "password": PASSWORD},
            content_type="application/json",
        )
        self.refresh = response.json()["refresh"]

    def post(self, name, refresh):
        return self.client.post(reverse(name), {"refresh": refresh}, content_type="application/json")

    def test_refresh_rotates_and_the_old_refresh_token_stops_working(self):
        response = self.post("v1:token_refresh", self.refresh)
        self.assertEqual(response.status_code, 200)
        rotated = response.json()
        self.assertEqual(set(rotated), {"access", "refresh"})
        self.assertNotEqual(rotated["refresh"], self.refresh)

        reused = self.post("v1:token_refresh", self.refresh)
        self.assertEqual(reused.status_code, 401)
        self.assertIs(reused.json()["success"], False)
        self.assertIn("blacklisted", reused.json()["message"])
        self.assertEqual(self.post("v1:token_refresh", rotated["refresh"]).status_code, 200)

    def test_blacklist_logs_out(self):
        self.assertEqual(self.post("v1:token_blacklist", self.refresh).status_code, 200)
        self.assertEqual(self.post("v1:token_refresh", self.refresh).status_code, 401)

    def test_a_garbage_refresh_token_is_401(self):
        response = self.post("v1:token_refresh", "garbage")
        self.assertEqual(response.status_code, 401)
        self.assertIs(response.json()["success"], False)
