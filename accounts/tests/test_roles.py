from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.roles import ROLE_PERMISSIONS, Role, sync_role_permissions
from home.models import HomePage
from portal.testing import LuminoTestCase


def snapshot():
    groups = {
        group.name: sorted(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.prefetch_related("permissions")
    }
    pages = sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename"))
    collections = sorted(
        GroupCollectionPermission.objects.values_list("group__name", "collection_id", "permission__codename")
    )
    return groups, pages, collections


class RoleGroupsTests(TestCase):
    def test_the_six_role_groups_exist_after_migrating(self):
        self.assertEqual(len(Role), 6)
        names = set(Group.objects.values_list("name", flat=True))
        self.assertLessEqual({role.group_name for role in Role}, names)

    def test_sync_is_idempotent(self):
        sync_role_permissions()
        first = snapshot()
        sync_role_permissions()
        self.assertEqual(snapshot(), first)

    def test_sync_restores_what_was_removed_by_hand_and_removes_what_was_added(self):
        editors = Group.objects.get(name=Role.EDITOR.group_name)
        expected = snapshot()
        editors.permissions.clear()
        GroupPagePermission.objects.filter(group=editors).delete()
        manager_perm = Group.objects.get(name=Role.MANAGER.group_name).permissions.get(codename="view_outboundemail")
        editors.permissions.add(manager_perm)

        sync_role_permissions()

        self.assertEqual(snapshot(), expected)
        self.assertFalse(editors.permissions.filter(codename="view_outboundemail").exists())

    def test_every_listed_permission_exists(self):
        from django.contrib.auth.models import Permission

        for role, entries in ROLE_PERMISSIONS.items():
            for entry in entries:
                app_label, codename = entry.split(".", 1)
                found = Permission.objects.filter(content_type__app_label=app_label)
                if codename != "*":
                    found = found.filter(codename=codename)
                with self.subTest(role=role.name, entry=entry):
                    self.assertTrue(found.exists())

    def test_editors_and_managers_get_wagtails_page_permissions_on_the_root(self):
        codenames = set(
            GroupPagePermission.objects.filter(group__name=Role.EDITOR.group_name, page__depth=1).values_list(
                "permission__codename", flat=True
            )
        )
        self.assertEqual(codenames, {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"})


class RoleAccessTests(LuminoTestCase):
    def test_an_editor_reaches_the_admin_and_edits_the_home_page(self):
        home = HomePage.objects.get()
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
        edit_url = reverse("wagtailadmin_pages:edit", args=[home.pk])
        self.assertEqual(self.client.get(edit_url).status_code, 200)

        data = nested_form_data(
            {
                "title": home.title,
                "slug": home.slug,
                "hero_title": "Nuevo titular",
                "hero_text": "",
                "hero_cta_label": "",
                "featured": streamfield([]),
                "body": streamfield([("paragraph", rich_text("<p>Hola</p>"))]),
                "seo_title": "",
                "search_description": "",
            }
        )
        response = self.client.post(edit_url, data)

        self.assertEqual(response.status_code, 302)
        home.refresh_from_db()
        self.assertEqual(home.get_latest_revision().as_object().hero_title, "Nuevo titular")
        self.assertEqual(home.get_latest_revision().user, self.editor)

    def test_an_editor_may_add_images_and_documents(self):
        for model in (get_image_model(), get_document_model()):
            with self.subTest(model=model.__name__):
                self.assertTrue(policy_registry.get_by_type(model).user_has_permission(self.editor, "add"))
                self.assertFalse(policy_registry.get_by_type(model).user_has_permission(self.member, "add"))

    def test_a_member_cannot_reach_the_admin(self):
        self.client.force_login(self.member)
        for url in ("/admin/", "/admin/pages/", f"/admin/pages/{HomePage.objects.get().pk}/edit/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403)
                self.assertContains(response, "You cannot see this page", status_code=403)

    def test_anonymous_visitors_are_sent_to_the_site_login(self):
        response = self.client.get("/admin/pages/")
        self.assertRedirects(response, "/accounts/login/?next=/admin/pages/", fetch_redirect_response=False)

    def test_wagtails_own_login_and_password_reset_are_not_used(self):
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(response, "/accounts/login/?next=/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/password_reset/").status_code, 404)

    def test_the_roles_see_the_admin_their_job_needs(self):
        self.assertTrue(self.manager.has_perm("portal.view_outboundemail"))
        self.assertFalse(self.editor.has_perm("portal.view_outboundemail"))
        for person in (self.editor, self.agent, self.mentor, self.manager):
            with self.subTest(person=person.username):
                self.assertTrue(person.has_perm("wagtailadmin.access_admin"))
        self.assertFalse(self.company_manager.has_perm("wagtailadmin.access_admin"))
