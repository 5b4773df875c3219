from types import SimpleNamespace
from unittest import mock

from django.urls import reverse

from taggit.models import Tag

from accounts.dashboard import GreetingItem, Panel
from portal.testing import LuminoTestCase


def fake_app(panels=(), greeting_items=()):
    """An app's dashboard.py, as courses/dashboard.py is."""
    return SimpleNamespace(
        panels=lambda request: list(panels) if request.user.is_authenticated else [],
        greeting_items=lambda request: list(greeting_items),
    )


def contributing(*modules):
    return mock.patch("accounts.dashboard._modules", lambda: iter(modules))


class DashboardTests(LuminoTestCase):
    def test_anonymous_visitors_are_sent_to_log_in_and_back(self):
        response = self.client.get(reverse("accounts:dashboard"))
        self.assertRedirects(response, "/accounts/login/?next=/dashboard/", fetch_redirect_response=False)

    def test_renders_the_panels_apps_contribute_in_order(self):
        later = Panel("Mis certificados", "accounts/panels/links.html", {"links": []}, order=50)
        first = Panel(
            "Mis cursos",
            "accounts/panels/links.html",
            {"links": [{"text": "Django avanzado", "url": "/cursos/django/", "meta": "12 de marzo"}]},
            order=10,
        )
        self.client.force_login(self.member)
        with contributing(fake_app(panels=[later]), fake_app(panels=[first])):
            response = self.client.get(reverse("accounts:dashboard"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual([panel.title for panel in response.context["panels"]], ["Mis cursos", "Mis certificados"])
        self.assertContains(response, '<h2 id="panel-1">Mis cursos</h2>', html=True)
        self.assertContains(response, '<a href="/cursos/django/">Django avanzado</a>', html=True)
        self.assertContains(response, "Marta")
        self.assertIn("private", response["Cache-Control"])

    def test_without_panels_it_says_what_to_do(self):
        self.client.force_login(self.member)
        with contributing():
            response = self.client.get(reverse("accounts:dashboard"))
        self.assertContains(response, "browse the courses")


class ProfileTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.python, cls.django = Tag.objects.create(name="Python"), Tag.objects.create(name="Django")

    def test_requires_login(self):
        response = self.client.get(reverse("accounts:profile"))
        self.assertRedirects(response, "/accounts/login/?next=/dashboard/profile/", fetch_redirect_response=False)

    def test_shows_the_fields_labelled(self):
        self.client.force_login(self.member)
        response = self.client.get(reverse("accounts:profile"))
        for field_id in ("id_first_name", "id_last_name", "id_language"):
            self.assertContains(response, f'<label for="{field_id}">')
        self.assertContains(response, "<legend>")
        self.assertContains(response, f'value="{self.python.pk}"')

    def test_saves_names_language_and_interests_and_switches_the_language(self):
        self.client.force_login(self.member)
        response = self.client.post(
            reverse("accounts:profile"),
            {"first_name": "Marta", "last_name": "Ruiz", "language": "en", "interests": [self.python.pk]},
        )

        self.assertRedirects(response, reverse("accounts:profile"), fetch_redirect_response=False)
        self.assertEqual(response.cookies["django_language"].value, "en")
        self.member.refresh_from_db()
        self.assertEqual((self.member.last_name, self.member.language), ("Ruiz", "en"))
        self.assertEqual(list(self.member.interests.names()), ["Python"])

        page = self.client.get(reverse("accounts:profile"))
        self.assertContains(page, '<html lang="en">')
        self.assertContains(page, "Your profile has been saved.")

    def test_interests_can_be_replaced_and_cleared(self):
        self.member.interests.add(self.python)
        self.client.force_login(self.member)
        data = {"first_name": "Marta", "last_name": "", "language": "es"}
        self.client.post(reverse("accounts:profile"), {**data, "interests": [self.django.pk]})
        self.assertEqual(list(self.member.interests.names()), ["Django"])
        self.client.post(reverse("accounts:profile"), data)
        self.assertEqual(list(self.member.interests.names()), [])

    def test_an_unknown_language_is_refused_on_its_field(self):
        before = self.member.language
        self.client.force_login(self.member)
        response = self.client.post(reverse("accounts:profile"), {"first_name": "Marta", "language": "xx"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_language_error"')
        self.member.refresh_from_db()
        self.assertEqual(self.member.language, before)


class FragmentTests(LuminoTestCase):
    def assertNeverCached(self, response):
        for directive in ("private", "no-cache", "no-store"):
            self.assertIn(directive, response["Cache-Control"])

    def test_account_menu_for_a_visitor(self):
        response = self.client.get(reverse("accounts:account_menu"))
        self.assertNeverCached(response)
        self.assertContains(response, 'href="/accounts/login/"')
        self.assertContains(response, 'href="/accounts/signup/"')
        self.assertNotContains(response, "account_logout")
        self.assertNotContains(response, "/accounts/logout/")

    def test_account_menu_for_a_member(self):
        self.client.force_login(self.member)
        response = self.client.get(reverse("accounts:account_menu"))
        self.assertNeverCached(response)
        self.assertContains(response, 'href="/dashboard/"')
        self.assertContains(response, 'action="/accounts/logout/" method="post"')
        self.assertContains(response, "csrfmiddlewaretoken")
        self.assertNotContains(response, 'href="/admin/"')
        self.assertNotContains(response, 'href="/accounts/login/"')

    def test_account_menu_links_staff_to_the_admin(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("accounts:account_menu")), 'href="/admin/"')

    def test_greeting_is_empty_for_a_visitor(self):
        response = self.client.get(reverse("accounts:greeting"))
        self.assertEqual(response.status_code, 204)
        self.assertNeverCached(response)

    def test_greeting_names_the_member_and_lists_what_is_next(self):
        item = GreetingItem("Tu sesión de Django empieza pronto", url="/cursos/django/")
        self.client.force_login(self.member)
        with contributing(fake_app(greeting_items=[item])):
            response = self.client.get(reverse("accounts:greeting"))
        self.assertNeverCached(response)
        self.assertContains(response, "Marta")
        self.assertContains(response, '<a href="/cursos/django/">Tu sesión de Django empieza pronto</a>', html=True)

    def test_greeting_with_nothing_planned(self):
        self.client.force_login(self.member)
        with contributing():
            response = self.client.get(reverse("accounts:greeting"))
        self.assertContains(response, 'href="/dashboard/"')
