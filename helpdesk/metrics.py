"""The service desk's figures for the metrics dashboard and /api/v1/metrics/ (portal/metrics.py).

A ticket is open until it is resolved or closed (a merged duplicate is closed too).
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.metrics import Metric

from .models import Ticket

# Most pressing first, as an agent reads the queue (the choices are declared from low to urgent).
PRIORITY_ORDER = tuple(reversed(Ticket.Priority))


def metrics(today):
    counts = dict(Ticket.objects.open().order_by().values_list("priority").annotate(total=Count("pk")))
    return [
        Metric(
            key="open_tickets",
            label=_("Open tickets"),
            value=sum(counts.values()),
            breakdown=tuple((priority.label, counts.get(priority, 0)) for priority in PRIORITY_ORDER),
            chart="bars",
        )
    ]
