"""/api/v1/mentors/: the mentor records, public fields for anyone, private ones for those who need them.

Anyone (no login) lists and reads the active mentors' public fields; managers (the mentors model
permissions) create, update and delete. A mentor keeps her own record's weekly availability,
exceptions (holidays, leave), e-mail and phone, through PATCH on her record or through
/api/v1/mentors/{id}/availability/; her name, areas, national id, account and active flag stay
with managers, so sending them answers 403 naming them. E-mail, phone, national id, the linked
account and the exceptions' notes are in the answer only for managers and the mentor herself.
The list filters exactly like the directory page (mentors/listing.py) and orders by name or date.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from home.listing import listing_filterset
from portal.params import MAX_ID
from portal.throttling import ScopedWritesMixin

from .choices import Level, Weekday
from .errors import MentorError
from .listing import MentorRecordListing
from .models import (
    AvailabilityException,
    AvailabilitySlot,
    KnowledgeArea,
    Mentor,
    may_change_availability,
    may_see_private_data,
)
from .services import replace_availability, save_mentor

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors, code."))
PRIVATE_FIELDS = ("email", "phone", "national_id", "user")
# What a mentor may change on her own record: her timetable, and how to reach her. Not her
# national id (an identity the organisation checked, for contracts and invoices: a manager changes
# it against a document) nor her name, areas, account or active flag (the directory's content).
SELF_SERVICE_FIELDS = {"availability", "exceptions", "email", "phone"}
MAX_SLOTS, MAX_EXCEPTIONS = 70, 200


class MentorAreaSerializer(serializers.Serializer):
    area = serializers.SlugRelatedField(slug_field="slug", queryset=KnowledgeArea.objects.all())
    area_name = serializers.CharField(source="area.name", read_only=True)
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="get_level_display", read_only=True)


@extend_schema_field(
    {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$", "example": "09:30"}
)
class LocalTimeField(serializers.TimeField):
    """A time of day in the portal's time zone, "09:30" or "09:30:00": no offset, which OpenAPI's
    `format: time` (RFC 3339) would require."""


class SlotSerializer(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text=_("1 is Monday, 7 is Sunday."))
    starts_at = LocalTimeField()
    ends_at = LocalTimeField(help_text=_("After `starts_at`; slots of one day may not overlap."))


class ExceptionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=AvailabilityException.Kind.choices, default=AvailabilityException.Kind.HOLIDAY
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text=_("Inclusive; on or after `starts_on`."))
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Managers and the mentor only.")
    )


def hide_private(data, request, mentor):
    """Leave out what only managers and the mentor herself may read."""
    if may_see_private_data(request.user, mentor):
        return data
    for name in PRIVATE_FIELDS:
        data.pop(name, None)
    for exception in data.get("exceptions", []):
        exception.pop("note", None)
    return data


class RowIdField(serializers.PrimaryKeyRelatedField):
    """An id the database can hold: a larger number is "not found", not an overflow in the driver."""

    def to_internal_value(self, data):
        number = data if isinstance(data, int) and not isinstance(data, bool) else None
        if isinstance(data, str) and data.strip().lstrip("+-").isdigit():
            number = int(data)
        if number is not None and not 1 <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class MentorSerializer(serializers.ModelSerializer):
    serializer_related_field = RowIdField
    areas = MentorAreaSerializer(many=True, required=False)
    availability = SlotSerializer(many=True, required=False, source="slots", max_length=MAX_SLOTS)
    exceptions = ExceptionSerializer(
        many=True,
        required=False,
        max_length=MAX_EXCEPTIONS,
        help_text=_("Holidays and leave; the kind and dates are public, the note is not."),
    )
    page_url = serializers.SerializerMethodField(help_text=_("The mentor's page in the directory, when published."))
    email = serializers.EmailField(required=False, allow_blank=True, help_text=_("Managers and the mentor only."))
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=30, help_text=_("Managers and the mentor only.")
    )
    national_id = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("Managers and the mentor only.")
    )

    class Meta:
        model = Mentor
        fields = [
            "id",
            "full_name",
            "active",
            "areas",
            "availability",
            "exceptions",
            "page_url",
            "email",
            "phone",
            "national_id",
            "user",
        ]
        extra_kwargs = {"user": {"help_text": _("Id of her Lumino account (managers and the mentor only).")}}

    def get_page_url(self, mentor) -> str | None:
        page = getattr(mentor, "page", None)
        if page is None or not page.live:
            return None
        return page.get_url(self.context.get("request"))

    def to_representation(self, mentor):
        data = super().to_representation(mentor)
        for name in ("phone", "national_id"):
            if data.get(name, "") is None:
                data[name] = ""  # the encrypted fields store "" as NULL; the API says "" as it accepts it
        return hide_private(data, self.context["request"], mentor)

    def validate_areas(self, areas):
        seen = set()
        for item in areas:
            if item["area"].pk in seen:
                raise MentorError("duplicate_area", area=item["area"].name)
            seen.add(item["area"].pk)
        return areas

    def save(self, **kwargs):
        data = {**self.validated_data, **kwargs}
        children = {name: data.pop(name, None) for name in ("areas", "slots", "exceptions")}
        self.instance = save_mentor(mentor=self.instance, fields=data, by=self.context["request"].user, **children)
        return self.instance


class AvailabilitySerializer(serializers.Serializer):
    """A mentor's weekly slots and exceptions, replaced together by PUT."""

    availability = SlotSerializer(many=True, source="slots", max_length=MAX_SLOTS)
    exceptions = ExceptionSerializer(many=True, max_length=MAX_EXCEPTIONS)

    def to_representation(self, mentor):
        return hide_private(super().to_representation(mentor), self.context["request"], mentor)


