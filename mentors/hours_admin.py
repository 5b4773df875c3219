"""The "Projects and hours" admin menu: projects with their groups (managers) and hours.

A mentor sees and logs her own hours (the project list offers only the active projects she is
assigned to), and changes or deletes them while pending or rejected outside a locked week.
Supervisors see their projects' hours, approve or reject them one by one or approve a mentor's
whole week; managers see and review everything. Every write goes through mentors/hours.py.
"""

from decimal import Decimal

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusTagColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from courses.admin_views import SafeExportIndexView

from . import hours as services
from .models import HoursEntry, Mentor, Project, is_manager, mentor_of, week_bounds
from .models.projects import supervised_project_ids


class HoursPermissionPolicy(ModelPermissionPolicy):
    """Mentors change their own entries; supervisors and managers see (and review) their projects'."""

    def user_has_permission(self, user, action):
        if action == "view":
            return (
                is_manager(user)
                or bool(supervised_project_ids(user))
                or (super().user_has_permission(user, action) and mentor_of(user) is not None)
            )
        if action in ("add", "change", "delete"):
            return super().user_has_permission(user, action) and mentor_of(user) is not None
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete"):
            mentor = mentor_of(user)
            return (
                self.user_has_permission(user, action)
                and mentor is not None
                and instance.mentor_id == mentor.pk
                and instance.status != HoursEntry.Status.APPROVED
                and not instance.is_locked
            )
        if action == "view":
            return HoursEntry.objects.visible_to(user).filter(pk=instance.pk).exists()
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(HoursEntry, HoursPermissionPolicy(HoursEntry))


# --- Hours: the form a mentor fills in ---


