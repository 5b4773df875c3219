"""The advisories list in the admin: managers see all, a mentor only hers, nobody edits them there."""

from django.urls import reverse

from mentors.models import Booking
from portal.testing import LuminoTestCase

from .booking_factories import local, make_advisor


class BookingAdminTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hers = make_advisor("Miguel Tamarit", user=cls.mentor)
        cls.other = make_advisor("Nuria Fernández", email="nuria@mentores.example")
        for mentor, topic in ((cls.hers, "Tema de Miguel"), (cls.other, "Tema de Nuria")):
            Booking.objects.create(
                mentor=mentor,
                member=cls.member,
                starts_at=local(2030, 1, 2, 10),
                ends_at=local(2030, 1, 2, 11),
                topic=topic,
            )

    def test_a_manager_sees_every_advisory_and_filters_by_mentor(self):
        self.client.force_login(self.manager)
        url = reverse("advisories:index")
        response = self.client.get(url)
        self.assertContains(response, "Tema de Miguel")
        self.assertContains(response, "Tema de Nuria")
        filtered = self.client.get(url, {"mentor": self.other.pk})
        self.assertNotContains(filtered, "Tema de Miguel")
        self.assertContains(filtered, "Tema de Nuria")

    def test_a_mentor_sees_only_hers(self):
        self.client.force_login(self.mentor)
        response = self.client.get(reverse("advisories:index"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tema de Miguel")
        self.assertNotContains(response, "Tema de Nuria")

    def test_nobody_adds_or_edits_advisories_in_the_admin(self):
        self.client.force_login(self.manager)
        booking = Booking.objects.first()
        self.assertNotEqual(self.client.get(reverse("advisories:add")).status_code, 200)
        self.assertNotEqual(self.client.get(reverse("advisories:edit", args=[booking.pk])).status_code, 200)

    def test_a_member_cannot_reach_the_list(self):
        self.client.force_login(self.member)
        self.assertNotEqual(self.client.get(reverse("advisories:index")).status_code, 200)
