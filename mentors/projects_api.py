"""/api/v1/projects/ and /api/v1/hours/: projects with their groups, and the hours mentors log.

Projects: managers see and change every project; supervisors read theirs, mentors the ones they
are assigned to. Hours: a mentor logs her own (the mentor is always the caller, never taken from
the body) and changes them while pending or rejected outside a locked week; supervisors read
their projects' hours and approve or reject them; managers read and review all. Everything is
looked up through the caller's queryset, so another person's entry is a 404. The rules are
mentors/hours.py's: a broken rule is a 400 naming the field, a locked week a 409.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from portal.params import MAX_ID
from portal.throttling import ScopedWritesMixin

from . import hours as services
from .models import HoursEntry, Mentor, Project, ProjectGroup, is_manager, mentor_of
from .models.projects import MINUTES_PER_DAY, supervised_project_ids

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors, code."))
LOCKED = OpenApiResponse(
    description=_("The week is locked (it has approved hours), or the entry was already reviewed.")
)


def works_on_projects(user):
    """Managers, supervisors of a project, and mentors with a record: the people of projects and hours."""
    return is_manager(user) or mentor_of(user) is not None or bool(supervised_project_ids(user))


class WorksOnProjects(BasePermission):
    message = _("Only mentors, project supervisors and managers can use projects and hours.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and works_on_projects(request.user))


class ManagersWrite(WorksOnProjects):
    message = _("Only managers can create, change or delete projects and groups.")

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in ("GET", "HEAD", "OPTIONS") or is_manager(request.user)


# --- Projects ---


class GroupSerializer(serializers.ModelSerializer):
    mentors = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Mentor.objects.all(), help_text=_("Ids of the group's mentors.")
    )
    learners = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=get_user_model().objects.filter(is_active=True),
        help_text=_("Ids of the group's learners (user accounts)."),
    )

    class Meta:
        model = ProjectGroup
        fields = ["id", "name", "status", "mentors", "learners"]

    def validate_name(self, name):
        project = self.context["project"]
        if project.groups.filter(name=name).exists():
            raise serializers.ValidationError(_("This project already has a group with this name."))
        return name


class ProjectSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    groups = GroupSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "code",
            "description",
            "status",
            "status_label",
            "is_active",
            "starts_on",
            "ends_on",
            "supervisors",
            "groups",
        ]
        extra_kwargs = {
            "description": {"max_length": 5000},
            "supervisors": {"required": False, "help_text": _("Ids of the users who approve this project's hours.")},
        }

    def create(self, validated_data):
        return self._save(Project(), validated_data)

    def update(self, project, validated_data):
        return self._save(project, validated_data)

    def _save(self, project, validated_data):
        # Supervisors are a ParentalManyToManyField: set in memory, written by save().
        supervisors = validated_data.pop("supervisors", None)
        for name, value in validated_data.items():
            setattr(project, name, value)
        if supervisors is not None:
            project.supervisors.set(supervisors)
        project.save()
        return project

    def validate(self, data):
        starts = data.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = data.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
        return data


@extend_schema_view(
    list=extend_schema(summary="Projects: all for managers, a supervisor's own, a mentor's assigned ones"),
    retrieve=extend_schema(summary="One project with its groups", responses={200: ProjectSerializer, 404: ERROR}),
    create=extend_schema(summary="Add a project (managers)", responses={201: ProjectSerializer, 400: ERROR}),
    update=extend_schema(summary="Replace a project (managers)", responses={200: ProjectSerializer, 400: ERROR}),
    partial_update=extend_schema(summary="Change a project (managers)", responses={200: ProjectSerializer, 400: ERROR}),
    destroy=extend_schema(summary="Delete a project without hours (managers)", responses={204: None, 409: ERROR}),
)
class ProjectViewSet(viewsets.ModelViewSet):
    serializer_class = ProjectSerializer
    permission_classes = [IsAuthenticated, ManagersWrite]
    filter_backends = [OrderingFilter]
    ordering_fields = ["name", "code", "starts_on", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        return (
            Project.objects.visible_to(self.request.user)
            .prefetch_related("supervisors", "groups__mentors", "groups__learners")
            .order_by("name", "pk")
        )

    def perform_destroy(self, project):
        services.delete_project(project=project)

    @extend_schema(methods=["GET"], summary="The project's groups", responses=GroupSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        summary="Add a group to the project (managers)",
        request=GroupSerializer,
        responses={201: GroupSerializer, 400: ERROR},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def groups(self, request, pk=None):
        project = self.get_object()
        if request.method == "GET":
            return Response(GroupSerializer(project.groups.all(), many=True).data)
        serializer = GroupSerializer(data=request.data, context={"project": project, "request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            group = ProjectGroup(project=project, name=data["name"], status=data.get("status", "active"))
            group.mentors.set(data.get("mentors", []))
            group.learners.set(data.get("learners", []))
            group.save()
        return Response(GroupSerializer(group).data, status=status.HTTP_201_CREATED)


# --- Hours ---


class HoursSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    project_code = serializers.CharField(source="project.code", read_only=True)
    mentor_name = serializers.CharField(source="mentor.full_name", read_only=True)
    minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MINUTES_PER_DAY,
        help_text=_("The duration; leave it out when `starts_at` and `ends_at` are given."),
    )
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    week_locked = serializers.BooleanField(read_only=True, help_text=_("Its week has approved hours: no changes."))

    class Meta:
        model = HoursEntry
        fields = [
            "id",
            "mentor",
            "mentor_name",
            "project",
            "project_code",
            "date",
            "starts_at",
            "ends_at",
            "minutes",
            "hours",
            "description",
            "status",
            "status_label",
            "week_locked",
            "review_note",
            "reviewed_by",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["mentor", "status", "review_note", "reviewed_by", "reviewed_at", "created_at", "updated_at"]
        extra_kwargs = {"description": {"max_length": 2000}}


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text=_("Why: the mentor reads it and may correct the entry."))


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class HoursFilter(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", help_text=_("Project id."))
    mentor = IdFilter(field_name="mentor_id", help_text=_("Mentor id."))
    status = django_filters.ChoiceFilter(choices=HoursEntry.Status.choices)

    class Meta:
        model = HoursEntry
        fields = ["project", "mentor", "status"]


# "from" is a Python keyword: declared by name.
HoursFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="date", lookup_expr="gte", help_text=_("From this date (YYYY-MM-DD), inclusive.")
)
HoursFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="date", lookup_expr="lte", help_text=_("Until this date (YYYY-MM-DD), inclusive.")
)


@extend_schema_view(
    list=extend_schema(summary="Hours: a mentor's own, a supervisor's projects', all for managers"),
    retrieve=extend_schema(summary="One hours entry", responses={200: HoursSerializer, 404: ERROR}),
    create=extend_schema(
        summary="Log hours (mentors, for themselves)",
        responses={201: HoursSerializer, 400: ERROR, 409: LOCKED},
    ),
    update=extend_schema(
        summary="Replace an own pending or rejected entry",
        responses={200: HoursSerializer, 400: ERROR, 404: ERROR, 409: LOCKED},
    ),
    partial_update=extend_schema(
        summary="Change an own pending or rejected entry",
        responses={200: HoursSerializer, 400: ERROR, 404: ERROR, 409: LOCKED},
    ),
    destroy=extend_schema(
        summary="Delete an own pending or rejected entry", responses={204: None, 404: ERROR, 409: LOCKED}
    ),
)
class HoursViewSet(ScopedWritesMixin, viewsets.ModelViewSet):
    throttle_scope = "hours"
    serializer_class = HoursSerializer
    permission_classes = [IsAuthenticated, WorksOnProjects]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = HoursFilter
    ordering_fields = ["date", "minutes", "created_at", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HoursEntry.objects.none()
        return (
            HoursEntry.objects.visible_to(self.request.user)
            .with_week_lock()
            .select_related("mentor", "project")
            .order_by("-date", "-starts_at", "-pk")
        )

    def _reloaded(self, entry):
        return self.get_queryset().get(pk=entry.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.log_hours(
            by=request.user,
            project=data["project"],
            date=data["date"],
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            minutes=data.get("minutes"),
            description=data["description"],
        )
        return Response(self.get_serializer(self._reloaded(entry)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        entry = self.get_object()
        serializer = self.get_serializer(entry, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        entry = services.update_hours(entry=entry, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(self._reloaded(entry)).data)

    def destroy(self, request, *args, **kwargs):
        services.delete_hours(entry=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Approve a pending entry (the project's supervisors, managers)",
        request=None,
        responses={200: HoursSerializer, 403: ERROR, 404: ERROR, 409: LOCKED},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        entry = services.approve_hours(entry=self.get_object(), by=request.user)
        return Response(self.get_serializer(self._reloaded(entry)).data)

    @extend_schema(
        summary="Reject a pending entry with a note (the project's supervisors, managers)",
        request=RejectSerializer,
        responses={200: HoursSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: LOCKED},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        entry = self.get_object()
        params = RejectSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        entry = services.reject_hours(entry=entry, by=request.user, note=params.validated_data["note"])
        return Response(self.get_serializer(self._reloaded(entry)).data)


routes = [("projects", ProjectViewSet, "project"), ("hours", HoursViewSet, "hours")]
