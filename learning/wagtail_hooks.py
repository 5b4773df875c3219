"""The "Aprendizaje" admin menu: enrolments, assessments, certificates and their settings,
plus the gradebook, the score import and bulk issue (learning/admin_views.py)."""

from django import forms
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from courses.admin_views import RecordsPermissionPolicy, SafeExportIndexView
from courses.models import Session
from courses.services import is_course_staff

from . import admin_views
from .access import may_manage_certificates
from .models import Assessment, BulkIssue, Certificate, CertificatePolicy, Enrolment

register_permission_policy(Enrolment, RecordsPermissionPolicy(Enrolment))
register_permission_policy(Certificate, RecordsPermissionPolicy(Certificate))
register_permission_policy(BulkIssue, RecordsPermissionPolicy(BulkIssue))


def taught_session_ids(user):
    """Ids of the sessions `user` may grade, read once per request (listing buttons ask per row)."""
    if not hasattr(user, "_learning_taught_ids"):
        user._learning_taught_ids = set(taught_sessions(user).values_list("pk", flat=True))
    return user._learning_taught_ids


def taught_sessions(user):
    """Sessions an instructor may grade; course staff grade all."""
    sessions = Session.objects.select_related("course")
    if is_course_staff(user):
        return sessions
    return sessions.filter(Q(instructor=user) | Q(course__instructors=user)).distinct()


class AssessmentForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "session" in self.fields:
            self.fields["session"].queryset = taught_sessions(for_user).order_by("-starts_at")


class AssessmentPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not is_course_staff(user) and not taught_sessions(user).filter(pk=instance.session_id).exists():
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(Assessment, AssessmentPermissionPolicy(Assessment))


class EnrolmentIndexView(SafeExportIndexView):
    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if is_course_staff(self.request.user):
            buttons.append(HeaderButton(_("Enrol by hand"), reverse("learning_admin:enrol"), icon_name="plus"))
        return buttons


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")
    index_view_class = EnrolmentIndexView
    inspect_view_enabled = True
    list_display = ["member", "session", "status", "source", DateColumn("enrolled_at", label=_("Enrolled"))]
    list_filter = ["status", "source"]
    search_fields = ["member__first_name", "member__last_name", "member__email"]
    list_export = [
        "member.get_full_name",
        "member.email",
        "course.title",
        "session.local_starts_at",
        "get_status_display",
        "get_source_display",
        "enrolled_at",
    ]
    export_headings = {
        "member.get_full_name": _("Member"),
        "member.email": _("E-mail"),
        "course.title": _("Course"),
        "session.local_starts_at": _("Session starts"),
        "get_status_display": _("Status"),
        "get_source_display": _("Source"),
    }
    export_filename = "matriculas"

    def get_queryset(self, request):
        return Enrolment.objects.select_related("member", "session__course", "course")


class AssessmentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(session__in=taught_sessions(self.request.user))


class TaughtOnlyMixin:
    """An instructor opens only the assessments of sessions she teaches (others are a 404)."""

    def get_queryset(self):
        return super().get_queryset().filter(session__in=taught_sessions(self.request.user))


class AssessmentEditView(TaughtOnlyMixin, EditView):
    pass


class AssessmentDeleteView(TaughtOnlyMixin, DeleteView):
    pass


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    icon = "tasks"
    menu_label = _("Assessments")
    index_view_class = AssessmentIndexView
    edit_view_class = AssessmentEditView
    delete_view_class = AssessmentDeleteView
    list_display = ["name", "session", "weight", "maximum", "passing_score"]
    search_fields = ["name", "session__course__title"]
    edit_handler = ObjectList(
        [
            # A plain list of the sessions she teaches, not the chooser of every session.
            FieldPanel("session", widget=forms.Select),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("weight"), FieldPanel("maximum"), FieldPanel("passing_score")]),
            FieldPanel("position"),
        ],
        base_form_class=AssessmentForm,
    )

    def get_queryset(self, request):
        return Assessment.objects.select_related("session__course")


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    index_view_class = SafeExportIndexView
    inspect_view_enabled = True
    list_display = [
        "code",
        "holder_name",
        "course_title",
        "status",
        Column("issued_on", label=_("Date of issue"), sort_key="issued_on"),
        Column("expires_on", label=_("Expires"), sort_key="expires_on"),
    ]
    list_filter = ["status", "issued_on"]
    search_fields = ["code", "holder_name", "course_title", "member__email"]
    list_export = [
        "code",
        "holder_name",
        "member.email",
        "course_title",
        "hours",
        "grade",
        "get_status_display",
        "issued_on",
        "expires_on",
        "revoked_at",
        "revoke_reason",
    ]
    export_headings = {"member.email": _("E-mail"), "get_status_display": _("Status")}
    export_filename = "certificados"

    def get_queryset(self, request):
        return Certificate.objects.select_related("member")


