"""Blocks only library articles use; the shared ones are in home/blocks.py."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from home.blocks import CODE_LANGUAGES, BaseStreamBlock, TextOnlyStructBlock, reachable_by_keyboard

RICH_FEATURES = ["bold", "italic", "link", "code", "ul", "ol"]


class ExerciseBlock(TextOnlyStructBlock):
    """A task for the reader, with the solution folded away until they open it (no JavaScript)."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    prompt = blocks.RichTextBlock(label=_("What to do"), features=RICH_FEATURES)
    solution = blocks.RichTextBlock(label=_("Solution"), required=False, features=RICH_FEATURES)
    solution_language = blocks.ChoiceBlock(label=_("Language of the solution code"), choices=CODE_LANGUAGES)
    solution_code = blocks.TextBlock(label=_("Solution code"), required=False)

    class Meta:
        icon = "tick-inverse"
        label = _("Exercise")
        template = "blocks/library_exercise.html"
        preview_value = {
            "title": "Practica",
            "prompt": "<p>Escribe una función que sume una lista de números.</p>",
            "solution": "<p>Usa <code>sum()</code>.</p>",
            "solution_language": "python",
            "solution_code": "def suma(numeros):\n    return sum(numeros)",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if value["solution_code"]:
            try:
                lexer = get_lexer_by_name(value["solution_language"] or "text")
            except ClassNotFound:
                lexer = get_lexer_by_name("text")
            formatter = HtmlFormatter(cssclass="highlight", wrapcode=True)
            # Pygments escapes the source itself, so its output is safe HTML.
            html = highlight(value["solution_code"], lexer, formatter)
            context["highlighted"] = mark_safe(reachable_by_keyboard(html, value["solution_language"]))  # noqa: S308
        return context


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    points = blocks.ListBlock(blocks.CharBlock(label=_("Point"), max_length=250), label=_("Points"))

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "blocks/library_key_points.html"
        preview_value = {"title": "En resumen", "points": ["Mide antes de optimizar.", "Automatiza las pruebas."]}


class LibraryStreamBlock(BaseStreamBlock):
    exercise = ExerciseBlock()
    key_points = KeyPointsBlock()
