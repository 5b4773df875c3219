"""/api/v1/mentors/: the mentor records, public fields for anyone, private ones for those who need them.

Anyone (no login) lists and reads the active mentors' public fields; managers (the mentors model
permissions) create, update and delete. E-mail, phone, national id and the linked account are
in the answer only for managers and for the mentor herself. The list filters exactly like the
directory page (mentors/listing.py): area, level (in that area when both are given) and weekday.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from home.listing import listing_filterset

from .choices import Level, Weekday
from .errors import MentorError
from .listing import MentorRecordListing
from .models import AvailabilitySlot, KnowledgeArea, Mentor, MentorArea, may_see_private_data

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors, code."))
PRIVATE_FIELDS = ("email", "phone", "national_id", "user")


class MentorAreaSerializer(serializers.Serializer):
    area = serializers.SlugRelatedField(slug_field="slug", queryset=KnowledgeArea.objects.all())
    area_name = serializers.CharField(source="area.name", read_only=True)
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="get_level_display", read_only=True)


class SlotSerializer(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text=_("1 is Monday, 7 is Sunday."))
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()


class MentorSerializer(serializers.ModelSerializer):
    areas = MentorAreaSerializer(many=True, required=False)
    availability = SlotSerializer(many=True, required=False, source="slots")
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
        if not may_see_private_data(self.context["request"].user, mentor):
            for name in PRIVATE_FIELDS:
                data.pop(name, None)
        return data

    def validate_areas(self, areas):
        seen = set()
        for item in areas:
            if item["area"].pk in seen:
                raise MentorError("duplicate_area", area=item["area"].name)
            seen.add(item["area"].pk)
        return areas

    def validate_availability(self, slots):
        for slot in slots:
            if slot["ends_at"] <= slot["starts_at"]:
                raise MentorError("slot_order", day=Weekday(slot["weekday"]).label)
        return slots

    def _save_children(self, mentor, areas, slots):
        if areas is not None:
            mentor.areas.all().delete()
            MentorArea.objects.bulk_create(
                MentorArea(mentor=mentor, area=item["area"], level=item["level"], sort_order=number)
                for number, item in enumerate(areas)
            )
        if slots is not None:
            mentor.slots.all().delete()
            AvailabilitySlot.objects.bulk_create(
                AvailabilitySlot(mentor=mentor, sort_order=number, **slot) for number, slot in enumerate(slots)
            )

    def create(self, validated_data):
        areas, slots = validated_data.pop("areas", None), validated_data.pop("slots", None)
        with transaction.atomic():
            mentor = Mentor.objects.create(**validated_data)
            self._save_children(mentor, areas, slots)
        return mentor

    def update(self, mentor, validated_data):
        areas, slots = validated_data.pop("areas", None), validated_data.pop("slots", None)
        with transaction.atomic():
            for name, value in validated_data.items():
                setattr(mentor, name, value)
            mentor.save()
            self._save_children(mentor, areas, slots)
        return mentor


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

    class Meta:
        model = Mentor
        fields = []

    def filter_queryset(self, queryset):
        # The listing's own `apply`, so area and level narrow together exactly as on the page.
        user = self.request.user if self.request is not None else None
        return MentorRecordListing(None, user).apply(queryset, self.form.cleaned_data)


@extend_schema_view(
    list=extend_schema(summary="Mentors, filtered by knowledge area, level and weekday"),
    retrieve=extend_schema(summary="One mentor", responses={200: MentorSerializer, 404: ERROR}),
    create=extend_schema(summary="Add a mentor (managers)", responses={201: MentorSerializer, 400: ERROR, 403: ERROR}),
    update=extend_schema(
        summary="Replace a mentor (managers)", responses={200: MentorSerializer, 400: ERROR, 403: ERROR}
    ),
    partial_update=extend_schema(
        summary="Change a mentor (managers)", responses={200: MentorSerializer, 400: ERROR, 403: ERROR}
    ),
    destroy=extend_schema(summary="Delete a mentor (managers)", responses={204: None, 403: ERROR, 409: ERROR}),
)
class MentorViewSet(viewsets.ModelViewSet):
    serializer_class = MentorSerializer
    # The first lets the schema say that reading needs no login; the second asks managers' permissions to write.
    permission_classes = [IsAuthenticatedOrReadOnly, DjangoModelPermissionsOrAnonReadOnly]
    filterset_class = MentorFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Mentor.objects.none()
        return (
            Mentor.objects.visible_to(self.request.user)
            .select_related("page")
            .prefetch_related("areas__area", "slots")
            .order_by("full_name", "pk")
        )

    def destroy(self, request, *args, **kwargs):
        mentor = self.get_object()
        if hasattr(mentor, "page"):
            raise MentorError("has_page", name=mentor.full_name)
        mentor.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


routes = [("mentors", MentorViewSet, "mentor")]

# Advisories: /api/v1/bookings/ and /api/v1/mentors/{id}/slots/ (mentors/bookings_api.py).
from .bookings_api import routes as booking_routes  # noqa: E402
from .bookings_api import urlpatterns  # noqa: E402, F401

routes += booking_routes
