"""While the cache (Redis) is down, allauth cannot count attempts and refuses: the person is told
the service is briefly unavailable (503), not that they tried too often (429)."""

from unittest import mock

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from accounts.models import User
from portal.outages import REDIS

PASSWORD = "una-clave-muy-larga-2026"


class SignupDuringACacheOutageTests(TestCase):
    def sign_up(self):
        return self.client.post(
            reverse("account_signup"), {"email": "nueva@example.com", "password1": PASSWORD, "password2": PASSWORD}
        )

    def tearDown(self):
        REDIS.succeeded()

    def test_a_sign_up_while_the_cache_stores_nothing_answers_a_clear_503(self):
        with mock.patch.object(cache, "add", return_value=False):
            response = self.sign_up()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertContains(response, "Signing up and logging in are briefly unavailable", status_code=503)
        self.assertFalse(User.objects.filter(email="nueva@example.com").exists())
        self.assertTrue(REDIS.active)

    def test_a_real_rate_limit_still_answers_429(self):
        with mock.patch("allauth.core.internal.ratelimit.cache_lock") as lock:
            lock.return_value.__enter__.return_value = False
            response = self.sign_up()
        self.assertEqual(response.status_code, 429)


class LoginDuringACacheOutageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = User.objects.create_user("ana", "ana@example.com", PASSWORD)

    def tearDown(self):
        REDIS.succeeded()

    def test_a_log_in_while_the_cache_stores_nothing_answers_a_clear_503_not_too_many_attempts(self):
        with mock.patch.object(cache, "add", return_value=False):
            response = self.client.post(reverse("account_login"), {"login": "ana@example.com", "password": PASSWORD})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertContains(response, "Signing up and logging in are briefly unavailable", status_code=503)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_log_in_with_the_cache_up_still_works(self):
        response = self.client.post(reverse("account_login"), {"login": "ana@example.com", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
