"""Rate limits: writes on scoped endpoints and token requests answer 429 with the shared body,
a Retry-After header, and a sentence (in Spanish for a Spanish client) that says when to retry."""

from django.conf import settings
from django.core.cache import cache
from django.test import SimpleTestCase, override_settings
from django.utils import translation

from rest_framework.test import APIClient

from mentors.tests.factories import make_mentor
from portal.api import wait_phrase
from portal.testing import LuminoTestCase
from portal.tests.test_api_errors import assertErrorShape

RATES = {"anon": None, "user": None, "auth": "2/min", "mentors": "2/hour", "bookings": None, "hours": None}


class ThrottlingTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.own = make_mentor("Miguel Tamarit", user=cls.mentor)

    def setUp(self):
        cache.clear()
        self.addCleanup(cache.clear)
        limited = override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES})
        limited.enable()
        self.addCleanup(limited.disable)

    def put_availability(self, api, **headers):
        body = {"availability": [{"weekday": 1, "starts_at": "09:00", "ends_at": "10:00"}], "exceptions": []}
        return api.put(f"/api/v1/mentors/{self.own.pk}/availability/", body, format="json", **headers)

    def test_the_third_write_in_an_hour_is_refused_in_spanish_with_retry_after(self):
        api = APIClient()
        api.force_authenticate(self.mentor)
        for _attempt in range(2):
            self.assertEqual(self.put_availability(api).status_code, 200)
        response = self.put_availability(api, HTTP_ACCEPT_LANGUAGE="es")
        body = assertErrorShape(self, response, 429)
        wait = int(response["Retry-After"])
        self.assertTrue(3000 < wait <= 3600, wait)
        # One hour, less the moments the first requests took.
        self.assertRegex(
            body["message"], r"^Demasiadas solicitudes: vuelve a intentarlo dentro de (1 hora|60 minutos)\.$"
        )

    def test_reading_is_not_counted_against_the_write_budget(self):
        api = APIClient()
        api.force_authenticate(self.mentor)
        for _attempt in range(5):
            self.assertEqual(api.get(f"/api/v1/mentors/{self.own.pk}/availability/").status_code, 200)
        self.assertEqual(self.put_availability(api).status_code, 200)

    def test_each_person_has_her_own_budget(self):
        mentor, manager = APIClient(), APIClient()
        mentor.force_authenticate(self.mentor)
        manager.force_authenticate(self.manager)
        for _attempt in range(2):
            self.put_availability(mentor)
        self.assertEqual(self.put_availability(mentor).status_code, 429)
        self.assertEqual(self.put_availability(manager).status_code, 200)

    def test_token_requests_are_limited_per_address(self):
        api = APIClient()
        for _attempt in range(2):
            response = api.post("/api/v1/auth/token/", {"email": "x@example.com", "password": "wrong"}, format="json")
            self.assertEqual(response.status_code, 401)
        response = api.post("/api/v1/auth/token/refresh/", {"refresh": "not-a-token"}, format="json")
        body = assertErrorShape(self, response, 429)
        self.assertIn("Retry-After", response)
        self.assertEqual(body["message"], "Too many requests: try again in 1 minute.")


class WaitPhraseTests(SimpleTestCase):
    @translation.override("en")
    def test_the_wait_is_rounded_up_to_a_unit_a_person_reads(self):
        self.assertEqual(wait_phrase(0.2), "1 second")
        self.assertEqual(wait_phrase(59), "59 seconds")
        self.assertEqual(wait_phrase(61), "2 minutes")
        self.assertEqual(wait_phrase(3600), "1 hour")
        self.assertEqual(wait_phrase(3601), "2 hours")
