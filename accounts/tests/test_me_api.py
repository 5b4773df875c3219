from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from portal.testing import LuminoTestCase


class MeEndpointTests(LuminoTestCase):
    def test_returns_the_profile_roles_and_interests(self):
        self.company_manager.interests.add("python", "Django")
        self.client.force_login(self.company_manager)

        response = self.client.get(reverse("v1:me"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "id": self.company_manager.pk,
                "email": "boss@example.com",
                "first_name": "Carmen",
                "last_name": self.company_manager.last_name,
                "language": self.company_manager.language,
                "roles": ["member", "company_manager"],
                "interests": ["Django", "python"],
            },
        )

    def test_query_count_does_not_grow_with_roles_or_interests(self):
        few = UserFactory()
        many = UserFactory(roles=[Role.MEMBER, Role.COMPANY_MANAGER, Role.EDITOR, Role.MANAGER])
        many.interests.add(*[f"tema-{n}" for n in range(12)])
        for user in (few, many):
            self.client.force_login(user)
            with self.subTest(user=user.username), self.assertNumQueries(4):
                self.assertEqual(self.client.get(reverse("v1:me")).status_code, 200)

    def test_is_read_only(self):
        self.client.force_login(self.member)
        response = self.client.patch(reverse("v1:me"), {"email": "x@example.com"}, content_type="application/json")
        self.assertEqual(response.status_code, 405)
        self.member.refresh_from_db()
        self.assertEqual(self.member.email, "member@example.com")

    def test_anonymous_gets_401(self):
        response = self.client.get(reverse("v1:me"))
        self.assertEqual(response.status_code, 401)
        self.assertIs(response.json()["success"], False)
