"""The "Academic calendar" admin menu: terms, holidays and the weekly class schedules, by term.

Managers and editors keep it (accounts/roles.py): it is the content of a public page, like the
news, and a holiday also closes the advisory bookings on its days. The models' `clean` refuses
overlapping terms and dates in the wrong order, with the message shown on the form.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ClassSchedule, Holiday, Term


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "date"
    menu_label = _("Terms")
    list_display = ["name", "starts_on", "ends_on"]
    search_backend_name = None
    search_fields = ["name"]
    ordering = ["-starts_on"]
    inspect_view_enabled = False
    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])]


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "calendar-alt"
    menu_label = _("Holidays")
    list_display = ["name", "starts_on", "ends_on", "term"]
    list_filter = ["term"]
    search_backend_name = None
    search_fields = ["name"]
    ordering = ["-starts_on"]
    inspect_view_enabled = False
    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]), FieldPanel("term")]

    def get_queryset(self, request):
        return Holiday.objects.select_related("term")


class ClassScheduleViewSet(SnippetViewSet):
    model = ClassSchedule
    icon = "time"
    menu_label = _("Class schedules")
    list_display = [
        "title",
        "term",
        Column("get_weekday_display", label=_("day of the week"), sort_key="weekday"),
        "starts_at",
        "ends_at",
        "location",
    ]
    list_filter = ["term", "weekday"]
    search_backend_name = None
    search_fields = ["title", "location"]
    ordering = ["term__starts_on", "weekday", "starts_at"]
    inspect_view_enabled = False
    panels = [
        FieldPanel("term"),
        FieldPanel("title"),
        FieldPanel("weekday"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("location"),
    ]

    def get_queryset(self, request):
        return ClassSchedule.objects.select_related("term")


class AcademicCalendarGroup(ViewSetGroup):
    menu_label = _("Academic calendar")
    menu_icon = "date"
    menu_name = "academic_calendar"
    menu_order = 240
    items = (TermViewSet, HolidayViewSet, ClassScheduleViewSet)


@hooks.register("register_admin_viewset")
def register_academic_calendar():
    return AcademicCalendarGroup()
