"""The catalogue: categories, tags, the course index and the course pages."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from accounts.roles import Role
from home.fragments import DeferredContextPage
from home.models import SeoMixin
from home.searchable import SearchablePage, facet_search_fields
from home.visibility import VisiblePageManager

from ..blocks import CourseFAQBlock, ObjectivesBlock, SyllabusBlock, TestimonialsBlock, stream_plain_text
from .sessions import Session


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


class CoursePage(DeferredContextPage, SearchablePage, SeoMixin, Page):
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

    objects = VisiblePageManager()

    # The search protocol (home/searchable.py): what differs from the defaults.
    search_kind = "course"
    search_kind_label = _("Course")
    search_summary_field = "summary"
    card_image_fields = ("image", "og_image")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=1.5),
        index.SearchField("objectives"),
        index.SearchField("syllabus"),
        *facet_search_fields(category=True),
        index.FilterField("level"),
    ]

    class Meta:
        verbose_name = _("course page")

    @property
    def is_free(self):
        return self.price <= 0

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
        return list(Session.objects.upcoming().filter(course=self).with_seats().select_related("instructor"))

    @property
    def next_session(self):
        sessions = self.upcoming_sessions
        return sessions[0] if sessions else None

    @classmethod
    def search_year(cls):
        """The year of the next session, or of the first publication for a course without dates."""
        next_start = Session.objects.upcoming().filter(course=OuterRef("pk")).order_by("starts_at").values("starts_at")
        return ExtractYear(Coalesce(Subquery(next_start[:1]), F("first_published_at")))

    @classmethod
    def card_prefetches(cls):
        upcoming = Session.objects.upcoming().with_seats().select_related("instructor")
        return ["tags", "category", Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions")]

    def fragment_context(self, request):
        return {
            "sessions": self.upcoming_sessions,
            "instructors": list(self.instructors.all()),
            "required_courses": list(self.requires_courses.visible_to(request.user)),
            "course_tags": list(self.tags.all()),
        }