class HoursEntryForm(WagtailAdminModelForm):
    duration = forms.DecimalField(
        label=_("Duration (hours)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("24"),
        decimal_places=2,
        help_text=_("Give either the start and end times or the duration, e.g. 1.5 for an hour and a half."),
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.mentor = mentor_of(for_user)
        if "project" in self.fields:
            projects = Project.objects.assigned_to(self.mentor).active() if self.mentor else Project.objects.none()
            if self.instance.pk:
                projects = projects | Project.objects.filter(pk=self.instance.project_id)
            self.fields["project"].queryset = projects.distinct().order_by("name")
            self.fields["project"].widget = forms.Select(choices=self.fields["project"].choices)
        if self.instance.pk and not self.instance.has_range:
            self.initial["duration"] = self.instance.hours
        self.minutes = None

    def clean(self):
        cleaned = super().clean()
        if self.mentor is None or self.errors:
            return cleaned
        duration = cleaned.get("duration")
        minutes = int((duration * 60).to_integral_value()) if duration is not None else None
        try:
            self.minutes = services.check_entry(
                mentor=self.mentor,
                project=cleaned["project"],
                date=cleaned["date"],
                starts_at=cleaned.get("starts_at"),
                ends_at=cleaned.get("ends_at"),
                minutes=minutes,
                entry=self.instance if self.instance.pk else None,
            )
        except services.HoursError as exc:
            self.add_error(self.field_for(exc), exc.message)
        return cleaned

    def field_for(self, exc):
        field = "duration" if exc.field == "minutes" else exc.field
        return field if field in self.fields else None

    def changes(self):
        data = self.cleaned_data
        values = {name: data.get(name) for name in ("project", "date", "starts_at", "ends_at", "description")}
        return {**values, "minutes": self.minutes}


HOURS_PANELS = ObjectList(
    [
        FieldPanel("project"),
        FieldPanel("date"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("duration")]),
        FieldPanel("description"),
    ],
    base_form_class=HoursEntryForm,
)


class RefusalMixin:
    """A rule broken between the form's check and the write (another entry saved meanwhile) shows on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.HoursError as exc:
            form.add_error(form.field_for(exc), exc.message)
            return self.form_invalid(form)


class HoursCreateView(RefusalMixin, CreateView):
    def save_instance(self):
        values = self.form.changes()
        return services.log_hours(by=self.request.user, **values)


class OwnEntriesMixin:
    """A mentor opens only her own entries (anyone else's is a 404), and only while she may change them."""

    def get_queryset(self):
        return HoursEntry.objects.filter(mentor__user_id=self.request.user.pk).select_related("mentor", "project")

    def dispatch(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        if entry.status == HoursEntry.Status.APPROVED:
            messages.error(request, services.HoursError("not_editable").message)
            return redirect(reverse("mentors_hours:index"))
        if entry.is_locked:
            monday = services.format_day(week_bounds(entry.date)[0])
            messages.error(request, services.HoursError("week_locked", monday=monday).message)
            return redirect(reverse("mentors_hours:index"))
        return super().dispatch(request, *args, **kwargs)


class HoursEditView(OwnEntriesMixin, RefusalMixin, EditView):
    def get(self, request, *args, **kwargs):
        if self.object.status == HoursEntry.Status.REJECTED and self.object.review_note:
            messages.warning(
                request,
                _("Rejected: %(note)s Correct the entry and save it to send it for review again.")
                % {"note": self.object.review_note},
            )
        return super().get(request, *args, **kwargs)

    def save_instance(self):
        return services.update_hours(entry=self.object, by=self.request.user, **self.form.changes())


class HoursDeleteView(OwnEntriesMixin, DeleteView):
    def delete_action(self):
        services.delete_hours(entry=self.object, by=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.HoursError as exc:
            messages.error(self.request, exc.message)
            return redirect(reverse("mentors_hours:index"))


# --- Hours: the listing, with its review actions and exports ---


class HoursFilterSet(WagtailFilterSet):
    mentor = django_filters.ModelChoiceFilter(label=_("Mentor"), queryset=Mentor.objects.none())
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=Project.objects.none())
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = HoursEntry
        fields = ["mentor", "project", "status", "date"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        # Only the people and projects this user's entries involve: a mentor sees no other mentor's name.
        visible = HoursEntry.objects.visible_to(user)
        self.filters["mentor"].queryset = Mentor.objects.filter(pk__in=visible.values("mentor_id"))
        self.filters["project"].queryset = Project.objects.filter(pk__in=visible.values("project_id"))


def review_url(name, entry):
    return reverse(f"mentors_hours:{name}", args=(quote(entry.pk),))


class HoursIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return HoursEntry.objects.visible_to(self.request.user).with_week_lock().select_related("mentor", "project")

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", instance):
            return super().get_delete_url(instance)
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == HoursEntry.Status.PENDING and services.may_review(self.request.user, instance):
            buttons += [
                MenuItem(_("Approve"), url=review_url("approve", instance), icon_name="check", priority=40),
                MenuItem(_("Reject"), url=review_url("reject", instance), icon_name="cross", priority=41),
                MenuItem(
                    _("Approve the week"), url=review_url("approve_week", instance), icon_name="date", priority=42
                ),
            ]
        return buttons


def time_range(entry):
    if not entry.has_range:
        return "—"
    return f"{entry.starts_at:%H:%M}–{entry.ends_at:%H:%M}"


class HoursViewSet(ModelViewSet):
    model = HoursEntry
    name = "mentors_hours"
    url_prefix = "mentors/hours"
    icon = "time"
    menu_label = _("Hours")
    add_to_admin_menu = False
    index_view_class = HoursIndexView
    add_view_class = HoursCreateView
    edit_view_class = HoursEditView
    delete_view_class = HoursDeleteView
    edit_handler = HOURS_PANELS
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "mentor",
        "project",
        "date",
        "starts_at",
        "ends_at",
        "minutes",
        "description",
        "status",
        "reviewed_by",
        "reviewed_at",
        "review_note",
    ]
    list_display = [
        "date",
        "mentor",
        "project",
        Column("time_range", label=_("From–until"), accessor=time_range),
        Column("hours", label=_("Hours"), sort_key="minutes"),
        Column("summary", label=_("Description")),
        StatusTagColumn(
            "get_status_display", label=_("Status"), sort_key="status", primary=lambda entry: entry.is_reviewable
        ),
        BooleanColumn("is_locked", label=_("Week locked")),
    ]
    filterset_class = HoursFilterSet
    search_fields = ["description", "mentor__full_name", "project__name", "project__code"]
    search_backend_name = None
    ordering = ["-date", "-starts_at", "-pk"]
    list_export = [
        "date",
        "mentor.full_name",
        "project.code",
        "project.name",
        "starts_at",
        "ends_at",
        "hours",
        "description",
        "get_status_display",
        "reviewed_by.email",
        "review_note",
    ]
    export_headings = {
        "date": _("Date"),
        "mentor.full_name": _("Mentor"),
        "project.code": _("Project code"),
        "project.name": _("Project"),
        "starts_at": _("From"),
        "ends_at": _("Until"),
        "hours": _("Hours"),
        "description": _("Description"),
        "get_status_display": _("Status"),
        "reviewed_by.email": _("Reviewed by"),
        "review_note": _("Review note"),
    }
    export_filename = "horas"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", ReviewView.as_view(action="approve"), name="approve"),
            path("reject/<int:pk>/", ReviewView.as_view(action="reject"), name="reject"),
            path("approve-week/<int:pk>/", ReviewView.as_view(action="approve_week"), name="approve_week"),
        ]


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Why are you rejecting these hours?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The mentor reads this note and may correct the entry and send it again."),
    )


class ReviewView(WagtailAdminTemplateMixin, FormView):
    """Approve or reject one entry, or approve a mentor's whole week, after a confirmation page."""

    action = None
    template_name = "mentors/admin/review_hours.html"
    form_class = ReviewForm
    header_icon = "time"
    titles = {
        "approve": _("Approve these hours"),
        "reject": _("Reject these hours"),
        "approve_week": _("Approve the week"),
    }

    def dispatch(self, request, *args, **kwargs):
        queryset = HoursEntry.objects.visible_to(request.user).select_related("mentor", "project")
        self.entry = get_object_or_404(queryset, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.titles[self.action]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        monday, sunday = week_bounds(self.entry.date)
        context.update(entry=self.entry, action=self.action, monday=monday, sunday=sunday)
        if self.action == "approve_week":
            week = HoursEntry.objects.for_mentor(self.entry.mentor).in_week(self.entry.date)
            week = week.filter(status=HoursEntry.Status.PENDING).select_related("project")
            if not is_manager(self.request.user):
                week = week.filter(project__supervisors=self.request.user)
            context["week_entries"] = week.order_by("date", "starts_at", "pk")
        return context

    def form_valid(self, form):
        user = self.request.user
        try:
            if self.action == "approve":
                services.approve_hours(entry=self.entry, by=user)
                messages.success(self.request, _("Hours approved; their week is now locked for the mentor."))
            elif self.action == "reject":
                services.reject_hours(entry=self.entry, by=user, note=form.cleaned_data["note"])
                messages.success(self.request, _("Hours rejected; the mentor will see your note."))
            else:
                count = services.approve_week(mentor=self.entry.mentor, day=self.entry.date, by=user)
                messages.success(
                    self.request, _("%(count)s entries approved; the week is now locked.") % {"count": count}
                )
        except services.HoursError as exc:
            if exc.field == "review_note":
                form.add_error("note", exc.message)
                return self.form_invalid(form)
            messages.error(self.request, exc.message)
        return redirect(reverse("mentors_hours:index"))


# --- Projects (managers) ---


class ProjectFilterSet(WagtailFilterSet):
    class Meta:
        model = Project
        fields = ["status"]


class ProjectDeleteView(DeleteView):
    """A project with hours is kept (finished, not deleted): the reason instead of a server error."""

    def delete_action(self):
        services.delete_project(project=self.object)

    def form_valid(self, form):
        # Checked before Wagtail's own usage check, which answers "permission denied" for a protected object.
        try:
            if self.object.hours.exists():
                raise services.HoursError("project_has_hours", project=self.object.name)
            return super().form_valid(form)
        except services.HoursError as exc:
            messages.error(self.request, exc.message)
            return redirect(reverse("mentors_projects:index"))


class ProjectIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return Project.objects.annotate(group_count=Count("groups"))


class ProjectViewSet(ModelViewSet):
    model = Project
    name = "mentors_projects"
    url_prefix = "mentors/projects"
    index_view_class = ProjectIndexView
    icon = "folder-open-inverse"
    menu_label = _("Projects")
    add_to_admin_menu = False
    delete_view_class = ProjectDeleteView
    copy_view_enabled = False
    list_display = [
        "name",
        "code",
        StatusTagColumn("get_status_display", label=_("Status"), sort_key="status"),
        "starts_on",
        "ends_on",
        Column("group_count", label=_("Groups")),
    ]
    filterset_class = ProjectFilterSet
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("status"), FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("supervisors", widget=forms.CheckboxSelectMultiple),
            InlinePanel(
                "groups",
                heading=_("Groups"),
                label=_("Group"),
                panels=[
                    FieldRowPanel([FieldPanel("name"), FieldPanel("status")]),
                    FieldPanel("mentors", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("learners"),
                ],
            ),
        ]
    )


class ProjectsGroup(ViewSetGroup):
    menu_label = _("Projects and hours")
    menu_icon = "time"
    menu_name = "projects"
    menu_order = 235
    items = (ProjectViewSet, HoursViewSet)


@hooks.register("register_admin_viewset")
def register_projects():
    return ProjectsGroup()