ORDERING = (("full_name", "full_name"), ("created_at", "created"))


class MentorFilter(
    listing_filterset(
        MentorRecordListing,
        help_texts={
            "area": _("Knowledge area slug."),
            "level": _("Minimum level, 1 (basic) to 4 (expert); in the chosen area when `area` is given."),
            "weekday": _("Has a weekly time slot on this day: 1 is Monday, 7 is Sunday."),
        },
    )
):
    """The directory's own filters (mentors/listing.py), answering 400 for a value the page would ignore."""

    ordering = django_filters.OrderingFilter(
        fields=ORDERING,
        help_text=_("full_name (the default), created, or either with a minus sign for the reverse order."),
        error_messages={"invalid_choice": _("Order by full_name, -full_name, created or -created.")},
    )

    class Meta:
        model = Mentor
        fields = []

    def filter_queryset(self, queryset):
        # The listing's own `apply`, so area and level narrow together exactly as on the page.
        filters = dict(self.form.cleaned_data)
        ordering = filters.pop("ordering", None)
        user = self.request.user if self.request is not None else None
        queryset = MentorRecordListing(None, user).apply(queryset, filters)
        if ordering:
            fields = [self.filters["ordering"].get_ordering_value(value) for value in ordering]
            queryset = queryset.order_by(*fields, "pk")
        return queryset


class MentorPermission(DjangoModelPermissionsOrAnonReadOnly):
    """Reading: anyone. Creating and deleting: the mentors model permissions (managers). Changing a
    record or its availability: managers, or the mentor herself (her role's permission, then the
    object check; the fields she may send are the view's check)."""

    message = _("You can change only your own mentor record.")
    SELF_SERVICE_ACTIONS = ("update", "partial_update", "availability")

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS and getattr(view, "action", None) in self.SELF_SERVICE_ACTIONS:
            user = request.user
            return bool(
                user
                and user.is_authenticated
                and (user.has_perm("mentors.change_mentor") or user.has_perm("mentors.change_own_availability"))
            )
        return super().has_permission(request, view)

    def has_object_permission(self, request, view, mentor):
        if request.method in SAFE_METHODS or view.action not in self.SELF_SERVICE_ACTIONS:
            return True
        return may_change_availability(request.user, mentor)


MENTOR_WRITE = {200: MentorSerializer, 400: ERROR, 403: ERROR, 503: ERROR}
SELF_SERVICE_NOTE = _(
    "Managers change every field. A mentor may send only availability, exceptions, email and phone for "
    "her own record (a list sent replaces the stored one); other fields answer 403 naming them."
)


