from django.core.exceptions import ValidationError
from django.urls import reverse

from library.models import Category
from portal.testing import LuminoTestCase

from .factories import make_category


class CategoryTests(LuminoTestCase):
    def test_one_level_of_nesting_only(self):
        top = make_category("Programación", slug="programacion")
        child = make_category("Python", parent=top)
        with self.assertRaisesMessage(ValidationError, "only one level of nesting"):
            Category(name="Django", slug="django", parent=child).full_clean()
        with self.assertRaisesMessage(ValidationError, "cannot be its own parent"):
            top.parent = top
            top.clean()
        top.refresh_from_db()
        other = make_category("Web")
        top.parent = other
        with self.assertRaisesMessage(ValidationError, "sub-categories of its own"):
            top.clean()
        self.assertEqual(str(child), "Programación › Python")

    def test_editors_manage_categories_in_the_admin(self):
        self.client.force_login(self.editor)
        make_category("Redes")
        listing = self.client.get(reverse("wagtailsnippets_library_category:list"))
        self.assertContains(listing, "Redes")
        response = self.client.post(
            reverse("wagtailsnippets_library_category:add"),
            {"name": "Seguridad", "slug": "seguridad", "description": "", "parent": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Category.objects.filter(slug="seguridad").exists())

    def test_members_cannot_reach_the_category_admin(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(reverse("wagtailsnippets_library_category:list")).status_code, 403)