class CertificatePolicyViewSet(SnippetViewSet):
    model = CertificatePolicy
    icon = "cog"
    menu_label = _("Certificate settings")
    list_display = ["course", "validity_months", "signatory_name"]
    panels = [
        FieldPanel("course"),
        FieldPanel("validity_months"),
        FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
        FieldPanel("signature"),
    ]


class BulkIssueViewSet(SnippetViewSet):
    model = BulkIssue
    icon = "list-ul"
    menu_label = _("Bulk issues")
    list_display = [
        "session",
        "status",
        "processed",
        "total",
        "issued",
        "skipped",
        DateColumn("created_at", label=_("Requested")),
    ]


class LearningGroup(SnippetViewSetGroup):
    menu_label = _("Learning")
    menu_icon = "bars"
    menu_name = "learning"
    menu_order = 220
    items = (EnrolmentViewSet, AssessmentViewSet, CertificateViewSet, CertificatePolicyViewSet, BulkIssueViewSet)


register_snippet(LearningGroup)


@hooks.register("register_admin_urls")
def learning_admin_urls():
    urls = [
        path("gradebook/<id:session_id>/", admin_views.gradebook, name="gradebook"),
        path("gradebook/<id:session_id>/workbook/", admin_views.score_template, name="score_template"),
        path("gradebook/<id:session_id>/import/", admin_views.import_scores, name="import_scores"),
        path("sessions/<id:session_id>/certificates/", admin_views.bulk_issue, name="bulk_issue"),
        path("bulk-issues/<id:job_id>/", admin_views.bulk_progress, name="bulk_progress"),
        path("enrol/", admin_views.enrol, name="enrol"),
        path("enrolments/<id:enrolment_id>/end/", admin_views.end_enrolment, name="end_enrolment"),
        path("enrolments/<id:enrolment_id>/certificate/", admin_views.issue_for_enrolment, name="issue_certificate"),
        path("certificates/<id:pk>/reissue/", admin_views.reissue, name="reissue"),
        path("certificates/<id:pk>/revoke/", admin_views.revoke, name="revoke"),
    ]
    return [path("learning/", include((urls, "learning_admin"), namespace="learning_admin"))]


@hooks.register("register_snippet_listing_buttons")
def learning_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Session) and snippet.pk in taught_session_ids(user):
        yield ListingButton(
            _("Gradebook"), reverse("learning_admin:gradebook", args=[snippet.pk]), icon_name="table", priority=20
        )
    if isinstance(snippet, Assessment) and snippet.session_id in taught_session_ids(user):
        # Instructors reach their gradebooks from here: they do not see the sessions listing.
        url = reverse("learning_admin:gradebook", args=[snippet.session_id])
        yield ListingButton(_("Gradebook"), url, icon_name="table", priority=20)
    if isinstance(snippet, Session) and may_manage_certificates(user):
        yield ListingButton(
            _("Issue certificates"),
            reverse("learning_admin:bulk_issue", args=[snippet.pk]),
            icon_name="doc-full",
            priority=21,
        )
    if isinstance(snippet, Certificate) and may_manage_certificates(user):
        if snippet.has_pdf:
            yield ListingButton(_("Download"), snippet.get_download_url(), icon_name="download", priority=10)
        if not snippet.is_revoked:
            yield ListingButton(
                _("Re-issue"), reverse("learning_admin:reissue", args=[snippet.pk]), icon_name="repeat", priority=11
            )
            yield ListingButton(
                _("Revoke"), reverse("learning_admin:revoke", args=[snippet.pk]), icon_name="warning", priority=12
            )
    if isinstance(snippet, Enrolment) and snippet.is_active and may_manage_certificates(user):
        yield ListingButton(
            _("Issue certificate"),
            reverse("learning_admin:issue_certificate", args=[snippet.pk]),
            icon_name="doc-full",
            priority=10,
        )
        yield ListingButton(
            _("End enrolment"),
            reverse("learning_admin:end_enrolment", args=[snippet.pk]),
            icon_name="cross",
            priority=11,
        )
