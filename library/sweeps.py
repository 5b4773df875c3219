from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from portal.sweeps import register

from .models import ExtractionStatus, LibraryDocument
from .tasks import request_extraction

# An extraction normally finishes within seconds; after this long its task was lost.
STUCK_AFTER = timedelta(minutes=15)
BATCH = 200


@register
def requeue_pending_extractions():
    """Re-enqueue text extraction for documents left pending (lost task, crash, queue outage)."""
    cutoff = timezone.now() - STUCK_AFTER
    stuck = LibraryDocument.objects.filter(extraction_status=ExtractionStatus.PENDING).filter(
        Q(extraction_requested_at__lt=cutoff) | Q(extraction_requested_at__isnull=True)
    )
    count = 0
    for document in stuck.order_by("pk")[:BATCH]:
        request_extraction(document=document)
        count += 1
    return count
