from django.test import override_settings
from django.urls import reverse

from allauth.mfa.totp.internal.auth import TOTP

from accounts.tests.factories import UserFactory
from portal.testing import LuminoTestCase

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SETUP_URL = "/accounts/2fa/totp/activate/"


@override_settings(LUMINO_REQUIRE_STAFF_MFA=True)
class StaffMFARequiredTests(LuminoTestCase):
    def test_staff_without_a_second_factor_are_sent_to_set_one_up(self):
        self.client.force_login(self.editor)
        for url in ("/admin/", "/admin/pages/", "/admin/images/"):
            with self.subTest(url=url):
                self.assertRedirects(self.client.get(url), SETUP_URL, fetch_redirect_response=False)

    def test_superusers_too(self):
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))
        self.assertRedirects(self.client.get("/admin/"), SETUP_URL, fetch_redirect_response=False)

    def test_the_setup_pages_and_logout_stay_reachable_without_a_loop(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/", follow=True)
        # The chain ends on an allauth page (set-up, or re-authentication before it), never back in /admin/.
        self.assertEqual(response.status_code, 200)
        self.assertTrue(all(not url.startswith("/admin/") for url, _status in response.redirect_chain))
        self.assertTrue(response.redirect_chain[-1][0].startswith("/accounts/"))
        self.assertEqual(self.client.get(reverse("mfa_index")).status_code, 200)

        response = self.client.post("/admin/logout/")
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_allauth_logout_works_too(self):
        self.client.force_login(self.editor)
        self.client.post(reverse("account_logout"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_staff_with_totp_enter_the_admin(self):
        TOTP.activate(self.editor, SECRET)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_members_get_403_not_the_mfa_page(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get("/admin/").status_code, 403)

    def test_the_public_site_is_not_affected(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(self.client.get(reverse("accounts:dashboard")).status_code, 200)


@override_settings(LUMINO_REQUIRE_STAFF_MFA=False)
class StaffMFANotRequiredTests(LuminoTestCase):
    def test_staff_enter_the_admin_without_a_second_factor(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
