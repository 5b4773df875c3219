"""Wrong passwords slow down whoever types them, without locking the account's owner out."""

from django.test import Client, TestCase
from django.urls import reverse

from accounts.tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"


class LoginRateLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com")

    def login(self, password, address, client=None):
        client = client or self.client
        return client.post(
            reverse("account_login"), {"login": "marta@example.com", "password": password}, REMOTE_ADDR=address
        )

    def obtain(self, password, address):
        return Client().post(
            reverse("v1:token_obtain_pair"),
            {"email": "marta@example.com", "password": password},
            content_type="application/json",
            REMOTE_ADDR=address,
        )

    def assertRetryAfter(self, response, at_most):
        self.assertEqual(response.status_code, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= at_most, response["Retry-After"])

    def test_an_attacker_at_one_address_does_not_lock_the_owner_out(self):
        for _attempt in range(5):
            self.assertEqual(self.login("wrong-password", ATTACKER).status_code, 200)

        refused = self.login(PASSWORD, ATTACKER)
        self.assertRetryAfter(refused, at_most=300)
        self.assertContains(refused, "Too many failed login attempts", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

        owner = Client()
        response = self.login(PASSWORD, OWNER, client=owner)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(owner.session["_auth_user_id"]), self.user.pk)

    def test_the_token_endpoint_answers_429_with_retry_after_and_lets_the_owner_in(self):
        for _attempt in range(5):
            self.assertEqual(self.obtain("wrong-password", ATTACKER).status_code, 401)

        refused = self.obtain(PASSWORD, ATTACKER)
        self.assertRetryAfter(refused, at_most=300)
        self.assertIs(refused.json()["success"], False)
        self.assertNotIn("access", refused.json())

        self.assertEqual(self.obtain(PASSWORD, OWNER).status_code, 200)

    def test_the_web_form_and_the_api_share_the_count(self):
        for _attempt in range(3):
            self.login("wrong-password", ATTACKER)
        for _attempt in range(2):
            self.obtain("wrong-password", ATTACKER)
        self.assertEqual(self.obtain(PASSWORD, ATTACKER).status_code, 429)
        self.assertEqual(self.login(PASSWORD, ATTACKER).status_code, 429)

    def test_a_spread_out_attack_slows_every_failing_address_but_not_the_owner(self):
        # 20 failures from four addresses spend the account's budget for the hour.
        for host in range(4):
            for _attempt in range(5):
                self.assertEqual(self.obtain("wrong-password", f"203.0.113.{10 + host}").status_code, 401)

        # A fresh address now gets three tries an hour, not five every five minutes.
        for _attempt in range(3):
            self.assertEqual(self.obtain("wrong-password", "203.0.113.99").status_code, 401)
        self.assertRetryAfter(self.obtain("wrong-password", "203.0.113.99"), at_most=3600)

        # The owner, from her own address, still gets in, and her success costs her nothing.
        self.assertEqual(self.obtain(PASSWORD, OWNER).status_code, 200)
        self.assertEqual(self.login(PASSWORD, OWNER).status_code, 302)

    def test_right_passwords_do_not_count(self):
        for _attempt in range(8):
            self.assertEqual(self.obtain(PASSWORD, OWNER).status_code, 200)
        for _attempt in range(4):
            self.obtain("wrong-password", OWNER)
        self.assertEqual(self.obtain(PASSWORD, OWNER).status_code, 200)


class LoginPageFloodTests(TestCase):
    def test_too_many_posts_from_one_address_get_429_with_retry_after(self):
        for _attempt in range(30):  # "login": 30 a minute per address
            self.assertEqual(self.client.post(reverse("account_login"), {}, REMOTE_ADDR=ATTACKER).status_code, 200)

        response = self.client.post(reverse("account_login"), {}, REMOTE_ADDR=ATTACKER)

        self.assertContains(response, "Too many attempts from your connection", status_code=429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 60, response["Retry-After"])
        other = Client().post(reverse("account_login"), {}, REMOTE_ADDR=OWNER)
        self.assertEqual(other.status_code, 200)
