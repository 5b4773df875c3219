"""The portal's own admin screens.

The outbox: managers see every e-mail and give failed ones another go. Read-only on purpose:
rows are written by the outbox backend, and the message body (which may hold a password-reset
link) is never shown, only who it went to and what happened.

The metrics dashboard (portal/admin_views.py): a menu item and a panel on the admin's home page,
both only for people who may see the figures.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import MetricsPanel, metrics_dashboard
from .mail import retry_failed_emails
from .metrics import may_view_metrics
from .models import OutboundEmail


class OutboundEmailPolicy(ModelPermissionPolicy):
    """Viewing needs portal.view_outboundemail; "retry" needs portal.change_outboundemail; nothing else."""

    def user_has_permission(self, user, action):
        if action == "retry":
            return super().user_has_permission(user, "change")
        if action == "view":
            return super().user_has_permission(user, "view")
        return False


register_permission_policy(OutboundEmail, OutboundEmailPolicy(OutboundEmail))


class OutboundEmailIndexView(generic.IndexView):
    retry_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == OutboundEmail.Status.FAILED and self.permission_policy.user_has_permission(
            self.request.user, "retry"
        ):
            url = reverse(self.retry_url_name, args=[instance.pk])
            buttons.append(MenuItem(_("Retry"), url=url, icon_name="resubmit", priority=15))
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "retry"):
            url = reverse(self.retry_url_name)
            buttons.append(HeaderButton(_("Retry all failed"), url=url, icon_name="resubmit"))
        return buttons


class RetryView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks for confirmation; POST gives the failed e-mail(s) a fresh set of attempts."""

    template_name = "portal/admin/outbound_email_retry.html"
    page_title = _("Retry failed e-mails")
    header_icon = "mail"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not OutboundEmailPolicy(OutboundEmail).user_has_permission(request.user, "retry"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_emails(self):
        failed = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED)
        if "pk" in self.kwargs:
            return [get_object_or_404(failed, pk=self.kwargs["pk"])]
        return list(failed.order_by("created_at"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(emails=self.get_emails(), index_url=reverse(self.index_url_name), **kwargs)

    def post(self, request, *args, **kwargs):
        count = retry_failed_emails(self.get_emails())
        messages.success(
            request,
            ngettext("%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.", count)
            % {"count": count},
        )
        return redirect(self.index_url_name)


class OutboundEmailViewSet(ModelViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    add_to_settings_menu = True
    index_view_class = OutboundEmailIndexView
    list_display = [
        "subject",
        "recipients",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "attempts",
        DateColumn("created_at", label=_("Created")),
        DateColumn("next_attempt_at", label=_("Next attempt")),
    ]
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    copy_view_enabled = False
    ordering = ["-created_at"]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete, history or usage views: the buttons for them are never built.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    @property
    def retry_view(self):
        return RetryView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/", self.retry_view, name="retry"),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]


@hooks.register("register_admin_viewset")
def register_outbound_email_viewset():
    return OutboundEmailViewSet("outbound_emails")


class MetricsMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return may_view_metrics(request.user)


@hooks.register("register_admin_urls")
def metrics_admin_urls():
    return [path("metrics/", metrics_dashboard, name="portal_metrics")]


@hooks.register("register_admin_menu_item")
def metrics_menu_item():
    return MetricsMenuItem(_("Metrics"), reverse("portal_metrics"), name="metrics", icon_name="table", order=250)


@hooks.register("construct_homepage_panels")
def metrics_home_panel(request, panels):
    if may_view_metrics(request.user):
        panels.append(MetricsPanel())
