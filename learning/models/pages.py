"""Modules and lessons: Wagtail pages under each CoursePage (course → module → lesson).

Their order is the page tree's order, so staff reorder them in the explorer. A lesson is
served only to people who may open it (see `access.may_open_lessons`); anybody else gets
its outline and a call to reserve. Neither type is in the site search, the feeds or, for
visitors, the sitemap.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from ..blocks import LessonBodyBlock


class LearningPage(Page):
    """What modules and lessons share: kept out of search, sitemaps and caches."""

    # Lessons are for enrolled people only: the site search registry does not list them,
    # and Wagtail's own index keeps only the title (for the admin's page search).
    search_fields = [*Page.search_fields]

    class Meta:
        abstract = True

    def get_sitemap_urls(self, request=None):
        return []

    @property
    def course(self):
        from courses.models import CoursePage

        return CoursePage.objects.ancestor_of(self).first() if self.path else None

    def private_response(self, response):
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response


class ModulePage(LearningPage):
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("What this module covers, in a sentence or two.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["learning.LessonPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def serve(self, request, *args, **kwargs):
        from ..outline import course_outline, learner_view

        course = self.course
        context = self.get_context(request, *args, **kwargs)
        context.update(learner_view(request.user, course))
        context["outline"] = course_outline(course, member=request.user)
        return self.private_response(TemplateResponse(request, self.get_template(request), context))


class LessonPage(LearningPage):
    summary = models.TextField(_("summary"), blank=True, help_text=_("Shown in the course outline."))
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("How long a learner needs for this lesson, from 1 to 600 minutes."),
    )
    required = models.BooleanField(
        _("required for the certificate"),
        default=True,
        help_text=_("Untick for optional lessons: the certificate does not wait for them."),
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("lesson"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("required"),
        FieldPanel("body"),
    ]
    parent_page_types = ["learning.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Through a query, not get_parent(): a lesson previewed before its first save has no path yet.
        context["module"] = ModulePage.objects.ancestor_of(self).first() if self.path else None
        return context

    def serve(self, request, *args, **kwargs):
        from ..outline import course_outline, learner_view
        from ..services import record_visit

        course = self.course
        context = self.get_context(request, *args, **kwargs)
        view = learner_view(request.user, course)
        context.update(view)
        enrolment = view["enrolment"]
        context["outline"] = course_outline(
            course, member=request.user, last_lesson_id=enrolment.last_lesson_id if enrolment else None
        )
        if view["may_open"] and view["enrolment"] is not None:
            record_visit(enrolment=view["enrolment"], lesson=self)
        context["completed"] = self.pk in context["outline"].completed_ids
        context["next_lesson"], context["previous_lesson"] = context["outline"].neighbours(self)
        template = self.get_template(request) if view["may_open"] else "learning/lesson_locked.html"
        return self.private_response(TemplateResponse(request, template, context))

    def serve_preview(self, request, mode_name):
        # Editors preview the lesson itself, whatever their enrolments.
        from ..outline import course_outline

        context = self.get_context(request)
        context.update({"may_open": True, "enrolment": None, "completed": False})
        context["outline"] = course_outline(self.course, member=None)
        context["next_lesson"] = context["previous_lesson"] = None
        return TemplateResponse(request, self.get_template(request), context)
