"""The metrics dashboard in the Wagtail admin, and its panel on the admin's home page."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin.ui.components import Component

from .metrics import may_view_metrics, snapshot


def metrics_dashboard(request):
    """Every app's figures: a card per headline figure, then each breakdown as a chart and a table."""
    if not may_view_metrics(request.user):
        raise PermissionDenied
    figures = snapshot()
    title = _("Metrics")
    context = {
        "page_title": title,
        "header_title": title,
        "header_icon": "table",
        "generated_at": figures.generated_at,
        "metrics": figures.metrics,
    }
    return TemplateResponse(request, "portal/admin/metrics.html", context)


class MetricsPanel(Component):
    """The headline figures on the admin's home page, with a link to the charts."""

    name = "metrics"
    order = 90
    template_name = "portal/admin/metrics_panel.html"

    class Media:
        css = {"all": ["css/admin_metrics.css"]}

    def get_context_data(self, parent_context=None):
        return {"metrics": snapshot().metrics, "dashboard_url": reverse("portal_metrics")}
