"""The portal's roles, as Django groups, and the permissions each one carries.

Groups are created by a migration; their model permissions are (re)applied after every
`migrate` from ROLE_PERMISSIONS, so a new app adds its permissions here in one place.
"""

import enum

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(enum.Enum):
    MEMBER = ("Miembros", _("Member"))
    COMPANY_MANAGER = ("Responsables de empresa", _("Company manager"))
    EDITOR = ("Editores", _("Editor"))
    MENTOR = ("Mentores", _("Instructor / mentor"))
    AGENT = ("Agentes de soporte", _("Service-desk agent"))
    MANAGER = ("Dirección", _("Manager"))

    def __init__(self, group_name, label):
        self.group_name = group_name
        self.label = label

    @property
    def key(self):
        """A stable name for API clients: "member", "company_manager"…"""
        return self.name.lower()


_CRUD = ("view", "add", "change", "delete")
# "app_label.codename" or "app_label.*" (every permission of the app).
ROLE_PERMISSIONS = {
    Role.MEMBER: [],
    Role.COMPANY_MANAGER: [],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.*",
        "wagtaildocs.*",
        "taggit.*",
        "library.*",
        "news.*",
        # The academic calendar is the content of a public page (mentors/calendar_admin.py).
        *(f"mentors.{action}_{model}" for model in ("term", "holiday", "classschedule") for action in _CRUD),
    ],
    Role.MENTOR: [
        "wagtailadmin.access_admin",
        # Instructors define the assessments of the sessions they teach (learning/wagtail_hooks.py).
        "learning.view_assessment",
        "learning.add_assessment",
        "learning.change_assessment",
        "learning.delete_assessment",
        # Mentors log their own hours (mentors/hours_admin.py narrows these to her own entries).
        "mentors.view_hoursentry",
        "mentors.add_hoursentry",
        "mentors.change_hoursentry",
        "mentors.delete_hoursentry",
        # Her own mentor record only (mentors/models/records.py: is_own_record); never the records listing.
        "mentors.change_own_availability",
        # Mentors see the advisories booked with them (mentors/booking_admin.py narrows the list).
        "mentors.view_booking",
    ],
    # Agents work tickets through the services; these let them into the service-desk admin.
    Role.AGENT: [
        "wagtailadmin.access_admin",
        "helpdesk.view_ticket",
        "helpdesk.add_ticket",
        "helpdesk.change_ticket",
        "helpdesk.view_importjob",
        "helpdesk.add_importjob",
    ],
    Role.MANAGER: [
        "wagtailadmin.access_admin",
        "wagtailimages.*",
        "wagtaildocs.*",
        "taggit.*",
        "news.*",
        "library.*",
        "courses.*",
        "helpdesk.*",
        "mentors.*",
        "learning.*",
        "portal.*",
        "accounts.view_user",
        "wagtailredirects.*",
    ],
}
# Roles that edit the whole page tree, and the Wagtail page permissions each has on it.
PAGE_EDITING_ROLES = [Role.EDITOR, Role.MANAGER]
_EDIT_PAGES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
PAGE_PERMISSIONS = {Role.EDITOR: _EDIT_PAGES, Role.MANAGER: [*_EDIT_PAGES, "bulk_delete_page"]}


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give every role group exactly the permissions listed above (and pages for editors)."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # post_migrate fires once per app; only the last one sees every app's permissions.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not None and sender is not with_models[-1]:
        return
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role.group_name)
        perms = Permission.objects.using(using).none()
        for entry in wanted:
            app_label, codename = entry.split(".", 1)
            query = Permission.objects.using(using).filter(content_type__app_label=app_label)
            perms |= query if codename == "*" else query.filter(codename=codename)
        group.permissions.set(perms)
    _grant_page_permissions(using)
    _grant_collection_permissions(using)


def _grant_page_permissions(using):
    """Page permissions on the root page, so editors may work on the whole tree.

    Wagtail's page permission types are add, change, publish, lock, unlock and bulk_delete
    (deleting a page needs "change" on it; "bulk_delete" also removes its children).
    """
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission, Page

    root = Page.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    for role in PAGE_EDITING_ROLES:
        group = Group.objects.using(using).get(name=role.group_name)
        wanted = Permission.objects.using(using).filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS[role]
        )
        for permission in wanted:
            GroupPagePermission.objects.using(using).get_or_create(group=group, page=root, permission=permission)
        # What is granted on the root is exactly the list: a permission removed here is revoked.
        GroupPagePermission.objects.using(using).filter(group=group, page=root).exclude(permission__in=wanted).delete()


def _grant_collection_permissions(using):
    """Image and document permissions on the root collection.

    Wagtail checks them against its policy's "auth model" (wagtailimages.Image and
    wagtaildocs.Document), also when a custom model such as library.LibraryDocument is in use.
    """
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, GroupCollectionPermission
    from wagtail.permissions import policy_registry

    root = Collection.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    codenames, content_types = [], []
    for model in (get_image_model(), get_document_model()):
        auth_model = policy_registry.get_by_type(model).auth_model
        content_types.append(ContentType.objects.db_manager(using).get_for_model(auth_model))
        codenames += [f"{action}_{auth_model._meta.model_name}" for action in ("add", "change", "choose", "delete")]
    permissions = Permission.objects.using(using).filter(content_type__in=content_types, codename__in=codenames)
    for role in PAGE_EDITING_ROLES:
        group = Group.objects.using(using).get(name=role.group_name)
        for permission in permissions:
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=group, collection=root, permission=permission
            )


STAFF_ROLES = (Role.EDITOR, Role.MENTOR, Role.AGENT, Role.MANAGER)


def staff_q():
    """People who may sign content (a news item's author, a library article's authors): staff
    accounts and members of a staff role's group. A `limit_choices_to` for user fields: a subquery,
    so someone in two staff groups is still one choice."""
    groups = [role.group_name for role in STAFF_ROLES]
    staff = get_user_model().objects.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=groups))
    return Q(pk__in=staff.values("pk"))
