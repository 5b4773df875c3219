"""The course index's listing, shared by the page and `/api/v1/courses/` (see home/listing.py).

Every filter is an EXISTS or a plain column test, and the page's courses get their upcoming
sessions, tags, category and image renditions in a fixed number of queries.
"""

from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from home.listing import Listing
from portal.params import Choice, Slug

from .models.pages import CourseCategory, CoursePage
from .models.sessions import Session

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


PRICE_CHOICES = [("free", _("Free")), ("paid", _("Paid"))]


class CourseListing(Listing):
    model = "courses.CoursePage"
    labels = {
        "category": _("Category"),
        "level": _("Level"),
        "modality": _("Modality"),
        "month": _("Month"),
        "price": _("Price"),
        "tag": _("Topic"),
    }

    def __init__(self, index, user, query=None):
        super().__init__(index, user, query)
        if index is not None:
            self.per_page = index.page_size

    def fields(self):
        return {
            "category": Slug(max_length=80),
            "level": Choice(CoursePage.Level.values),
            "modality": Choice(Session.Modality.values),
            "month": Choice(dict(upcoming_months())),
            "price": Choice(dict(PRICE_CHOICES)),
            "tag": Slug(max_length=80),
        }

    @staticmethod
    def upcoming():
        return Session.objects.filter(
            course=OuterRef("pk"), status=Session.Status.SCHEDULED, starts_at__gt=timezone.now()
        )

    def filter_category(self, courses, slug):
        return courses.filter(category__slug=slug)

    def filter_level(self, courses, level):
        return courses.filter(level=level)

    def filter_modality(self, courses, modality):
        return courses.filter(Exists(self.upcoming().filter(modality=modality)))

    def filter_month(self, courses, month):
        start, end = month_bounds(month)
        return courses.filter(Exists(self.upcoming().filter(starts_at__gte=start, starts_at__lt=end)))

    def filter_price(self, courses, price):
        return courses.filter(price__lte=0) if price == "free" else courses.filter(price__gt=0)

    def filter_tag(self, courses, slug):
        tagged = CoursePage.tags.through.objects.filter(content_object=OuterRef("pk"), tag__slug=slug)
        return courses.filter(Exists(tagged))

    def order(self, courses):
        """By the next session, courses without dates last."""
        next_start = Subquery(self.upcoming().order_by("starts_at").values("starts_at")[:1])
        return courses.annotate(next_start=next_start).order_by(F("next_start").asc(nulls_last=True), "title", "pk")

    def options(self):
        """Levels, modalities, months and prices that find at least one published course: a filter
        never offers a value that lists nothing."""
        published = self.pages()
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
            "categories": list(CourseCategory.objects.filter(courses__in=published).distinct()),
            "levels": [choice for choice in CoursePage.Level.choices if choice[0] in levels],
            "modalities": [choice for choice in Session.Modality.choices if choice[0] in modalities],
            "months": [choice for choice in upcoming_months() if choice[0] in months],
            "prices": [choice for choice in PRICE_CHOICES if prices[choice[0]]],
            "tags": list(
                Tag.objects.filter(courses_coursepagetag_items__content_object__in=published)
                .distinct()
                .order_by("name")
            ),
        }

    def option_labels(self, options):
        return {
            **super().option_labels(options),
            "category": {category.slug: category.name for category in options["categories"]},
            "tag": {tag.slug: tag.name for tag in options["tags"]},
        }
