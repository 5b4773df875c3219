"""A mentor keeps her own weekly availability and exceptions, through the API and the admin;
bad timetables are refused naming the entry, and a refusal leaves the stored timetable whole."""

import datetime

from django.conf import settings
from django.urls import reverse

from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import make_person
from mentors.models import AvailabilityException, Mentor
from portal.testing import LuminoTestCase

from .factories import make_mentor

MONDAY_MORNING = {"weekday": 1, "starts_at": "09:00", "ends_at": "13:00"}
AUGUST = {"kind": "holiday", "starts_on": "2026-08-01", "ends_on": "2026-08-31", "note": "En la playa"}
ADMIN_URL = "mentors_availability:edit"


def stored_slots(mentor):
    return [(s.weekday, f"{s.starts_at:%H:%M}", f"{s.ends_at:%H:%M}") for s in mentor.slots.order_by("sort_order")]


class OwnAvailabilityAPITests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.own = make_mentor("Miguel Tamarit", user=cls.mentor, slots=[(3, 16, 19)])

    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.mentor)
        self.url = f"/api/v1/mentors/{self.own.pk}/availability/"

    def put(self, availability, exceptions=()):
        return self.api.put(self.url, {"availability": availability, "exceptions": list(exceptions)}, format="json")

    def test_she_replaces_her_slots_and_exceptions_together(self):
        tuesday = {"weekday": 2, "starts_at": "16:00", "ends_at": "18:00"}
        response = self.put([tuesday, MONDAY_MORNING], [AUGUST])
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(stored_slots(self.own), [(1, "09:00", "13:00"), (2, "16:00", "18:00")])
        exception = self.own.exceptions.get()
        self.assertEqual(
            (exception.kind, exception.starts_on, exception.note), ("holiday", datetime.date(2026, 8, 1), "En la playa")
        )
        self.assertEqual([slot["weekday"] for slot in response.json()["availability"]], [1, 2])
        self.assertEqual(response.json()["exceptions"][0]["note"], "En la playa")

    def test_refusals_name_the_entry_and_keep_what_was_stored(self):
        cases = [
            (
                [MONDAY_MORNING, {"weekday": 1, "starts_at": "12:00", "ends_at": "14:00"}],
                [],
                "availability.1",
                "overlap",
            ),
            ([{"weekday": 5, "starts_at": "12:00", "ends_at": "10:00"}], [], "availability.0", "end after"),
            ([{"weekday": 8, "starts_at": "10:00", "ends_at": "12:00"}], [], "availability.0.weekday", ""),
            ([{"weekday": 0, "starts_at": "10:00", "ends_at": "12:00"}], [], "availability.0.weekday", ""),
            (
                [MONDAY_MORNING],
                [AUGUST, {**AUGUST, "starts_on": "2026-09-10", "ends_on": "2026-09-01"}],
                "exceptions.1",
                "2026-09-10",
            ),
            ([MONDAY_MORNING], [{**AUGUST, "kind": "party"}], "exceptions.0.kind", ""),
            ([MONDAY_MORNING], [{**AUGUST, "note": "x" * 201}], "exceptions.0.note", ""),
        ]
        for availability, exceptions, field, words in cases:
            with self.subTest(field=field, words=words):
                response = self.put(availability, exceptions)
                self.assertEqual(response.status_code, 400, response.content)
                body = response.json()
                self.assertEqual(list(body["errors"]), [field])
                self.assertIn(words, body["message"])
                self.assertEqual(stored_slots(self.own), [(3, "16:00", "19:00")])
                self.assertFalse(self.own.exceptions.exists())

    def test_back_to_back_slots_and_the_same_hours_on_other_days_are_fine(self):
        response = self.put(
            [MONDAY_MORNING, {"weekday": 1, "starts_at": "13:00", "ends_at": "14:00"}, {**MONDAY_MORNING, "weekday": 2}]
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(len(stored_slots(self.own)), 3)

    def test_both_lists_are_required_so_nothing_is_cleared_by_mistake(self):
        response = self.api.put(self.url, {"availability": [MONDAY_MORNING]}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("exceptions", response.json()["errors"])
        self.assertEqual(stored_slots(self.own), [(3, "16:00", "19:00")])

    def test_she_corrects_her_phone_and_availability_with_patch(self):
        response = self.api.patch(
            f"/api/v1/mentors/{self.own.pk}/",
            {"phone": "+34 655 444 333", "availability": [MONDAY_MORNING]},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        stored = Mentor.objects.get(pk=self.own.pk)
        self.assertEqual(stored.phone, "+34 655 444 333")
        self.assertEqual(stored_slots(stored), [(1, "09:00", "13:00")])
        self.assertEqual(stored.full_name, "Miguel Tamarit")

    def test_a_colleagues_record_is_refused_and_left_alone(self):
        colleague = make_mentor("Laura Gómez", slots=[(4, 9, 10)])
        response = self.api.put(
            f"/api/v1/mentors/{colleague.pk}/availability/", {"availability": [], "exceptions": []}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["message"], "You can change only your own mentor record.")
        self.assertEqual(stored_slots(colleague), [(4, "09:00", "10:00")])

    def test_she_sees_her_own_record_even_when_inactive(self):
        Mentor.objects.filter(pk=self.own.pk).update(active=False)
        self.assertEqual(self.api.get(self.url).status_code, 200)
        self.assertEqual(APIClient().get(self.url).status_code, 404)

    def test_a_linked_account_without_the_mentor_role_changes_nothing(self):
        linked_member = make_mentor("Socia", user=self.member)
        self.api.force_authenticate(self.member)
        response = self.api.put(
            f"/api/v1/mentors/{linked_member.pk}/availability/", {"availability": [], "exceptions": []}, format="json"
        )
        self.assertEqual(response.status_code, 403)


class OwnAvailabilityAdminTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.own = make_mentor("Miguel Tamarit", user=cls.mentor, slots=[(3, 16, 19)], phone="+34 600 111 222")
        cls.colleague = make_mentor("Laura Gómez", phone="+34 611 999 888")

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.mentor)

    def form_data(self, slots, exceptions=(), **contact):
        data = {"contact-email": contact.get("email", ""), "contact-phone": contact.get("phone", "+34 600 111 222")}
        for prefix, rows in (("slots", slots), ("exceptions", exceptions)):
            data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
            data.update({f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "70"})
            for number, row in enumerate(rows):
                data.update({f"{prefix}-{number}-{key}": value for key, value in row.items()})
        return data

    def test_the_menu_offers_her_availability_and_the_form_shows_it(self):
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), reverse(ADMIN_URL))
        response = self.client.get(reverse(ADMIN_URL))
        self.assertContains(response, "My availability")
        self.assertContains(response, 'value="16:00"')
        self.assertNotContains(response, "Laura Gómez")

    def test_she_saves_slots_exceptions_and_phone(self):
        data = self.form_data(
            [
                {"weekday": "1", "starts_at": "09:00", "ends_at": "12:00"},
                {"weekday": "", "starts_at": "", "ends_at": ""},
            ],
            [{"kind": "leave", "starts_on": "2026-08-01", "ends_on": "2026-08-15", "note": "Permiso"}],
            phone="+34 699 888 777",
        )
        response = self.client.post(reverse(ADMIN_URL), data)
        self.assertRedirects(response, reverse(ADMIN_URL))
        stored = Mentor.objects.get(pk=self.own.pk)
        self.assertEqual(stored_slots(stored), [(1, "09:00", "12:00")])
        self.assertEqual(stored.exceptions.get().kind, AvailabilityException.Kind.LEAVE)
        self.assertEqual(stored.phone, "+34 699 888 777")

    def test_an_overlap_is_shown_on_its_row_and_nothing_changes(self):
        data = self.form_data(
            [
                {"weekday": "1", "starts_at": "09:00", "ends_at": "12:00"},
                {"weekday": "1", "starts_at": "11:00", "ends_at": "13:00"},
            ]
        )
        response = self.client.post(reverse(ADMIN_URL), data)
        self.assertContains(response, "Two time slots overlap on Monday", status_code=400)
        self.assertEqual(stored_slots(self.own), [(3, "16:00", "19:00")])

    def test_a_mentor_without_a_record_reads_what_to_do(self):
        newcomer = make_person("newcomer", Role.MENTOR)
        self.client.force_login(newcomer)
        response = self.client.get(reverse(ADMIN_URL))
        self.assertContains(response, "not linked to a mentor record yet")
        self.assertNotContains(response, '<form method="post" novalidate')

    def test_the_mentor_role_opens_no_other_record(self):
        for name, args in (
            ("wagtailsnippets_mentors_mentor:list", []),
            ("wagtailsnippets_mentors_mentor:edit", [self.colleague.pk]),
            ("wagtailsnippets_mentors_mentor:edit", [self.own.pk]),
            ("wagtailsnippets_mentors_mentor:delete", [self.colleague.pk]),
        ):
            with self.subTest(name=name, args=args):
                response = self.client.get(reverse(name, args=args))
                self.assertIn(response.status_code, (302, 403))
                self.assertNotContains(response, "+34 611 999 888", status_code=response.status_code)

    def test_people_without_the_mentor_role_are_kept_out(self):
        for person in (self.editor, self.agent):
            with self.subTest(user=person.username):
                self.client.force_login(person)
                self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), reverse(ADMIN_URL))
                # Wagtail answers a refusal in the admin with a redirect to its dashboard and a message.
                self.assertIn(self.client.get(reverse(ADMIN_URL)).status_code, (302, 403))
