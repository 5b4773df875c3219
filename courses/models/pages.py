"""The catalogue: categories, tags, the course index and the course pages."""

from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from accounts.roles import Role
from home.models import SeoMixin

from ..blocks import CourseFAQBlock, ObjectivesBlock, SyllabusBlock, TestimonialsBlock, stream_plain_text


class CourseCategory(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("course category")
        verbose_name_plural = _("course categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CoursePageTag(TaggedItemBase):
    content_object = ParentalKey("courses.CoursePage", related_name="tagged_items", on_delete=models.CASCADE)


class CourseIndexPage(SeoMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    page_size = 12

    class Meta:
        verbose_name = _("course index page")

    def get_context(self, request, *args, **kwargs):
        from ..catalogue import CourseListing

        context = super().get_context(request, *args, **kwargs)
        context.update(CourseListing(self, request).context())
        return context


class CoursePage(SeoMixin, Page):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Currency(models.TextChoices):
        EUR = "EUR", "EUR"

    summary = models.TextField(_("summary"), help_text=_("Two or three sentences shown on cards and in search."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    objectives = StreamField(ObjectivesBlock(), verbose_name=_("objectives"), blank=True)
    syllabus = StreamField(SyllabusBlock(), verbose_name=_("syllabus"), blank=True)
    # Today's instructors are users in the Mentores group; a future mentors app can add a
    # Mentor model and migrate these rows through its `user` link.
    instructors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructors"),
        blank=True,
        related_name="courses_taught",
        limit_choices_to={"groups__name": Role.MENTOR.group_name},
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True, help_text=_("What learners should know."))
    requires_courses = ParentalManyToManyField(
        "self",
        verbose_name=_("required courses"),
        blank=True,
        symmetrical=False,
        related_name="required_by",
        help_text=_("Learners must have attended (or hold a confirmed seat in) these courses first."),
    )
    duration_hours = models.PositiveSmallIntegerField(_("duration (hours)"), default=1)
    price = models.DecimalField(
        _("price"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 means the course is free."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.BEGINNER)
    category = models.ForeignKey(
        CourseCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=CoursePageTag, blank=True)
    testimonials = StreamField(TestimonialsBlock(), verbose_name=_("testimonials"), blank=True)
    faq = StreamField(CourseFAQBlock(), verbose_name=_("frequently asked questions"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("level"),
                FieldPanel("tags"),
                FieldPanel("duration_hours"),
                FieldPanel("price"),
                FieldPanel("currency"),
            ],
            heading=_("Catalogue"),
        ),
        FieldPanel("objectives"),
        FieldPanel("syllabus"),
        FieldPanel("instructors"),
        MultiFieldPanel([FieldPanel("prerequisites"), FieldPanel("requires_courses")], heading=_("Prerequisites")),
        FieldPanel("testimonials"),
        FieldPanel("faq"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    # The course is taught in modules of lessons (the learning app).
    subpage_types = ["learning.ModulePage"]

    # The search app's protocol (see search/): kind, facets, filters and card fields.
    search_kind = "course"
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=1.5),
        index.SearchField("objectives"),
        index.SearchField("syllabus"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2), index.FilterField("slug")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("category_id"),
        index.FilterField("level"),
    ]

    class Meta:
        verbose_name = _("course page")

    @property
    def is_free(self):
        return self.price <= 0

    @property
    def card_image(self):
        return self.image or self.og_image

    @property
    def card_summary(self):
        return self.summary

    @property
    def search_category(self):
        return self.category.name if self.category_id else ""

    @property
    def search_date(self):
        session = self.next_session
        if session is not None:
            return timezone.localdate(session.starts_at)
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    def search_text(self):
        return " ".join(
            part
            for part in (self.summary, stream_plain_text(self.objectives), stream_plain_text(self.syllabus))
            if part
        )

    @cached_property
    def upcoming_sessions(self):
        """Scheduled sessions still ahead; uses a prefetch (`upcoming_sessions` to_attr) when present."""
        from .sessions import Session

        return list(Session.objects.upcoming().filter(course=self).with_seats().select_related("instructor"))

    @property
    def next_session(self):
        sessions = self.upcoming_sessions
        return sessions[0] if sessions else None

    @classmethod
    def _search_date_expression(cls):
        from .sessions import Session

        next_start = Session.objects.upcoming().filter(course=OuterRef("pk")).order_by("starts_at").values("starts_at")
        return Coalesce(Subquery(next_start[:1]), F("first_published_at"))

    @classmethod
    def search_facets(cls, page_ids):
        """Counts of tags, categories and years over `page_ids`, in three queries whatever their number."""
        page_ids = list(page_ids)
        tags = (
            CoursePageTag.objects.filter(content_object_id__in=page_ids)
            .values("tag__name")
            .annotate(count=Count("content_object_id", distinct=True))
        )
        categories = (
            cls.objects.filter(pk__in=page_ids, category__isnull=False)
            .values("category__name")
            .annotate(count=Count("pk"))
        )
        dates = cls.objects.filter(pk__in=page_ids).annotate(when=cls._search_date_expression()).values_list("when")
        return {
            "tag": Counter({row["tag__name"]: row["count"] for row in tags}),
            "category": Counter({row["category__name"]: row["count"] for row in categories}),
            "year": Counter(timezone.localtime(when).year for (when,) in dates if when is not None),
        }

    @classmethod
    def search_filter(cls, queryset, *, tag=None, category=None, year=None):
        """Narrow any page queryset to courses with this tag slug, category slug and/or search_date year."""
        courses = cls.objects.all()
        if tag:
            courses = courses.filter(Q(tagged_items__tag__slug=tag))
        if category:
            courses = courses.filter(category__slug=category)
        if year:
            courses = courses.annotate(when=cls._search_date_expression()).filter(when__year=int(year))
        if tag is None and category is None and year is None:
            return queryset
        return queryset.filter(pk__in=courses.values("pk"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = self.upcoming_sessions
        context["instructors"] = list(self.instructors.all())
        context["required_courses"] = list(self.requires_courses.live().public())
        context["course_tags"] = list(self.tags.all())
        return context
