"""The "Service desk" admin menu: tickets (queues listing), import, queues and categories."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.audit import register_actions

from . import admin_views
from .access import is_agent
from .models import Category, Queue, Ticket, TicketEvent

register_permission_policy(Ticket, admin_views.TicketPermissionPolicy(Ticket))


class TicketViewSet(SnippetViewSet):
    model = Ticket
    icon = "help"
    menu_label = _("Tickets")
    index_view_class = admin_views.TicketIndexView
    list_display = admin_views.TICKET_COLUMNS
    filterset_class = admin_views.TicketFilterSet
    # Tickets stay out of the shared search index (personal data, and never in the public search):
    # the listing searches the database directly.
    search_backend_name = None
    search_fields = ["reference", "external_reference", "title", "requester__email", "requester__last_name"]
    list_export = [column.key for column in admin_views.exports.COLUMNS]
    export_filename = "tickets"
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Ticket.objects.visible_to(request.user).select_related("assignee", "queue", "requester")


class QueueViewSet(SnippetViewSet):
    model = Queue
    icon = "list-ul"
    menu_label = _("Queues")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("agents")]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug", "default_queue"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("default_queue")]


class AgentMenuItem(MenuItem):
    def is_shown(self, request):
        return is_agent(request.user)


class HelpdeskAdminViewSet(ViewSet):
    """Screens that are not a model listing: a ticket's work screen and the import."""

    name = "helpdesk_admin"
    url_prefix = "helpdesk"
    icon = "upload"
    menu_label = _("Import tickets")

    @property
    def menu_item_class(self):
        return AgentMenuItem

    @property
    def menu_url(self):
        return reverse("helpdesk_admin:import")

    def get_urlpatterns(self):
        return [
            path("import/", admin_views.ImportStartView.as_view(), name="import"),
            path("import/template.xlsx", admin_views.import_template, name="import_template"),
            path("import/<int:pk>/", admin_views.ImportJobView.as_view(), name="import_job"),
            path("import/<int:pk>/report.csv", admin_views.import_report, name="import_report"),
            path("tickets/<int:pk>/", admin_views.TicketWorkView.as_view(), name="ticket"),
        ]


class HelpdeskGroup(ViewSetGroup):
    menu_label = _("Service desk")
    menu_icon = "help"
    menu_name = "helpdesk"
    menu_order = 220
    items = (TicketViewSet, HelpdeskAdminViewSet, QueueViewSet, CategoryViewSet)


@hooks.register("register_admin_viewset")
def register_helpdesk():
    return HelpdeskGroup()


for action in admin_views.BULK_ACTIONS:
    hooks.register("register_bulk_action", action)


@hooks.register("register_log_actions")
def register_agent_actions(actions):
    """What agents do to members' tickets, in Reports › Site history."""
    register_actions(actions, "helpdesk.ticket", TicketEvent.Kind.choices, _("Ticket"))
