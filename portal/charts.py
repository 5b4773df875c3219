"""Charts of the metrics, drawn on the server as SVG (templates/portal/admin/includes/chart.html).

No JavaScript and no library: the geometry is worked out here, the template only writes it out.
Sizes are in the SVG's own units (a 640-wide viewBox the page scales); text widths are estimated
from the number of characters, which is close enough to keep labels from running into each other.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat, translation
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 640
FONT = 13
CHAR = FONT * 0.6  # a generous average width of a character of the admin's sans-serif
GAP = 8
BAR_ROW, BAR_THICKNESS, BAR_LABEL_SHARE = 30, 20, 0.4
PLOT_HEIGHT, COLUMN_TOP, COLUMN_SHARE, COLUMN_MAX = 200, 24, 0.7, 48
# Spanish readers expect 1.234,5 (Django's Spanish formats group with a space).
SEPARATORS = {"es": (",", ".")}


def format_figure(value, unit=""):
    """A figure as the reader's language writes it, with its unit: "1.234,5 h", "1,234.5 h", "12".
    Hours keep up to two decimals, without trailing zeros."""
    if value is None or value == "":
        return ""
    decimals = 0
    if not isinstance(value, int):
        value = Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        decimals = max(0, -value.normalize().as_tuple().exponent)
    language = (translation.get_language() or "").split("-")[0]
    decimal_sep, thousand_sep = SEPARATORS.get(
        language, (get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR"))
    )
    text = numberformat.format(value, decimal_sep, decimals, grouping=3, thousand_sep=thousand_sep, force_grouping=True)
    return f"{text}\u00a0{unit}" if unit else text


def nice_ticks(largest):
    """Axis ticks from 0 to a round number at or above `largest`: steps of 1, 2 or 5 times a power of
    ten, about four of them, whole numbers only (a count of 0.5 tickets makes no sense)."""
    largest = Decimal(str(largest)) if largest and largest > 0 else Decimal(0)
    if largest == 0:
        return [0, 1]
    raw = largest / 4
    magnitude = Decimal(10) ** raw.adjusted()
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, Decimal(1))
    intervals = math.ceil(largest / step)
    return [int(step * i) for i in range(intervals + 1)]


def _n(number):
    """A coordinate for an SVG attribute: always a dot for decimals, whatever the language."""
    return f"{number:.1f}"


def _fit(text, width):
    """`text` shortened to about `width` units by an ellipsis in the middle: names that differ only
    at the end ("Proyecto … 12", "Proyecto … 13") stay told apart."""
    most = max(int(width // CHAR), 3)
    if len(text) <= most:
        return text
    tail = (most - 1) // 3
    return text[: most - 1 - tail].rstrip() + "…" + text[len(text) - tail :].lstrip()


def _text_width(texts):
    return max((len(text) for text in texts), default=0) * CHAR


def _summary(metric):
    rows = metric.breakdown
    if not rows:
        return _("No figures yet.")
    top_label, top_value = max(rows, key=lambda row: row[1])
    return ngettext(
        "%(count)d value; the highest is %(label)s: %(value)s.",
        "%(count)d values; the highest is %(label)s: %(value)s.",
        len(rows),
    ) % {"count": len(rows), "label": top_label, "value": format_figure(top_value, metric.unit)}


def bar_chart(metric):
    """Horizontal bars, one per category, labels on the left and the figure at each bar's end."""
    rows = metric.breakdown
    values = [format_figure(value, metric.unit) for _label, value in rows]
    ticks = nice_ticks(max((value for _label, value in rows), default=0))
    label_width = min(_text_width(label for label, _value in rows) + GAP, WIDTH * BAR_LABEL_SHARE)
    x0 = label_width + GAP
    x1 = WIDTH - max(_text_width(values), _text_width([format_figure(ticks[-1])]) / 2) - 2 * GAP
    scale = (x1 - x0) / ticks[-1]
    bottom = len(rows) * BAR_ROW
    bars = []
    for index, ((label, value), shown) in enumerate(zip(rows, values, strict=True)):
        length = max(float(value), 0) * scale
        middle = index * BAR_ROW + BAR_ROW / 2
        bars.append(
            {
                "label": _fit(label, label_width),
                "full_label": label,
                "value": shown,
                "label_y": _n(middle),
                "bar_y": _n(middle - BAR_THICKNESS / 2),
                "length": _n(length),
                "value_x": _n(x0 + length + GAP / 2),
            }
        )
    return {
        "kind": "bars",
        "height": _n(bottom + 36),
        "x0": _n(x0),
        "label_x": _n(x0 - GAP),
        "bottom": _n(bottom),
        "tick_label_y": _n(bottom + 20),
        "bars": bars,
        "ticks": [{"x": _n(x0 + tick * scale), "label": format_figure(tick)} for tick in ticks],
    }


