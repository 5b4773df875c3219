from io import StringIO
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.roles import Role
from home import demo as home_demo
from home.demo import DEMO_PASSWORD
from home.models import HomePage, SiteSettings


def seed_home(**options):
    out = StringIO()
    # Only the home app's part: the other apps' demo modules are tested with their apps.
    with mock.patch("home.management.commands.seed_demo.app_modules", return_value=[home_demo]):
        call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts():
    return {
        "users": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "emails": EmailAddress.objects.count(),
        "pages": Page.objects.count(),
        "home pages": HomePage.objects.count(),
        "images": get_image_model().objects.count(),
        "sites": Site.objects.count(),
        "site settings": SiteSettings.objects.count(),
        "groups": Group.objects.count(),
    }


class SeedDemoTests(TestCase):
    def test_running_twice_changes_nothing(self):
        seed_home()
        first = counts()
        seed_home()
        self.assertEqual(counts(), first)

    @override_settings(DEBUG=True)
    def test_creates_the_demo_people_with_their_roles_and_verified_addresses(self):
        seed_home()
        editor = User.objects.get(email="editor@lumino.example")
        self.assertTrue(editor.has_role(Role.EDITOR))
        self.assertTrue(editor.check_password(DEMO_PASSWORD))
        self.assertTrue(EmailAddress.objects.get(user=editor).verified)
        self.assertTrue(User.objects.get(username="admin").is_superuser)
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_page.specific, HomePage.objects.get())
        self.assertTrue(HomePage.objects.get().live)

    def test_a_changed_password_is_not_reset_by_a_second_run(self):
        seed_home()
        member = User.objects.get(username="member")
        member.set_password("my-own-secret-2026")
        member.save()
        seed_home()
        member.refresh_from_db()
        self.assertTrue(member.check_password("my-own-secret-2026"))

    @override_settings(DEBUG=True)
    def test_prints_the_demo_logins_when_debug_is_on(self):
        output = seed_home()
        self.assertIn("Demo logins", output)
        self.assertIn("editor@lumino.example", output)
        self.assertIn(DEMO_PASSWORD, output)

    @override_settings(DEBUG=False)
    def test_never_prints_passwords_when_debug_is_off(self):
        output = seed_home()
        self.assertIn("Demo content ready", output)
        self.assertNotIn(DEMO_PASSWORD, output)
        self.assertNotIn("Demo logins", output)

    def test_refuses_a_silly_scale(self):
        from django.core.management import CommandError

        with self.assertRaisesMessage(CommandError, "--scale must be between 1 and 500"):
            seed_home(scale=0)
