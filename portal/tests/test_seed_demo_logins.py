"""The demo's published password opens accounts in development only (DEBUG on)."""

from django.test import TestCase, override_settings

from accounts.models import User
from accounts.roles import Role
from home.demo import DEMO_PASSWORD, PEOPLE

from .test_seed_demo import counts, seed_home

USERNAMES = sorted(username for username, *_rest in PEOPLE)


@override_settings(DEBUG=False)
class SeedDemoInProductionTests(TestCase):
    def test_the_demo_people_exist_but_nobody_can_log_in_as_them(self):
        output = seed_home()

        people = User.objects.filter(username__in=USERNAMES)
        self.assertEqual(sorted(people.values_list("username", flat=True)), USERNAMES)
        self.assertFalse(any(person.has_usable_password() for person in people))
        self.assertFalse(people.filter(is_superuser=True).exists() or people.filter(is_staff=True).exists())
        self.assertTrue(User.objects.get(username="editor").has_role(Role.EDITOR))
        self.assertIn("no usable password", output)
        self.assertIn("createsuperuser", output)
        self.assertNotIn(DEMO_PASSWORD, output)

        response = self.client.post("/accounts/login/", {"login": "admin@lumino.example", "password": DEMO_PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_running_twice_changes_nothing(self):
        seed_home()
        first = counts()
        seed_home()
        self.assertEqual(counts(), first)

    def test_the_known_password_left_by_a_development_run_stops_working(self):
        with override_settings(DEBUG=True):
            seed_home()
        self.assertTrue(User.objects.get(username="admin").check_password(DEMO_PASSWORD))

        seed_home()

        self.assertFalse(any(User.objects.get(username=name).check_password(DEMO_PASSWORD) for name in USERNAMES))

    def test_a_password_its_owner_chose_is_kept(self):
        with override_settings(DEBUG=True):
            seed_home()
        admin = User.objects.get(username="admin")
        admin.set_password("la-clave-de-la-directora-2026")
        admin.save()

        seed_home()

        admin.refresh_from_db()
        self.assertTrue(admin.check_password("la-clave-de-la-directora-2026"))


@override_settings(DEBUG=True)
class SeedDemoInDevelopmentTests(TestCase):
    def test_every_demo_person_logs_in_with_the_published_password(self):
        output = seed_home()
        seed_home()
        for username in USERNAMES:
            self.assertTrue(User.objects.get(username=username).check_password(DEMO_PASSWORD), username)
        self.assertTrue(User.objects.get(username="admin").is_superuser)
        self.assertIn("Demo logins", output)
