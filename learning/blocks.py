"""The blocks of a lesson body: text, video, images, downloadable documents and code."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import (
    CalloutBlock,
    CodeBlock,
    DataTableBlock,
    DocumentLinkBlock,
    EmbedMediaBlock,
    HeadingBlock,
    ImageBlock,
    ParagraphBlock,
    QuoteBlock,
)


class VideoBlock(EmbedMediaBlock):
    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/embed.html"


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    video = VideoBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()
    code = CodeBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    table = DataTableBlock()
