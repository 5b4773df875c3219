"""Text extraction for library documents and the article text that depends on it."""

import logging

from django.db import transaction

from wagtail.search import index

from .extraction import ExtractionFailed, Unsupported, extract_text
from .files import max_upload_size
from .models import ExtractionStatus, LibraryArticlePage, LibraryDocument

logger = logging.getLogger(__name__)


def _read(document):
    with document.open_file() as handle:
        # Never more than an upload may weigh, whatever is on disk.
        return handle.read(max_upload_size() + 1)


def extract_document(*, document_id, force=False):
    """Extract the text of a pending document and refresh the articles that attach it.

    Idempotent: a document no longer pending is left alone unless `force`. Never raises for a
    bad file: the outcome is stored as done, failed (with the reason) or unsupported. Returns
    the status, or None when the document no longer exists.
    """
    document = LibraryDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    if document.extraction_status != ExtractionStatus.PENDING and not force:
        return document.extraction_status
    file_name = document.file.name
    text, error, status = "", "", ExtractionStatus.DONE
    try:
        text = extract_text(_read(document), document.file_extension)
    except Unsupported:
        status = ExtractionStatus.UNSUPPORTED
    except ExtractionFailed as exc:
        status, error = ExtractionStatus.FAILED, str(exc)
    except OSError as exc:
        status, error = ExtractionStatus.FAILED, f"The stored file could not be opened ({exc.__class__.__name__})."
    # Written only if the file is still the one we read: a re-upload meanwhile wins.
    with transaction.atomic():
        updated = LibraryDocument.objects.filter(pk=document.pk, file=file_name).update(
            extracted_text=text, extraction_status=status, extraction_error=error[:500]
        )
    if not updated:
        return LibraryDocument.objects.filter(pk=document_id).values_list("extraction_status", flat=True).first()
    if status == ExtractionStatus.FAILED:
        logger.warning("Text extraction failed for document %s: %s", document.pk, error)
    document.extracted_text, document.extraction_status, document.extraction_error = text, status, error[:500]
    reindex(document)
    refresh_attachments_text(document_id=document.pk)
    return status


def reindex(obj):
    """Update the object's search entry now; a failing backend is logged, never fatal (the text is
    saved, and the next save or `update_index` indexes it)."""
    try:
        with transaction.atomic():  # a savepoint: a failed statement must not poison the caller's transaction
            index.insert_or_update_object(obj)
    except Exception:
        logger.exception("Could not re-index %s #%s", type(obj).__name__, obj.pk)


def refresh_attachments_text(*, document_id=None, page_ids=None):
    """Recompute the attachment text of the articles attaching the document (or of the given
    articles), and re-index them. Returns how many were refreshed."""
    articles = LibraryArticlePage.objects.all()
    if document_id is not None:
        articles = articles.filter(attachments__document_id=document_id).distinct()
    if page_ids is not None:
        articles = articles.filter(pk__in=page_ids)
    count = 0
    for article in articles:
        article.attachments_text = article.collect_attachments_text()
        LibraryArticlePage.objects.filter(pk=article.pk).update(attachments_text=article.attachments_text)
        reindex(article)
        count += 1
    return count
