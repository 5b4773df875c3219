"""The public academic calendar page: a month at a time, and the holidays as a calendar feed.

`/calendario/?mes=2026-12` shows December 2026: a grid of the days with the holidays and the
classes of the term each day falls in, the term named with its dates, the month's holidays and
the term's weekly timetable. Months further than a year from every term answer 404, so the
"next month" link ends. `/calendario/festivos/` is the holidays feed (an .ics file; Wagtail page paths take no dots).
"""

from django.db import models
from django.db.models import Max, Min, Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from home.models import SeoMixin

from ..calendar_ics import build_holidays_ics, feed_holidays
from ..calendar_month import last_day, month_param, month_range, month_weeks, parse_month, shift_month, weekly_timetable
from .calendar import ClassSchedule, Holiday, Term

MONTH_PARAM = "mes"
FEED_MAX_AGE = 3600


class AcademicCalendarPage(RoutablePageMixin, SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    # Linked from every page's footer (portal/context_processors.py), not from the header menu.
    footer_link = "academic_calendar"

    class Meta:
        verbose_name = _("academic calendar page")

    @path("")
    def month_view(self, request):
        today = timezone.localdate()
        bounds = Term.objects.aggregate(first=Min("starts_on"), last=Max("ends_on"))
        first, last = month_range(bounds["first"], bounds["last"], today)
        value = request.GET.get(MONTH_PARAM, "")
        month = parse_month(value) if value else today.replace(day=1)
        if month is None or not first <= month <= last:
            raise Http404(gettext("There is no calendar for that month."))
        return self.render(request, context_overrides=self.month_context(request, month, today, first, last))

    @path("festivos/", name="holidays_ics")
    def holidays_ics(self, request):
        holidays = feed_holidays(Holiday.objects.all())
        body = build_holidays_ics(holidays, name=f"{self.title}: {gettext('holidays')}")
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="festivos.ics"'
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def month_context(self, request, month, today, first, last):
        end = last_day(month)
        terms = list(
            Term.objects.overlapping(month, end).prefetch_related(
                Prefetch("classes", queryset=ClassSchedule.objects.order_by("weekday", "starts_at", "pk"))
            )
        )
        holidays = list(Holiday.objects.overlapping(month, end))
        previous, following = shift_month(month, -1), shift_month(month, 1)
        return {
            "month": month,
            "is_this_month": month == today.replace(day=1),
            "this_month_param": month_param(today),
            "weeks": month_weeks(month, today=today, terms=terms, holidays=holidays),
            "terms": [(term, weekly_timetable(term)) for term in terms],
            "holidays": holidays,
            "previous_month": previous if previous >= first else None,
            "previous_param": month_param(previous),
            "next_month": following if following <= last else None,
            "next_param": month_param(following),
            "ics_url": self.get_url(request) + self.reverse_subpage("holidays_ics"),
        }
