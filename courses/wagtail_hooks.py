"""The "Cursos" admin menu: sessions, reservations, orders, companies and categories."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.errors import DomainError

from . import services
from .admin_views import (
    BULK_ACTIONS,
    LocalTimeColumn,
    OrderFilterSet,
    OrderIndexView,
    OrderInspectView,
    RecordsPermissionPolicy,
    ReservationFilterSet,
    SafeExportIndexView,
    SessionAdminForm,
    SessionPermissionPolicy,
    confirm_transfer_url,
    provider_column_value,
)
from .models import Company, CourseCategory, Order, OrderLine, Reservation, Session

register_permission_policy(Reservation, RecordsPermissionPolicy(Reservation))
register_permission_policy(Order, RecordsPermissionPolicy(Order))
register_permission_policy(Session, SessionPermissionPolicy(Session))


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    index_view_class = SafeExportIndexView
    list_display = [
        "course",
        LocalTimeColumn("starts_at", label=_("Starts"), sort_key="starts_at", zone="timezone", relative=False),
        "modality",
        "capacity",
        Column("seats_left", label=_("Seats left")),
        Column("waiting_list_length", label=_("Waiting")),
        "status",
    ]
    list_filter = ["status", "modality", "starts_at"]
    search_fields = ["course__title", "place"]
    ordering = ["-starts_at"]
    list_export = [
        "course.title",
        "local_starts_at",
        "local_ends_at",
        "timezone",
        "get_modality_display",
        "place",
        "capacity",
        "seats_taken",
        "waiting_list_length",
        "get_status_display",
    ]
    export_headings = {
        "course.title": _("Course"),
        "local_starts_at": _("Starts"),
        "local_ends_at": _("Ends"),
        "get_modality_display": _("Modality"),
        "seats_taken": _("Seats taken"),
        "waiting_list_length": _("Waiting list"),
        "get_status_display": _("Status"),
    }
    export_filename = "sesiones"
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldPanel("timezone"),
                    FieldPanel("reservation_deadline"),
                ],
                heading=_("When"),
            ),
            MultiFieldPanel(
                [FieldPanel("modality"), FieldPanel("place"), FieldPanel("meeting_url")], heading=_("Where")
            ),
            FieldPanel("capacity"),
            FieldPanel("instructor"),
            FieldPanel("status"),
        ],
        base_form_class=SessionAdminForm,
    )

    def get_queryset(self, request):
        return Session.objects.with_seats().select_related("course")


class ReservationViewSet(SnippetViewSet):
    model = Reservation
    icon = "tick-inverse"
    menu_label = _("Reservations")
    index_view_class = SafeExportIndexView
    inspect_view_enabled = True
    list_display = ["member", "session", "status", "company", DateColumn("created_at", label=_("Created"))]
    filterset_class = ReservationFilterSet
    search_fields = ["member__first_name", "member__last_name", "member__email"]
    list_export = [
        "member.get_full_name",
        "member.email",
        "session.course.title",
        "session.local_starts_at",
        "get_status_display",
        "company.name",
        "reserved_by.email",
        "created_at",
        "cancelled_at",
        "session.timezone",
    ]
    export_headings = {
        "member.get_full_name": _("Member"),
        "member.email": _("E-mail"),
        "session.course.title": _("Course"),
        "session.local_starts_at": _("Session starts"),
        "session.timezone": _("Time zone"),
        "get_status_display": _("Status"),
        "company.name": _("Company"),
        "reserved_by.email": _("Reserved by"),
        "created_at": _("Created"),
        "cancelled_at": _("Cancelled"),
    }
    export_filename = "reservas"

    def get_queryset(self, request):
        return Reservation.objects.select_related("member", "session__course", "company", "reserved_by")


class OrderViewSet(SnippetViewSet):
    model = Order
    icon = "form"
    menu_label = _("Orders")
    index_view_class = OrderIndexView
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    inspect_view_fields = [
        "reference",
        "member",
        "summary",
        "status",
        "total",
        "provider",
        "provider_reference",
        "created_at",
        "expires_at",
        "paid_at",
        "cancelled_at",
        "cancel_reason",
        "refunded_at",
        "reminder_sent_at",
    ]
    list_display = [
        "reference",
        "member",
        Column("summary", label=_("For")),
        "status",
        Column("total_display", label=_("Total"), sort_key="total"),
        Column("provider", label=_("Payment method"), accessor=provider_column_value, sort_key="provider"),
        LocalTimeColumn("expires_at", label=_("Held until"), sort_key="expires_at"),
    ]
    filterset_class = OrderFilterSet
    search_fields = ["reference", "provider_reference", "member__email", "member__last_name"]
    list_export = [
        "reference",
        "member.get_full_name",
        "member.email",
        "summary",
        "get_status_display",
        "total_display",
        "provider",
        "provider_reference",
        "created_at",
        "expires_at",
        "paid_at",
    ]
    export_headings = {
        "member.get_full_name": _("Buyer"),
        "member.email": _("E-mail"),
        "summary": _("For"),
        "get_status_display": _("Status"),
        "total_display": _("Total"),
        "provider": _("Payment method"),
    }
    export_filename = "pedidos"

    def get_queryset(self, request):
        lines = Prefetch("lines", queryset=OrderLine.objects.select_related("session__course"))
        return Order.objects.select_related("member").prefetch_related(lines)


class CompanyViewSet(SnippetViewSet):
    model = Company
    icon = "group"
    menu_label = _("Companies")
    list_display = ["name", "tax_id"]
    search_fields = ["name", "tax_id"]
    panels = [FieldPanel("name"), FieldPanel("tax_id"), FieldPanel("managers"), FieldPanel("members")]


class CourseCategoryViewSet(SnippetViewSet):
    model = CourseCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]


class CoursesGroup(SnippetViewSetGroup):
    menu_label = _("Cursos")
    menu_icon = "calendar-alt"
    menu_name = "courses"
    menu_order = 210
    items = (SessionViewSet, ReservationViewSet, OrderViewSet, CompanyViewSet, CourseCategoryViewSet)


register_snippet(CoursesGroup)

for action in BULK_ACTIONS:
    hooks.register("register_bulk_action", action)


@hooks.register("after_edit_snippet")
def apply_session_changes(request, instance):
    """A cancelled session cancels its places; more capacity promotes the waiting list."""
    if not isinstance(instance, Session):
        return
    try:
        if instance.status == Session.Status.CANCELLED:
            services.cancel_session(session=instance, by=request.user)
        else:
            services.promote_waiting_list(session=instance, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)


@hooks.register("register_snippet_listing_buttons")
def confirm_transfer_button(snippet, user, next_url=None):
    if isinstance(snippet, Order) and snippet.may_confirm_payment(user):
        yield ListingButton(
            _("Confirm bank transfer"), confirm_transfer_url(snippet, next_url or ""), icon_name="tick", priority=10
        )
