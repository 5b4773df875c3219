from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    UNSUPPORTED = "unsupported", _("Unsupported format")


class LibraryDocument(AbstractDocument):
    """The portal's document model (WAGTAILDOCS_DOCUMENT_MODEL): Wagtail's document plus the
    text extracted from it in the background, so attachments are searchable."""

    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=12,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(_("extraction error"), max_length=500, blank=True, editable=False)
    # When extraction was last asked for: the sweep re-enqueues rows pending for too long.
    extraction_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("extracted_text"),
        index.FilterField("extraction_status"),
    ]

    def clean(self):
        # Without a file (the form refused the upload and said why), Wagtail's extension check
        # would add a second, wrong message: "File extension “” is not allowed".
        if self.file:
            super().clean()

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
