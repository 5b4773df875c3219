"""/api/v1/metrics/: every app's figures (portal/metrics.py) as JSON, for managers.

Figures are JSON numbers: counts as integers, hours rounded to two decimals.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .metrics import may_view_metrics, snapshot


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureField(serializers.Field):
    """An int as it is; a Decimal (hours, money) as a number with at most two decimals."""

    def to_representation(self, value):
        if isinstance(value, int):
            return value
        return float(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP))


class BreakdownRowSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("What the row counts: a month, a project, a priority…"))
    value = FigureField()


class MetricSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("The figure's name, in the language of the request."))
    value = FigureField(help_text=_("The headline figure: a count, or hours."))
    unit = serializers.CharField(help_text=_('"h" for hours; empty for counts.'))
    breakdown = BreakdownRowSerializer(many=True, help_text=_("The figure broken down, in display order."))


class MetricsSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField(help_text=_("When the figures were counted (at most a minute ago)."))
    metrics = serializers.DictField(
        child=MetricSerializer(), help_text=_('By stable key: "reservations", "open_tickets"…')
    )


class MayViewMetrics(BasePermission):
    def has_permission(self, request, view):
        return may_view_metrics(request.user)


class MetricsView(APIView):
    """The organisation's figures: projects, mentors, hours, reservations, certificates, tickets."""

    permission_classes = [IsAuthenticated, MayViewMetrics]

    @extend_schema(summary="The organisation's metrics (managers only)", responses=MetricsSerializer)
    def get(self, request):
        figures = snapshot()
        data = {
            "generated_at": figures.generated_at,
            "metrics": {
                metric.key: {
                    "label": metric.label,
                    "value": metric.value,
                    "unit": metric.unit,
                    "breakdown": [{"label": label, "value": value} for label, value in metric.breakdown],
                }
                for metric in figures.metrics
            },
        }
        return Response(MetricsSerializer(data).data)
