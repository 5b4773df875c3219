"""The "Mentors" admin menu: mentor records, their certificates (expiring ones flagged) and knowledge areas.

Only people with the mentors permissions (managers, superusers) reach the records, so the
private fields of the record's form (phone, national id) are shown to nobody else; a mentor
sees her own record, read-only, under "My mentor record", and keeps her availability under
"My availability" (her role's `change_own_availability`, which opens no other record). The public
profile is the mentor's page, edited in the page tree by editors.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from portal.audit import register_actions

from . import calendar_admin  # noqa: F401 - registers the "Academic calendar" menu
from .admin_views import MentorDeleteView, MyAvailabilityView, MyRecordView
from .models import Certificate, HoursEntry, KnowledgeArea, Mentor


class MentorFilterSet(WagtailFilterSet):
    expiring = django_filters.BooleanFilter(label=_("Certificates expiring within 60 days"), method="filter_expiring")

    class Meta:
        model = Mentor
        fields = ["active"]

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(expiring_certificate_count__gt=0)
            if value
            else queryset.filter(expiring_certificate_count=0)
        )


class MentorViewSet(SnippetViewSet):
    model = Mentor
    icon = "user"
    menu_label = _("Mentors")
    list_display = [
        "full_name",
        "email",
        "user",
        BooleanColumn("active", label=_("Active")),
        Column("expiring_certificates", label=_("Certificates expiring"), sort_key="expiring_certificate_count"),
    ]
    filterset_class = MentorFilterSet
    delete_view_class = MentorDeleteView
    # Records hold personal data: searched in the database, never in the shared index.
    search_backend_name = None
    search_fields = ["full_name", "email"]
    ordering = ["full_name"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Mentor.objects.with_expiring_certificates().select_related("user")


class CertificateFilterSet(WagtailFilterSet):
    expiring = django_filters.BooleanFilter(label=_("Expired or expiring within 60 days"), method="filter_expiring")

    class Meta:
        model = Certificate
        fields = ["mentor"]

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        soon = Certificate.objects.needing_attention()
        return queryset.filter(pk__in=soon) if value else queryset.exclude(pk__in=soon)


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    add_to_admin_menu = False
    list_display = [
        "name",
        "mentor",
        "issuer",
        "expires_on",
        StatusTagColumn("status_label", label=_("Status"), primary=lambda certificate: certificate.needs_attention),
    ]
    filterset_class = CertificateFilterSet
    search_backend_name = None
    search_fields = ["name", "issuer", "mentor__full_name"]
    ordering = ["expires_on"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Certificate.objects.select_related("mentor")


class KnowledgeAreaViewSet(SnippetViewSet):
    model = KnowledgeArea
    icon = "tag"
    menu_label = _("Knowledge areas")
    list_display = ["name", "slug"]
    search_backend_name = None
    search_fields = ["name"]


class HasRecordMenuItem(MenuItem):
    def is_shown(self, request):
        return Mentor.objects.filter(user_id=request.user.pk).exists()


class MyRecordViewSet(ViewSet):
    """A mentor's own record, read-only, with her private data (she may see it, not edit it)."""

    name = "mentors_me"
    url_prefix = "mentors/me"
    icon = "user"
    menu_label = _("My mentor record")

    @property
    def menu_item_class(self):
        return HasRecordMenuItem

    @property
    def menu_url(self):
        return reverse("mentors_me:record")

    def get_urlpatterns(self):
        return [path("", MyRecordView.as_view(), name="record")]


class OwnAvailabilityMenuItem(MenuItem):
    """For the mentor role; a manager sees it only when she has a record of her own."""

    def is_shown(self, request):
        user = request.user
        if not user.has_perm("mentors.change_own_availability"):
            return False
        return not user.has_perm("mentors.change_mentor") or Mentor.objects.filter(user_id=user.pk).exists()


class MyAvailabilityViewSet(ViewSet):
    """A mentor's own weekly slots and exceptions (and e-mail and phone), editable by her."""

    name = "mentors_availability"
    url_prefix = "mentors/availability"
    icon = "date"
    menu_label = _("My availability")

    @property
    def menu_item_class(self):
        return OwnAvailabilityMenuItem

    @property
    def menu_url(self):
        return reverse("mentors_availability:edit")

    def get_urlpatterns(self):
        return [path("", MyAvailabilityView.as_view(), name="edit")]


class MentorsGroup(ViewSetGroup):
    menu_label = _("Mentors")
    menu_icon = "group"
    menu_name = "mentors"
    menu_order = 230
    items = (MentorViewSet, CertificateViewSet, KnowledgeAreaViewSet, MyRecordViewSet, MyAvailabilityViewSet)


@hooks.register("register_admin_viewset")
def register_mentors():
    return MentorsGroup()


# Projects, groups and hours: their own menu (mentors/hours_admin.py registers it).
from . import hours_admin  # noqa: E402, F401


@hooks.register("register_log_actions")
def register_review_actions(actions):
    """Supervisors' reviews of mentors' hours, in Reports › Site history."""
    register_actions(
        actions,
        "mentors.hours",
        [
            (HoursEntry.Status.APPROVED, HoursEntry.Status.APPROVED.label),
            (HoursEntry.Status.REJECTED, HoursEntry.Status.REJECTED.label),
        ],
        _("Hours"),
    )


# --- Advisories (mentors/booking_admin.py) ---

from wagtail.admin.widgets import ListingButton  # noqa: E402

from .booking_admin import BookingViewSet, CalendarLinkView  # noqa: E402
from .models import is_manager  # noqa: E402


@hooks.register("register_admin_viewset")
def register_advisories():
    return BookingViewSet()


@hooks.register("register_admin_urls")
def advisory_admin_urls():
    return [path("mentors/calendar-link/<int:pk>/", CalendarLinkView.as_view(), name="mentors_calendar_link")]


@hooks.register("register_snippet_listing_buttons")
def calendar_link_button(snippet, user, next_url=None):
    if isinstance(snippet, Mentor) and is_manager(user):
        yield ListingButton(
            _("Renew calendar link"), reverse("mentors_calendar_link", args=[snippet.pk]), icon_name="date", priority=20
        )
