"""The courses' figures for the metrics dashboard and /api/v1/metrics/ (portal/metrics.py).

A reservation counts once its seat is the member's for sure: confirmed or attended. Seats held
for a payment that may never come, waiting-list places and cancelled reservations do not.
"""

from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.metrics import Metric, per_month

from .models import Reservation, Session


def metrics(today):
    confirmed = Reservation.objects.filter(status__in=Reservation.CONFIRMED_STATUSES)
    from_today = timezone.make_aware(datetime.combine(today, time.min))
    upcoming = Q(session__status=Session.Status.SCHEDULED, session__starts_at__gte=from_today)
    totals = confirmed.aggregate(total=Count("pk"), upcoming=Count("pk", filter=upcoming))
    return [
        Metric(
            key="reservations",
            label=_("Reservations"),
            value=totals["total"],
            breakdown=per_month(confirmed, "created_at", today),
            chart="columns",
        ),
        Metric(key="reservations_upcoming", label=_("Seats reserved in sessions to come"), value=totals["upcoming"]),
    ]