@extend_schema_view(
    list=extend_schema(summary="Mentors, filtered by knowledge area, level and weekday, ordered by name or date"),
    retrieve=extend_schema(summary="One mentor", responses={200: MentorSerializer, 404: ERROR}),
    create=extend_schema(summary="Add a mentor (managers)", responses={201: MentorSerializer, 400: ERROR, 403: ERROR}),
    update=extend_schema(
        summary="Replace a mentor (managers; a mentor her own fields)",
        description=SELF_SERVICE_NOTE,
        responses=MENTOR_WRITE,
    ),
    partial_update=extend_schema(
        summary="Change a mentor (managers; a mentor her own fields)",
        description=SELF_SERVICE_NOTE,
        responses=MENTOR_WRITE,
    ),
    destroy=extend_schema(summary="Delete a mentor (managers)", responses={204: None, 403: ERROR, 409: ERROR}),
)
class MentorViewSet(ScopedWritesMixin, viewsets.ModelViewSet):
    """Mentor records: public fields for anyone; managers write, a mentor keeps her own availability."""

    serializer_class = MentorSerializer
    # The first lets the schema say that reading needs no login; the second decides who writes what.
    permission_classes = [IsAuthenticatedOrReadOnly, MentorPermission]
    filterset_class = MentorFilter
    throttle_scope = "mentors"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Mentor.objects.none()
        return (
            Mentor.objects.visible_to(self.request.user)
            .select_related("page")
            .prefetch_related(
                "areas__area",
                Prefetch("slots", queryset=AvailabilitySlot.objects.order_by("weekday", "starts_at", "pk")),
                Prefetch("exceptions", queryset=AvailabilityException.objects.order_by("starts_on", "pk")),
            )
            .order_by("full_name", "pk")
        )

    def update(self, request, *args, partial=False, **kwargs):
        mentor = self.get_object()
        if not request.user.has_perm("mentors.change_mentor"):
            # The permission's object check passed: this is her own record.
            self._refuse_managers_fields(request.data)
            partial = True  # what she may send replaces only itself
        serializer = self.get_serializer(mentor, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(serializer.save()).data)

    def _refuse_managers_fields(self, data):
        if not isinstance(data, dict):
            return  # not an object: the serializer answers 400
        writable = {name for name, field in self.get_serializer().fields.items() if not field.read_only}
        refused = sorted((set(data) & writable) - SELF_SERVICE_FIELDS)
        if refused:
            raise MentorError("managers_only", fields=", ".join(refused))

    def destroy(self, request, *args, **kwargs):
        mentor = self.get_object()
        if hasattr(mentor, "page"):
            raise MentorError("has_page", name=mentor.full_name)
        mentor.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        summary="A mentor's weekly availability and exceptions",
        responses={200: AvailabilitySerializer, 404: ERROR},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Replace a mentor's availability and exceptions (the mentor herself, managers)",
        description=_("Both lists are replaced together, in one transaction: send the whole timetable."),
        request=AvailabilitySerializer,
        responses={200: AvailabilitySerializer, 400: ERROR, 403: ERROR, 404: ERROR, 503: ERROR},
    )
    @action(detail=True, methods=["get", "put"], serializer_class=AvailabilitySerializer, filterset_class=None)
    def availability(self, request, *args, **kwargs):
        mentor = self.get_object()
        if request.method == "PUT":
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            mentor = replace_availability(
                mentor=mentor,
                slots=serializer.validated_data["slots"],
                exceptions=serializer.validated_data["exceptions"],
                by=request.user,
            )
        return Response(self.get_serializer(mentor).data)


routes = [("mentors", MentorViewSet, "mentor")]
from .projects_api import routes as project_routes  # noqa: E402

routes += project_routes

from .calendar_api import routes as calendar_routes  # noqa: E402 - the academic calendar, appended

routes += calendar_routes

# Advisories: /api/v1/bookings/ and /api/v1/mentors/{id}/slots/ (mentors/bookings_api.py).
from .bookings_api import routes as booking_routes  # noqa: E402
from .bookings_api import urlpatterns  # noqa: E402, F401

routes += booking_routes
