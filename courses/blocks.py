"""StreamField blocks only course pages use (shared blocks live in home/blocks.py)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.list_block import ListValue

from home.blocks import FAQItemBlock


class ObjectiveBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
        label = _("Objective")
        template = "blocks/course_objective.html"


class LessonBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=160)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-empty"
        label = _("Lesson")


class ModuleBlock(blocks.StructBlock):
    """One module of the syllabus and its lessons, in teaching order."""

    title = blocks.CharBlock(label=_("Title"), max_length=160)
    description = blocks.TextBlock(label=_("Description"), required=False)
    lessons = blocks.ListBlock(LessonBlock(), label=_("Lessons"))

    class Meta:
        icon = "list-ol"
        label = _("Module")
        template = "blocks/course_module.html"
        preview_value = {
            "title": "Fundamentos",
            "description": "Lo imprescindible para empezar.",
            "lessons": [{"title": "Instalación", "description": "Preparar el entorno."}],
        }


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), max_length=120)
    role = blocks.CharBlock(label=_("Role or company"), max_length=120, required=False)

    class Meta:
        icon = "openquote"
        label = _("Testimonial")
        template = "blocks/course_testimonial.html"
        preview_value = {"quote": "Muy práctico.", "author": "Ana", "role": "Desarrolladora"}


class ObjectivesBlock(blocks.StreamBlock):
    objective = ObjectiveBlock()


class SyllabusBlock(blocks.StreamBlock):
    module = ModuleBlock()


class TestimonialsBlock(blocks.StreamBlock):
    testimonial = TestimonialBlock()


class CourseFAQBlock(blocks.StreamBlock):
    faq = FAQItemBlock()


def stream_plain_text(stream_value):
    """The words of a StreamField value, without markup: for search and summaries."""
    parts = []
    for child in stream_value or []:
        parts.extend(_plain(child.value))
    return " ".join(part for part in parts if part)


def _plain(value):
    if isinstance(value, dict):
        return [text for item in value.values() for text in _plain(item)]
    if isinstance(value, list | tuple | ListValue):
        return [text for item in value for text in _plain(item)]
    if hasattr(value, "source"):  # RichText
        return [strip_tags(value.source)]
    return [str(value).strip()] if value is not None else []
