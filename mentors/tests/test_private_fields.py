"""Phone and national id: encrypted at rest, and shown only to managers and the mentor herself."""

from django.db import connection
from django.urls import reverse

from rest_framework.test import APIClient

from mentors.models import Mentor
from portal.testing import LuminoTestCase

from .factories import make_mentor

PHONE, NATIONAL_ID = "+34 600 111 222", "12345678Z"


class EncryptionAtRestTests(LuminoTestCase):
    def test_the_database_holds_ciphertext_and_the_model_reads_plain_text(self):
        mentor = make_mentor("Laura Gómez", phone=PHONE, national_id=NATIONAL_ID)
        table = Mentor._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phone, national_id FROM {table} WHERE id = %s", [mentor.pk])  # noqa: S608
            raw_phone, raw_id = cursor.fetchone()
        self.assertNotIn("600", raw_phone)
        self.assertNotIn("12345678", raw_id)
        self.assertTrue(raw_phone.startswith("gAAAA"))  # a Fernet token
        stored = Mentor.objects.get(pk=mentor.pk)
        self.assertEqual((stored.phone, stored.national_id), (PHONE, NATIONAL_ID))

    def test_an_empty_phone_stays_empty(self):
        mentor = make_mentor("Sin teléfono")
        self.assertIn(Mentor.objects.get(pk=mentor.pk).phone, (None, ""))


class WhoSeesPrivateDataTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.herself = make_mentor("Miguel Tamarit", user=cls.mentor, phone=PHONE, national_id=NATIONAL_ID)
        cls.colleague = make_mentor("Otra Mentora", phone="+34 699 999 999", national_id="87654321X")

    def read(self, user, mentor):
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        response = api.get(f"/api/v1/mentors/{mentor.pk}/")
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_managers_and_the_mentor_herself_see_phone_and_national_id(self):
        for user in (self.manager, self.mentor):
            with self.subTest(user=user.username):
                data = self.read(user, self.herself)
                self.assertEqual((data["phone"], data["national_id"]), (PHONE, NATIONAL_ID))

    def test_visitors_members_editors_and_other_mentors_see_only_public_fields(self):
        for user in (None, self.member, self.editor, self.agent):
            with self.subTest(user=getattr(user, "username", "visitor")):
                data = self.read(user, self.herself)
                self.assertEqual(data["full_name"], "Miguel Tamarit")
                for field in ("phone", "national_id", "email", "user"):
                    self.assertNotIn(field, data)
        # The mentor herself sees her own data, not a colleague's.
        self.assertNotIn("phone", self.read(self.mentor, self.colleague))

    def test_only_managers_open_the_record_in_the_admin_and_see_the_phone_there(self):
        url = reverse("wagtailsnippets_mentors_mentor:edit", args=[self.herself.pk])
        self.client.force_login(self.manager)
        response = self.client.get(url)
        self.assertContains(response, PHONE)
        self.assertContains(response, NATIONAL_ID)
        for person in (self.editor, self.member, self.agent):
            with self.subTest(user=person.username):
                self.client.force_login(person)
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403))
                self.assertNotContains(response, PHONE, status_code=response.status_code)

    def test_a_manager_edits_the_phone_in_the_admin_and_it_is_stored_encrypted(self):
        self.client.force_login(self.manager)
        url = reverse("wagtailsnippets_mentors_mentor:edit", args=[self.colleague.pk])
        data = {
            "full_name": "Otra Mentora",
            "email": "",
            "phone": "+34 611 222 333",
            "national_id": "87654321X",
            "active": "on",
            "advisory_minutes": "60",
            "advisory_price": "0",
        }
        for prefix in ("areas", "certificates", "slots", "exceptions"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"})
            data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Mentor.objects.get(pk=self.colleague.pk).phone, "+34 611 222 333")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phone FROM {Mentor._meta.db_table} WHERE id = %s", [self.colleague.pk])  # noqa: S608
            self.assertNotIn("611", cursor.fetchone()[0])


class MyRecordInTheAdminTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.herself = make_mentor("Miguel Tamarit", user=cls.mentor, phone=PHONE, national_id=NATIONAL_ID)

    def test_the_mentor_sees_her_own_phone_and_national_id_read_only(self):
        self.client.force_login(self.mentor)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), reverse("mentors_me:record"))
        response = self.client.get(reverse("mentors_me:record"))
        self.assertContains(response, PHONE)
        self.assertContains(response, NATIONAL_ID)
        self.assertNotContains(response, "<form", html=False)

    def test_staff_without_a_record_get_a_404_and_no_menu_item(self):
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), reverse("mentors_me:record"))
        self.assertEqual(self.client.get(reverse("mentors_me:record")).status_code, 404)
