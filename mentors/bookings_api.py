"""/api/v1/bookings/ (advisories) and /api/v1/mentors/{id}/slots/ (a mentor's free slots).

A member lists her own advisories, a mentor the ones booked with her, a manager all of them;
anyone else's is a 404. Creating and cancelling call the same services as the web pages, so
their refusals (slot taken, too short notice…) come back in the shared error body.
"""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.params import MAX_ID
from portal.throttling import ScopedWritesMixin

from . import bookings
from .models import Booking, Mentor

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors, code."))
MAX_RANGE_DAYS = 92


class BookingMentorSerializer(serializers.ModelSerializer):
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Mentor
        fields = ["id", "full_name", "page_url"]

    def get_page_url(self, mentor) -> str | None:
        page = getattr(mentor, "page", None)
        if page is None or not page.live:
            return None
        return page.get_full_url(self.context.get("request"))


class BookingSerializer(serializers.ModelSerializer):
    mentor = BookingMentorSerializer(read_only=True)
    member_name = serializers.SerializerMethodField(help_text=_("The member's name (never her e-mail)."))
    order_reference = serializers.CharField(source="order.reference", read_only=True, default=None)
    pay_url = serializers.SerializerMethodField(help_text=_("Where to pay a held advisory, while it may be paid."))
    may_cancel = serializers.SerializerMethodField(help_text=_("Whether the caller may cancel it now."))

    class Meta:
        model = Booking
        fields = [
            "id",
            "mentor",
            "member_name",
            "starts_at",
            "ends_at",
            "status",
            "topic",
            "order_reference",
            "pay_url",
            "may_cancel",
            "created_at",
            "cancelled_at",
        ]
        read_only_fields = fields

    def get_member_name(self, booking) -> str:
        return booking.member.get_full_name() or _("Member #%(id)s") % {"id": booking.member_id}

    def get_pay_url(self, booking) -> str | None:
        if not booking.may_pay:
            return None
        return self.context["request"].build_absolute_uri(reverse("courses:order", args=[booking.order.reference]))

    def get_may_cancel(self, booking) -> bool:
        return booking.may_cancel(self.context["request"].user)


class BookSerializer(serializers.Serializer):
    mentor = serializers.PrimaryKeyRelatedField(
        queryset=Mentor.objects.active(), help_text=_("Id of the mentor (see /api/v1/mentors/).")
    )
    starts_at = serializers.DateTimeField(
        help_text=_("The start of one of the mentor's free slots (GET /api/v1/mentors/{id}/slots/), with its offset.")
    )
    topic = serializers.CharField(max_length=bookings.TOPIC_LIMIT, help_text=_("What the member wants to talk about."))
    provider = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=_("Payment method code, for a paid advisory.")
    )


class BookingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Booking.Status.choices)
    mentor = django_filters.NumberFilter(field_name="mentor_id", min_value=1, max_value=MAX_ID)
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    ordering = django_filters.OrderingFilter(fields=(("starts_at", "starts_at"), ("created_at", "created_at")))

    class Meta:
        model = Booking
        fields = ["status", "mentor"]


@extend_schema_view(
    list=extend_schema(summary="Advisories: a member's own, a mentor's, or all of them for managers"),
    retrieve=extend_schema(summary="One advisory", responses={200: BookingSerializer, 404: ERROR}),
)
class BookingViewSet(ScopedWritesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    throttle_scope = "bookings"
    serializer_class = BookingSerializer
    filterset_class = BookingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return (
            Booking.objects.visible_to(self.request.user)
            .select_related("mentor__page", "mentor__user", "member", "order")
            .order_by("starts_at", "pk")
        )

    @extend_schema(
        summary="Book an advisory",
        request=BookSerializer,
        responses={
            201: BookingSerializer,
            400: ERROR,
            401: ERROR,
            409: OpenApiResponse(
                description=_(
                    "Refused: slot taken, slot not offered, too short notice, mentor not taking bookings, "
                    "another advisory of yours at that time."
                )
            ),
            503: ERROR,
        },
        description=_(
            "A free advisory is confirmed at once; a paid one is held (status `held`) until its order, "
            "at `pay_url`, is paid or its hold runs out."
        ),
    )
    def create(self, request):
        params = BookSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        booking = bookings.book_advisory(
            mentor=data["mentor"],
            member=request.user,
            starts_at=data["starts_at"],
            topic=data["topic"],
            provider=data.get("provider") or None,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=booking.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Cancel an advisory",
        request=None,
        responses={200: BookingSerializer, 403: ERROR, 404: ERROR, 409: ERROR, 503: ERROR},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = bookings.cancel_booking(booking=self.get_object(), by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=booking.pk)).data)


class FreeSlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class SlotsSerializer(serializers.Serializer):
    mentor = serializers.IntegerField()
    advisory_minutes = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=8, decimal_places=2)
    is_free = serializers.BooleanField()
    slots = FreeSlotSerializer(many=True)


class SlotRangeSerializer(serializers.Serializer):
    # `from` is a Python keyword: the fields are renamed in `to_internal_value`.
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def to_internal_value(self, data):
        return super().to_internal_value({"start": data.get("from"), "end": data.get("to")})

    def validate(self, attrs):
        today = timezone.localdate()
        start = attrs.get("start") or today
        end = attrs.get("end") or bookings.horizon_end(timezone.now())
        if end < start:
            raise serializers.ValidationError({"to": [_("The end date cannot be before the start date.")]})
        if end - start > datetime.timedelta(days=MAX_RANGE_DAYS):
            raise serializers.ValidationError(
                {"to": [_("Ask for at most %(days)s days at a time.") % {"days": MAX_RANGE_DAYS}]}
            )
        return {"start": start, "end": end}


class MentorSlotsView(APIView):
    """GET /api/v1/mentors/{id}/slots/?from=&to=: the free advisory slots, the same as on her page."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="A mentor's free advisory slots",
        parameters=[
            OpenApiParameter("from", datetime.date, description=_("First day (site time zone); today by default.")),
            OpenApiParameter(
                "to", datetime.date, description=_("Last day, inclusive; the booking horizon by default.")
            ),
        ],
        responses={200: SlotsSerializer, 400: ERROR, 404: ERROR},
    )
    def get(self, request, mentor_id):
        mentor = get_object_or_404(Mentor.objects.active().prefetch_related("slots"), pk=mentor_id)
        dates = SlotRangeSerializer(data=request.query_params)
        dates.is_valid(raise_exception=True)
        slots = bookings.free_slots(mentor, dates.validated_data["start"], dates.validated_data["end"])
        data = {
            "mentor": mentor.pk,
            "advisory_minutes": mentor.advisory_minutes,
            "price": mentor.advisory_price,
            "is_free": mentor.advisory_is_free,
            "slots": [{"starts_at": slot.starts_at, "ends_at": slot.ends_at} for slot in slots],
        }
        return Response(SlotsSerializer(data).data)


routes = [("bookings", BookingViewSet, "booking")]
urlpatterns = [path("mentors/<id:mentor_id>/slots/", MentorSlotsView.as_view(), name="mentor-slots")]
