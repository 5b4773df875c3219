from django.test import TestCase

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.home.hero_title = "Formación que se nota"
        cls.home.save_revision().publish()

    def test_can_be_created_only_under_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)

    @pytest.mark.spanish_default
    def test_renders_hero_and_navigation_landmarks(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Formación que se nota")
        self.assertContains(response, 'class="skip-link" href="#main"')
        self.assertContains(response, '<main id="main"')
        self.assertContains(response, 'lang="es"')

    def test_public_page_has_no_personal_content_for_logged_in_users(self):
        from accounts.tests.factories import UserFactory

        anonymous = self.client.get("/").content
        self.client.force_login(UserFactory(first_name="Zoraida"))
        personal = self.client.get("/").content
        self.assertNotIn(b"Zoraida", personal)
        self.assertEqual(anonymous.count(b"data-fragment"), personal.count(b"data-fragment"))

    def test_page_makes_no_external_requests(self):
        html = self.client.get("/").content.decode()
        for attribute in ('src="http', "src='http", 'href="//', "@import url(http"):
            self.assertNotIn(attribute, html)


class SiteTests(TestCase):
    def test_default_site_points_at_the_home_page(self):
        self.assertIsInstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)
