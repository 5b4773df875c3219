"""Courses API: the public catalogue, reserving a seat, and a member's own reservations."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from home.listing import listing_filterset
from portal.params import BooleanFilter

from .. import services
from ..errors import ReservationError
from ..listing import CourseListing
from ..models import Company, CoursePage, Reservation, Session
from .serializers import (
    CourseSerializer,
    ReservationResultSerializer,
    ReservationSerializer,
    ReserveSerializer,
)

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors, code."))


class CourseFilter(
    listing_filterset(
        CourseListing,
        help_texts={
            "category": _("Category slug."),
            "level": _("beginner, intermediate or advanced."),
            "modality": _("Has an upcoming session of this kind: on_site, online or hybrid."),
            "month": _("Has an upcoming session in this month (YYYY-MM, this month and the next five)."),
            "price": _("free or paid."),
            "tag": _("Tag slug."),
        },
    )
):
    """The course index page's own filters (courses/listing.py), answering 400 for a value it would ignore."""

    free = BooleanFilter(method="filter_free", help_text=_("Older spelling of price: true is free, false is paid."))

    class Meta:
        model = CoursePage
        fields = []

    def filter_free(self, queryset, name, value):
        return CourseListing(None, None).filter_price(queryset, "free" if value else "paid")


@extend_schema_view(
    list=extend_schema(summary="Live courses with their upcoming sessions"),
    retrieve=extend_schema(
        summary="One course with its upcoming sessions", responses={200: CourseSerializer, 404: ERROR}
    ),
)
class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """The public catalogue: no login needed. Ordered by the next session, courses without dates last."""

    serializer_class = CourseSerializer
    permission_classes = [AllowAny]
    filterset_class = CourseFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is built without a database
            return CoursePage.objects.none()
        listing = CourseListing(None, self.request.user)
        upcoming = Session.objects.upcoming().with_seats()
        return (
            listing.order(listing.pages())
            .select_related("category")
            .prefetch_related("tags", Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions"))
        )


class SessionReservationsView(APIView):
    """POST /api/v1/sessions/{id}/reservations/: reserve a seat (or a waiting-list place)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Reserve a seat in a session",
        request=ReserveSerializer,
        responses={
            201: PolymorphicProxySerializer(
                component_name="ReservationOutcome",
                serializers=[ReservationResultSerializer, ReservationResultSerializer(many=True)],
                resource_type_field_name=None,
                many=False,
            ),
            400: ERROR,
            401: ERROR,
            403: ERROR,
            404: ERROR,
            409: OpenApiResponse(
                description=_(
                    "Refused: full (with the waiting-list `position` offered), deadline passed, session "
                    "cancelled, already reserved, prerequisite missing, payment required."
                )
            ),
            503: ERROR,
        },
        description=_(
            "Answers 201 with {id, status, position} for the caller's own seat, or a list of them when a company "
            "manager books colleagues with member_ids. Paid courses need an order (see the web site)."
        ),
    )
    def post(self, request, pk):
        session = get_object_or_404(Session.objects.of_courses_visible_to(request.user), pk=pk)
        params = ReserveSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        join_waitlist = params.validated_data["join_waitlist"]
        member_ids = params.validated_data.get("member_ids")
        if member_ids:
            people = self._colleagues(request.user, member_ids)
            reservations = services.reserve_seats_for_colleagues(
                session=session, members=people, by=request.user, join_waitlist=join_waitlist
            )
            return Response(ReservationResultSerializer(reservations, many=True).data, status=status.HTTP_201_CREATED)
        reservation = services.reserve_seat(
            session=session, member=request.user, by=request.user, join_waitlist=join_waitlist
        )
        return Response(ReservationResultSerializer(reservation).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _colleagues(user, member_ids):
        """The people asked for, in the order given, among the caller's colleagues only.

        Ids outside the companies the caller manages are named by id, never by name: the API
        must not tell a manager who an arbitrary user id is.
        """
        colleagues = Company.objects.managed_by(user).active_members()
        found = {person.pk: person for person in colleagues.filter(pk__in=member_ids)}
        unknown = [str(pk) for pk in dict.fromkeys(member_ids) if pk not in found]
        if unknown:
            raise ReservationError("not_company_colleague", names=", ".join(f"#{pk}" for pk in unknown))
        return [found[pk] for pk in dict.fromkeys(member_ids)]


class ReservationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Reservation.Status.choices)

    class Meta:
        model = Reservation
        fields = ["status"]


@extend_schema_view(
    list=extend_schema(summary="My reservations (mine, and those I booked for colleagues)"),
    retrieve=extend_schema(summary="One of my reservations", responses={200: ReservationSerializer, 404: ERROR}),
)
class ReservationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Only the caller's own reservations, whatever their role: staff use the admin."""

    serializer_class = ReservationSerializer
    filterset_class = ReservationFilter

    def get_queryset(self):
        reservations = Reservation.objects.own_or_booked_by(self.request.user).with_queue_positions()
        return reservations.select_related("member", "session__course").order_by("-created_at", "-pk")

    def _changed(self, request, service):
        reservation = self.get_object()
        service(reservation=reservation, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=reservation.pk)).data)

    @extend_schema(
        summary="Cancel a reservation (a seat or a waiting-list place)",
        request=None,
        responses={200: ReservationSerializer, 403: ERROR, 404: ERROR, 409: ERROR, 503: ERROR},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reservation = self.get_object()
        if reservation.is_waitlisted:
            return self._changed(request, services.leave_waiting_list)
        return self._changed(request, services.cancel_reservation)

    @extend_schema(
        summary="Leave the waiting list",
        request=None,
        responses={200: ReservationSerializer, 403: ERROR, 404: ERROR, 409: ERROR, 503: ERROR},
    )
    @action(detail=True, methods=["post"], url_path="leave-waitlist")
    def leave_waitlist(self, request, pk=None):
        return self._changed(request, services.leave_waiting_list)
