"""/api/v1/calendar/: the academic calendar, public and read-only.

Each term with the holidays that touch its days (by date, as on the calendar page, whether or
not the holiday names the term) and its weekly classes. `?year=2026` keeps the terms with a
day in 2026. Three queries per page of terms, whatever the number of holidays and classes.
"""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from .choices import Weekday
from .models import ClassSchedule, Holiday, Term

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors."))
FIRST_YEAR, LAST_YEAR = 1900, 2200


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["id", "name", "starts_on", "ends_on"]


class ClassScheduleSerializer(serializers.ModelSerializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text=_("1 is Monday, 7 is Sunday."))
    weekday_label = serializers.CharField(source="get_weekday_display", read_only=True)

    class Meta:
        model = ClassSchedule
        fields = ["id", "title", "weekday", "weekday_label", "starts_at", "ends_at", "location"]


class TermSerializer(serializers.ModelSerializer):
    holidays = HolidaySerializer(
        many=True, read_only=True, source="calendar_holidays", help_text=_("Holidays with a day in the term.")
    )
    classes = ClassScheduleSerializer(many=True, read_only=True, help_text=_("The weekly timetable."))

    class Meta:
        model = Term
        fields = ["id", "name", "starts_on", "ends_on", "holidays", "classes"]


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class TermFilter(django_filters.FilterSet):
    year = YearFilter(
        method="filter_year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Only the terms with at least one day in this year, e.g. 2026."),
    )

    class Meta:
        model = Term
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.in_year(value)


def attach_holidays(terms):
    """Give each term its `calendar_holidays`, from one query over the days the terms cover."""
    if not terms:
        return
    holidays = list(Holiday.objects.overlapping(min(t.starts_on for t in terms), max(t.ends_on for t in terms)))
    for term in terms:
        term.calendar_holidays = [h for h in holidays if h.starts_on <= term.ends_on and h.ends_on >= term.starts_on]


@extend_schema(
    summary="The academic calendar: terms with their holidays and weekly classes",
    responses={200: TermSerializer(many=True), 400: ERROR},
)
class CalendarViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TermSerializer
    permission_classes = [AllowAny]
    filterset_class = TermFilter
    queryset = Term.objects.prefetch_related(
        Prefetch("classes", queryset=ClassSchedule.objects.order_by("weekday", "starts_at", "pk"))
    ).order_by("starts_on", "pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        attach_holidays(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


routes = [("calendar", CalendarViewSet, "calendar")]
