"""The "Mentors" admin menu: certificates that expire within 60 days are flagged."""

from django.conf import settings
from django.urls import reverse

from portal.testing import LuminoTestCase

from .factories import make_certificate, make_directory, make_mentor, make_page

MENTORS = "wagtailsnippets_mentors_mentor:list"
CERTIFICATES = "wagtailsnippets_mentors_certificate:list"


class CertificateFlagTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.laura = make_mentor("Laura Gómez")
        cls.javier = make_mentor("Javier Martín")
        make_certificate(cls.laura, "Auditora de seguridad", expires_in_days=20)
        make_certificate(cls.laura, "Primeros auxilios", expires_in_days=-3)
        make_certificate(cls.javier, "Arquitecto cloud", expires_in_days=400)
        make_certificate(cls.javier, "Título universitario")

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.manager)

    def test_the_certificates_listing_flags_expired_and_expiring_ones(self):
        response = self.client.get(reverse(CERTIFICATES))
        self.assertContains(response, "Expires soon")
        self.assertContains(response, "Expired")
        self.assertContains(response, "Valid")
        self.assertContains(response, "Does not expire")
        expiring = self.client.get(reverse(CERTIFICATES), {"expiring": "true"})
        self.assertContains(expiring, "Auditora de seguridad")
        self.assertContains(expiring, "Primeros auxilios")
        self.assertNotContains(expiring, "Arquitecto cloud")

    def test_the_mentors_listing_counts_and_filters_expiring_certificates(self):
        response = self.client.get(reverse(MENTORS))
        self.assertContains(response, "Certificates expiring")
        flagged = self.client.get(reverse(MENTORS), {"expiring": "true"})
        self.assertContains(flagged, "Laura Gómez")
        self.assertNotContains(flagged, "Javier Martín")
        self.assertEqual(self.laura.expiring_certificates, 2)

    def test_editors_and_mentors_are_kept_out_of_the_records(self):
        for person in (self.editor, self.mentor, self.member):
            with self.subTest(user=person.username):
                self.client.force_login(person)
                for name in (MENTORS, CERTIFICATES):
                    self.assertIn(self.client.get(reverse(name)).status_code, (302, 403))


class DeleteInTheAdminTests(LuminoTestCase):
    def test_a_mentor_with_a_directory_page_is_kept_and_the_page_named(self):
        laura = make_mentor("Laura Gómez")
        make_page(make_directory(), laura)  # the reference index is not updated yet: its task runs on commit
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.manager)
        url = reverse("wagtailsnippets_mentors_mentor:delete", args=[laura.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, follow=True)
        self.assertContains(response, "has a page in the mentor directory")
        self.assertTrue(type(laura).objects.filter(pk=laura.pk).exists())
