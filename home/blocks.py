"""StreamField blocks shared by every page type. Blocks only one app uses live in that app."""

from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CODE_LANGUAGES = [
    ("python", "Python"),
    ("bash", "Bash"),
    ("javascript", "JavaScript"),
    ("typescript", "TypeScript"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("sql", "SQL"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("java", "Java"),
    ("go", "Go"),
    ("rust", "Rust"),
    ("text", _("Plain text")),
]


def reachable_by_keyboard(highlighted, language, caption=""):
    """Pygments' HTML with a <pre> the keyboard can reach to scroll long lines sideways, and a name."""
    label = caption or format_lazy(_("Code in {language}"), language=dict(CODE_LANGUAGES).get(language, language))
    return highlighted.replace("<pre>", format_html('<pre tabindex="0" role="region" aria-label="{}">', label), 1)


class TextOnlyStructBlock(blocks.StructBlock):
    """A StructBlock whose search text is what a reader sees as words: not the labels of the choices
    an editor picked (a heading's "Heading 2", a callout's "Warning") nor addresses."""

    def get_searchable_content(self, value):
        return [
            text
            for name, child in self.child_blocks.items()
            if not isinstance(child, blocks.ChoiceBlock | blocks.URLBlock)
            for text in child.get_searchable_content(value.get(name))
        ]


class HeadingBlock(TextOnlyStructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=160)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"
        preview_value = {"text": "Aprende con proyectos reales", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph.html"
        preview_value = "<p>Un párrafo con <b>texto enriquecido</b> y <a href='#'>enlaces</a>.</p>"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it; leave empty to use the image's title."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=160)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        preview_value = {"quote": "Lo que aprendí aquí lo uso cada día.", "attribution": "Ana, alumna"}


class CallToActionBlock(TextOnlyStructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/call_to_action.html"
        preview_value = {"title": "¿Empezamos?", "text": "Reserva tu plaza hoy.", "button_label": "Ver cursos"}


class CalloutBlock(TextOnlyStructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning")), ("danger", _("Danger"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "code", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout.html"
        preview_value = {"kind": "tip", "title": "Consejo", "text": "<p>Guarda tu trabajo a menudo.</p>"}


class CodeBlock(TextOnlyStructBlock):
    """Source code, highlighted on the server so the page needs no JavaScript."""

    language = blocks.ChoiceBlock(label=_("Language"), choices=CODE_LANGUAGES, default="python")
    code = blocks.TextBlock(label=_("Code"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=160)

    class Meta:
        icon = "code"
        label = _("Code")
        template = "blocks/code.html"
        preview_value = {"language": "python", "code": "def saluda(nombre):\n    return f'Hola, {nombre}'"}

    @cached_property
    def formatter(self):
        return HtmlFormatter(cssclass="highlight", wrapcode=True)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        try:
            lexer = get_lexer_by_name(value["language"])
        except ClassNotFound:
            lexer = get_lexer_by_name("text")
        # Pygments escapes the source itself, so its output is safe HTML.
        html = highlight(value["code"], lexer, self.formatter)
        context["highlighted"] = mark_safe(reachable_by_keyboard(html, value["language"], value.get("caption")))  # noqa: S308
        return context


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=160)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_link.html"


class EmbedMediaBlock(EmbedBlock):
    class Meta:
        icon = "media"
        label = _("Embedded media")
        template = "blocks/embed.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "blocks/faq_item.html"
        preview_value = {"question": "¿Hay certificado?", "answer": "<p>Sí, al completar el curso.</p>"}


class DataTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    callout = CalloutBlock()
    code = CodeBlock()
    table = DataTableBlock()
    embed = EmbedMediaBlock()
    document = DocumentLinkBlock()
    faq = FAQItemBlock()

    class Meta:
        block_counts = {}
