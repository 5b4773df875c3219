"""The certificates' figures for the metrics dashboard and /api/v1/metrics/ (portal/metrics.py).

A certificate counts from the day it is issued (also while its PDF is still being made) until it
is revoked; a re-issue keeps its row and its date, so it is never counted twice.
"""

from django.utils.translation import gettext_lazy as _

from portal.metrics import Metric, per_month

from .models import Certificate


def metrics(today):
    valid = Certificate.objects.valid()
    return [
        Metric(
            key="certificates",
            label=_("Certificates issued"),
            value=valid.count(),
            breakdown=per_month(valid, "issued_on", today),
            chart="columns",
        )
    ]
