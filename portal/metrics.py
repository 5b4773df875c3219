"""The organisation's figures, contributed by each app and shown together.

An app contributes with a `metrics.py` module defining `metrics(today)`, which returns a list of
`Metric`: one headline figure each, counted from what exists (nothing is estimated), optionally
with a breakdown (hours per project, per month…) that the admin dashboard draws as a chart and
lists as a table, and that /api/v1/metrics/ returns under the metric's key.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Metric:
    # A stable name for API clients ("active_projects", "hours_per_project"…), unique across apps.
    key: str
    # The translated label people read ("Proyectos activos").
    label: str
    # The headline figure: an int for counts, a Decimal for hours or money.
    value: int | Decimal
    # "h" for hours, "" for plain counts.
    unit: str = ""
    # (label, value) rows, in display order: a series for a chart and its table.
    breakdown: tuple[tuple[str, int | Decimal], ...] = ()
    # How the dashboard draws the breakdown: "bars" (categories), "columns" (a time series) or "".
    chart: str = ""
