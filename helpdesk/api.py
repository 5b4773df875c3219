"""/api/v1/tickets/: a member's own tickets; agents see their queues (and supervisors everything).

Same permissions as the site and the admin: every ticket is looked up through
`Ticket.objects.visible_to(request.user)` by its reference, comments through their ticket. Internal
notes reach staff only. Serializers check shape; the services decide.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from portal.params import BooleanFilter, SlugFilter

from . import services
from .models import Attachment, Category, Comment, Ticket

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors, code."))
REFERENCE_REGEX = r"SD-[0-9]{4}-[0-9]{6,12}"


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, person) -> str:
        return person.get_full_name() or person.email


class TicketSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), required=False, allow_null=True
    )
    queue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    requester = PersonSerializer(read_only=True)
    assignee = PersonSerializer(read_only=True, allow_null=True)
    merged_into = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    tags = serializers.SerializerMethodField()
    sla_state = serializers.CharField(read_only=True)
    allowed_transitions = serializers.SerializerMethodField()
    may_reply = serializers.SerializerMethodField()
    may_reopen = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "reference",
            "kind",
            "title",
            "description",
            "category",
            "priority",
            "impact",
            "status",
            "status_label",
            "requester",
            "assignee",
            "queue",
            "due_at",
            "sla_state",
            "tags",
            "merged_into",
            "created_at",
            "updated_at",
            "allowed_transitions",
            "may_reply",
            "may_reopen",
        ]
        read_only_fields = ["reference", "priority", "impact", "status", "due_at", "created_at", "updated_at"]
        extra_kwargs = {"description": {"max_length": 20_000}}

    def _user(self):
        return self.context["request"].user

    def get_tags(self, ticket) -> list[str]:
        return sorted(tag.name for tag in ticket.tags.all())

    def get_allowed_transitions(self, ticket) -> list[str]:
        return [value for value, _label in ticket.allowed_transitions(self._user())]

    def get_may_reply(self, ticket) -> bool:
        return ticket.may_reply(self._user())

    def get_may_reopen(self, ticket) -> bool:
        return ticket.may_reopen(self._user())


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Download address (needs the same login)."))

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "url"]
        read_only_fields = fields

    def get_url(self, attachment) -> str:
        return reverse("helpdesk:attachment", args=[attachment.ticket.reference, attachment.pk])


class CommentSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    internal = serializers.BooleanField(default=False, help_text=_("An internal note (staff only)."))
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "internal", "attachments", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
        extra_kwargs = {"body": {"max_length": 20_000}}


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices)


class AssignSerializer(serializers.Serializer):
    assignee_id = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), allow_null=True, help_text=_("null unassigns.")
    )


class TicketFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Ticket.Status.choices)
    priority = django_filters.ChoiceFilter(choices=Ticket.Priority.choices)
    queue = SlugFilter(field_name="queue__slug")
    overdue = BooleanFilter(method="filter_overdue", help_text=_("Open and past its due date."))
    mine = BooleanFilter(method="filter_mine", help_text=_("Assigned to me."))

    class Meta:
        model = Ticket
        fields = ["status", "priority", "queue", "overdue", "mine"]

    def filter_overdue(self, queryset, name, value):
        now = timezone.now()
        return queryset.overdue(now) if value else queryset.exclude(pk__in=Ticket.objects.overdue(now).values("pk"))

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(assignee=user) if value else queryset.exclude(assignee=user)


@extend_schema_view(
    list=extend_schema(summary="My tickets (members) or my queues' tickets (agents)"),
    retrieve=extend_schema(summary="One ticket", responses={200: TicketSerializer, 404: ERROR}),
    create=extend_schema(summary="Open a ticket", responses={201: TicketSerializer, 400: ERROR, 401: ERROR}),
)
class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = TicketSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = TicketFilter
    lookup_field = "reference"
    lookup_value_regex = REFERENCE_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        return (
            Ticket.objects.visible_to(self.request.user)
            .select_related("requester", "assignee", "queue", "category", "merged_into")
            .prefetch_related("tags")
            .order_by("-created_at", "-pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = services.open_ticket(
            requester=request.user,
            by=request.user,
            kind=data.get("kind", Ticket.Kind.INCIDENT),
            title=data["title"],
            description=data["description"],
            category=data.get("category"),
        )
        ticket = self.get_queryset().get(pk=ticket.pk)
        return Response(self.get_serializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="The ticket's replies (and, for staff, internal notes)",
        responses=CommentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Reply, or add an internal note (staff)",
        request=CommentSerializer,
        responses={201: CommentSerializer, 400: ERROR, 403: ERROR, 409: ERROR},
    )
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, reference=None):
        ticket = self.get_object()
        if request.method == "POST":
            params = CommentSerializer(data=request.data)
            params.is_valid(raise_exception=True)
            comment = services.reply_to_ticket(
                ticket=ticket,
                by=request.user,
                body=params.validated_data["body"],
                internal=params.validated_data["internal"],
            )
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        files = Attachment.objects.select_related("ticket").order_by("created_at", "pk")
        comments = ticket.comments.select_related("author").prefetch_related(Prefetch("attachments", queryset=files))
        comments = comments.order_by("created_at", "pk")
        if not ticket.may_see_internal(request.user):
            comments = comments.filter(internal=False)
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(
        summary="Move the ticket along the workflow (staff)",
        request=TransitionSerializer,
        responses={200: TicketSerializer, 400: ERROR, 403: ERROR, 409: ERROR},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, reference=None):
        ticket = self.get_object()
        params = TransitionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        services.change_status(ticket=ticket, to=params.validated_data["status"], by=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Reopen a resolved or closed ticket", request=None, responses={200: TicketSerializer, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, reference=None):
        services.reopen_ticket(ticket=self.get_object(), by=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Assign the ticket (agents take it; supervisors reassign)",
        request=AssignSerializer,
        responses={200: TicketSerializer, 400: ERROR, 403: ERROR},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        ticket = self.get_object()
        params = AssignSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        services.assign_ticket(ticket=ticket, assignee=params.validated_data["assignee_id"], by=request.user)
        return Response(self.get_serializer(self.get_object()).data)


routes = [("tickets", TicketViewSet, "ticket")]
