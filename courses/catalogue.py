"""The course index's filters and listing, kept out of the page model so each reads on its own.

Every filter is an EXISTS or a plain column test, and the page's courses get their upcoming
sessions, tags, category and image renditions in a fixed number of queries.
"""

from datetime import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from taggit.models import Tag

from portal.params import Slug, Text, read_params

from .models import CourseCategory, CoursePage, Session

MONTHS_AHEAD = 6


def upcoming_months(now=None):
    """(value "YYYY-MM", label) for this month and the next few, in the site's time zone."""
    today = timezone.localdate(now)
    months = []
    year, month = today.year, today.month
    for _step in range(MONTHS_AHEAD):
        first = datetime(year, month, 1)
        months.append((f"{year:04d}-{month:02d}", date_format(first, "YEAR_MONTH_FORMAT")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_bounds(value):
    """Aware start and end of a "YYYY-MM" month, or None when the value is not one we offer."""
    if value not in dict(upcoming_months()):
        return None
    year, month = (int(part) for part in value.split("-"))
    start = timezone.make_aware(datetime(year, month, 1))
    end = timezone.make_aware(datetime(year + (month == 12), month % 12 + 1, 1))
    return start, end


class CourseListing:
    PRICE_CHOICES = [("free", _("Free")), ("paid", _("Paid"))]

    def __init__(self, index_page, request):
        self.index_page = index_page
        self.request = request
        fields = {key: Text(max_length=80) for key in self.filter_names()}
        fields.update(category=Slug(max_length=80), tag=Slug(max_length=80))
        self.params = read_params(request.GET, **fields)

    @staticmethod
    def filter_names():
        return ["category", "level", "modality", "month", "price", "tag"]

    def published(self):
        return CoursePage.objects.child_of(self.index_page).live().public()

    def queryset(self):
        now = timezone.now()
        upcoming = Session.objects.filter(course=OuterRef("pk"), status=Session.Status.SCHEDULED, starts_at__gt=now)
        courses = self.published()
        params = self.params
        if params["category"]:
            courses = courses.filter(category__slug=params["category"])
        if params["level"] in CoursePage.Level.values:
            courses = courses.filter(level=params["level"])
        if params["modality"] in Session.Modality.values:
            courses = courses.filter(Exists(upcoming.filter(modality=params["modality"])))
        bounds = month_bounds(params["month"])
        if bounds:
            courses = courses.filter(Exists(upcoming.filter(starts_at__gte=bounds[0], starts_at__lt=bounds[1])))
        if params["price"] == "free":
            courses = courses.filter(price__lte=0)
        elif params["price"] == "paid":
            courses = courses.filter(price__gt=0)
        if params["tag"]:
            courses = courses.filter(
                Exists(CoursePage.tags.through.objects.filter(content_object=OuterRef("pk"), tag__slug=params["tag"]))
            )
        next_start = Subquery(upcoming.order_by("starts_at").values("starts_at")[:1])
        return courses.annotate(next_start=next_start).order_by(F("next_start").asc(nulls_last=True), "title")

    def offered_choices(self):
        """Levels, modalities, months and prices that find at least one published course: a filter
        never offers a value that lists nothing (three queries)."""
        published = self.published()
        sessions = Session.objects.filter(
            course__in=published.values("pk"), status=Session.Status.SCHEDULED, starts_at__gt=timezone.now()
        )
        levels = set(published.order_by().values_list("level", flat=True).distinct())
        modalities = set(sessions.order_by().values_list("modality", flat=True).distinct())
        months = {
            f"{day.year:04d}-{day.month:02d}"
            for day in sessions.datetimes("starts_at", "month", tzinfo=timezone.get_current_timezone())
        }
        prices = published.aggregate(free=Count("pk", filter=Q(price__lte=0)), paid=Count("pk", filter=Q(price__gt=0)))
        return {
            "levels": [choice for choice in CoursePage.Level.choices if choice[0] in levels],
            "modalities": [choice for choice in Session.Modality.choices if choice[0] in modalities],
            "months": [choice for choice in upcoming_months() if choice[0] in months],
            "prices": [choice for choice in self.PRICE_CHOICES if prices[choice[0]]],
        }

    def context(self):
        paginator = Paginator(self.queryset().select_related("category"), self.index_page.page_size)
        try:
            page_obj = paginator.page(self.request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            page_obj = paginator.page(1)
        courses = list(page_obj.object_list)
        images = get_image_model().objects.prefetch_renditions()
        prefetch_related_objects(
            courses,
            Prefetch("image", queryset=images),
            Prefetch("og_image", queryset=images),
            "tags",
            Prefetch("sessions", queryset=Session.objects.upcoming().with_seats(), to_attr="upcoming_sessions"),
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            "courses": courses,
            "page_obj": page_obj,
            "query_string": query.urlencode(),
            "filters": self.params,
            "categories": list(CourseCategory.objects.filter(courses__in=self.published()).distinct()),
            **self.offered_choices(),
            "tags": list(
                Tag.objects.filter(courses_coursepagetag_items__content_object__in=self.published())
                .distinct()
                .order_by("name")
            ),
            "is_filtered": any(self.params.values()),
        }
