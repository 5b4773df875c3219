"""The library's background work: extracting a document's text, requested here and done by
services.extract_document; the sweep re-requests what a lost task left pending."""

from django.utils import timezone

from django_tasks import task

from portal.tasks import enqueue_on_commit

from .models import ExtractionStatus, LibraryDocument
from .services import extract_document


@task()
def extract_document_text(document_id):
    """Extract a document's text for search; harmless to run twice (see services.extract_document)."""
    return extract_document(document_id=document_id)


def request_extraction(*, document):
    """Record that the document's text must be (re)extracted, then enqueue the work once the
    transaction commits; the sweep re-enqueues it if the queue loses it."""
    now = timezone.now()
    LibraryDocument.objects.filter(pk=document.pk).update(
        extraction_status=ExtractionStatus.PENDING, extraction_error="", extraction_requested_at=now
    )
    document.extraction_status, document.extraction_error = ExtractionStatus.PENDING, ""
    document.extraction_requested_at = now
    enqueue_on_commit(extract_document_text, document.pk)
