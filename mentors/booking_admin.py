"""Advisories in the admin: a read-only list (managers see all, a mentor her own) and the calendar link page.

Bookings change only through the services (locks, e-mails, orders), so the admin neither adds
nor edits them. A mentor's calendar link is shown to her and to managers, who can renew it.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from .bookings import renew_feed_token
from .dashboard import feed_url
from .models import Booking, Mentor, is_manager


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing follows the model permissions; adding, editing and deleting are for the services only."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Booking, ReadOnlyPolicy(Booking))


class BookingFilterSet(WagtailFilterSet):
    starts_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    mentor = django_filters.ModelChoiceFilter(queryset=Mentor.objects.all(), label=_("Mentor"))

    class Meta:
        model = Booking
        fields = ["mentor", "status", "starts_at"]


def visible_bookings(user):
    bookings = Booking.objects.select_related("mentor", "member")
    return bookings if is_manager(user) else bookings.filter(mentor__user=user)


class BookingIndexView(IndexView):
    def get_base_queryset(self):
        return visible_bookings(self.request.user)


class BookingViewSet(ModelViewSet):
    model = Booking
    icon = "date"
    menu_label = _("Advisories")
    name = "advisories"
    add_to_admin_menu = True
    menu_order = 231
    list_display = [
        Column("starts_at", label=_("When"), sort_key="starts_at"),
        "mentor",
        Column("member_name", label=_("Member")),
        "topic",
        StatusTagColumn("get_status_display", label=_("Status"), primary=lambda booking: booking.is_confirmed),
    ]
    list_filter = None
    filterset_class = BookingFilterSet
    search_fields = ["topic", "mentor__full_name", "member__first_name", "member__last_name"]
    search_backend_name = None
    ordering = ["-starts_at"]
    index_view_class = BookingIndexView
    # Required by ModelViewSet; the policy refuses adding and editing anyway.
    form_fields = ["topic"]
    copy_view_enabled = False
    inspect_view_enabled = False


class CalendarLinkView(WagtailAdminTemplateMixin, TemplateView):
    """A mentor's private calendar address, with the button that replaces it."""

    template_name = "mentors/admin/calendar_link.html"
    page_title = _("Calendar link")
    header_icon = "date"

    def dispatch(self, request, pk):
        self.mentor = get_object_or_404(Mentor, pk=pk)
        if not (is_manager(request.user) or self.mentor.user_id == request.user.pk):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.mentor.full_name

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "mentor": self.mentor, "feed_url": feed_url(self.mentor)}

    def post(self, request, pk):
        renew_feed_token(mentor=self.mentor, by=request.user)
        messages.success(
            request,
            _("New calendar link for %(name)s. The previous one no longer works.") % {"name": self.mentor.full_name},
        )
        return redirect(reverse("mentors_calendar_link", args=[self.mentor.pk]))