def _two_lines(label):
    """ "Ene 2026" → ("Ene", "2026"): month labels under narrow columns."""
    first, _space, second = label.rpartition(" ")
    return (first, second) if first else (label, "")


def column_chart(metric):
    """Vertical columns in time order, figures on top where they fit and every label that fits below."""
    rows = metric.breakdown
    values = [format_figure(value, metric.unit) for _label, value in rows]
    ticks = nice_ticks(max((value for _label, value in rows), default=0))
    x0 = _text_width([format_figure(tick) for tick in ticks]) + 2 * GAP
    lines = [_two_lines(label) for label, _value in rows]
    label_width = _text_width(line for pair in lines for line in pair)
    # The last label is centred under the last column (at x1 - slot / 2, slot = (x1 - x0) / n): the
    # plot ends early enough for the half of that label that sticks out past the column.
    half = 1 / (2 * max(len(rows), 1))
    x1 = min(WIDTH - GAP, (WIDTH - label_width / 2 - x0 * half) / (1 - half))
    slot = (x1 - x0) / max(len(rows), 1)
    thickness = min(slot * COLUMN_SHARE, COLUMN_MAX)
    scale = PLOT_HEIGHT / ticks[-1]
    base = COLUMN_TOP + PLOT_HEIGHT
    # Every `step`-th label, counted back from the latest, so the most recent one is always named.
    step = max(math.ceil((label_width + GAP) / slot), 1)
    values_fit = _text_width(values) <= slot - 2
    columns = []
    for index, ((label, value), shown, (first, second)) in enumerate(zip(rows, values, lines, strict=True)):
        height = max(float(value), 0) * scale
        middle = x0 + slot * index + slot / 2
        named = (len(rows) - 1 - index) % step == 0
        columns.append(
            {
                "full_label": label,
                "value": shown,
                "show_value": values_fit,
                "x": _n(middle - thickness / 2),
                "middle": _n(middle),
                "y": _n(base - height),
                "height": _n(height),
                "value_y": _n(base - height - 6),
                "first_line": first if named else "",
                "second_line": second if named else "",
            }
        )
    return {
        "kind": "columns",
        "height": _n(base + 44),
        "x0": _n(x0),
        "x1": _n(x1),
        "tick_label_x": _n(x0 - GAP),
        "base": _n(base),
        "label_y": _n(base + 18),
        "thickness": _n(thickness),
        "columns": columns,
        "ticks": [{"y": _n(base - tick * scale), "label": format_figure(tick)} for tick in ticks],
    }


def chart(metric):
    """What the template needs to draw `metric`'s breakdown, or None when there is nothing to draw."""
    if not metric.breakdown or metric.chart not in ("bars", "columns"):
        return None
    drawn = bar_chart(metric) if metric.chart == "bars" else column_chart(metric)
    return {**drawn, "id": f"chart-{metric.key}", "width": WIDTH, "title": metric.label, "desc": _summary(metric)}
