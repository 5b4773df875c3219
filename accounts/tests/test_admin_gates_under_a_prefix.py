"""The admin gates hold when the portal is mounted under a prefix (SCRIPT_NAME), as behind a
proxy that serves it at https://example.com/portal/."""

from django.test import override_settings

from allauth.mfa.totp.internal.auth import TOTP

from portal.testing import LuminoTestCase

PREFIX = "/portal"


class PrefixedClientMixin:
    def get(self, path):
        # What a WSGI server passes for https://host/portal/admin/: the mount point and the rest.
        return self.client.get(path, SCRIPT_NAME=PREFIX)


@override_settings(LUMINO_REQUIRE_STAFF_MFA=True)
class StaffMFAUnderAPrefixTests(PrefixedClientMixin, LuminoTestCase):
    def test_staff_without_a_second_factor_are_sent_to_set_one_up(self):
        self.client.force_login(self.editor)
        for path in ("/admin/", "/admin/pages/"):
            with self.subTest(path=path):
                response = self.get(path)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].endswith("/accounts/2fa/totp/activate/"), response["Location"])

    def test_staff_with_a_second_factor_enter(self):
        TOTP.activate(self.editor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        self.client.force_login(self.editor)
        self.assertEqual(self.get("/admin/").status_code, 200)


@override_settings(LUMINO_REQUIRE_STAFF_MFA=False)
class AdminAccessUnderAPrefixTests(PrefixedClientMixin, LuminoTestCase):
    def test_a_member_gets_403_at_the_admin(self):
        self.client.force_login(self.member)
        self.assertEqual(self.get("/admin/").status_code, 403)
        self.assertEqual(self.get("/admin/pages/").status_code, 403)

    def test_the_public_site_under_the_prefix_is_not_guarded(self):
        self.client.force_login(self.member)
        self.assertEqual(self.get("/").status_code, 200)
