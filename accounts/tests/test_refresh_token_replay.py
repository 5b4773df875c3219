"""A refresh token is accepted once: replayed in turn or by parallel requests, it gets 401."""

import threading

from django.db import connection
from django.test import Client, TestCase, TransactionTestCase
from django.urls import reverse

from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from portal.testing import requires_postgres

PARALLEL = 8


def refresh(client, token):
    return client.post(reverse("v1:token_refresh"), {"refresh": token}, content_type="application/json")


class SequentialReplayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="marta@example.com")

    def test_a_used_refresh_token_is_refused_with_the_json_error(self):
        token = str(RefreshToken.for_user(self.user))
        self.assertEqual(refresh(self.client, token).status_code, 200)

        replay = refresh(self.client, token)

        self.assertEqual(replay.status_code, 401)
        body = replay.json()
        self.assertIs(body["success"], False)
        self.assertIn("blacklisted", body["message"])
        self.assertEqual(BlacklistedToken.objects.filter(token__user=self.user).count(), 1)

    def test_the_token_of_a_deactivated_account_is_refused(self):
        token = str(RefreshToken.for_user(self.user))
        self.user.is_active = False
        self.user.save(update_fields=["is_active"])
        response = refresh(self.client, token)
        self.assertEqual(response.status_code, 401)
        self.assertIs(response.json()["success"], False)

    def test_the_token_of_a_deleted_account_is_401_not_500(self):
        token = str(RefreshToken.for_user(self.user))
        self.user.delete()
        response = refresh(self.client, token)
        self.assertEqual(response.status_code, 401)
        self.assertIs(response.json()["success"], False)


@requires_postgres
class ParallelReplayTests(TransactionTestCase):
    serialized_rollback = True  # keep the home page the migrations created for the next tests

    def test_eight_parallel_refreshes_of_one_token_succeed_once(self):
        user = UserFactory(verified=False)
        token = str(RefreshToken.for_user(user))
        start = threading.Barrier(PARALLEL)
        answers, unexpected = [], []

        def attempt():
            try:
                client = Client()
                start.wait()
                response = refresh(client, token)
                answers.append((response.status_code, response.json()))
            except Exception as exc:  # noqa: BLE001 - every other failure is what this test looks for
                unexpected.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt) for _ in range(PARALLEL)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        self.assertEqual(unexpected, [])
        statuses = sorted(status for status, _body in answers)
        self.assertEqual(statuses, [200] + [401] * (PARALLEL - 1))
        for status, body in answers:
            if status == 401:
                self.assertIs(body["success"], False)
                self.assertTrue(body["message"])
        # The old token and nothing else is blacklisted; exactly one new refresh token was issued.
        self.assertEqual(BlacklistedToken.objects.filter(token__user=user).count(), 1)
        self.assertEqual(OutstandingToken.objects.filter(user=user).count(), 2)
        new_refresh = next(body["refresh"] for status, body in answers if status == 200)
        self.assertEqual(refresh(Client(), new_refresh).status_code, 200)

    def test_a_refresh_racing_a_password_change_leaves_no_live_token(self):
        user = UserFactory(verified=False)
        for round_number in range(10):
            token = str(RefreshToken.for_user(user))
            start = threading.Barrier(2)
            answers, unexpected = [], []

            def use_token(token=token, start=start, answers=answers, unexpected=unexpected):
                try:
                    start.wait()
                    answers.append(refresh(Client(), token))
                except Exception as exc:  # noqa: BLE001 - every other failure is what this test looks for
                    unexpected.append(repr(exc))
                finally:
                    connection.close()

            def change_password(start=start, unexpected=unexpected, round_number=round_number):
                try:
                    start.wait()
                    person = type(user).objects.get(pk=user.pk)
                    person.set_password(f"clave-nueva-numero-{round_number}")
                    person.save()
                except Exception as exc:  # noqa: BLE001
                    unexpected.append(repr(exc))
                finally:
                    connection.close()

            threads = [threading.Thread(target=use_token), threading.Thread(target=change_password)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)

            self.assertEqual(unexpected, [])
            (answer,) = answers
            if answer.status_code == 200:
                # The refresh won the race: the password change must have revoked its new token.
                self.assertEqual(refresh(Client(), answer.json()["refresh"]).status_code, 401)
            else:
                self.assertEqual(answer.status_code, 401)
        self.assertFalse(
            OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists(),
            "a refresh token outlived a password change",
        )
