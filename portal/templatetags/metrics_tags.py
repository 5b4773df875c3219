"""The metrics dashboard's template pieces: `{% metric_chart metric %}` draws a metric's breakdown as
an SVG chart (portal/charts.py) and `{{ value|figure:unit }}` writes a figure as the reader reads it."""

from django import template

from ..charts import chart, format_figure

register = template.Library()


@register.inclusion_tag("portal/admin/includes/chart.html")
def metric_chart(metric):
    return {"chart": chart(metric)}


@register.filter
def figure(value, unit=""):
    return format_figure(value, unit)
