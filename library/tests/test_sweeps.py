import datetime

from django.utils import timezone

from library.models import ExtractionStatus, LibraryDocument
from library.sweeps import requeue_pending_extractions
from portal.testing import LuminoTestCase

from .factories import make_document


class RequeuePendingExtractionsTests(LuminoTestCase):
    def test_documents_stuck_pending_are_extracted_again_and_recent_ones_left_alone(self):
        stuck = make_document("Atascado")
        recent = make_document("Reciente")
        LibraryDocument.objects.filter(pk=stuck.pk).update(
            extraction_requested_at=timezone.now() - datetime.timedelta(hours=1)
        )
        LibraryDocument.objects.filter(pk=recent.pk).update(extraction_requested_at=timezone.now())
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(requeue_pending_extractions(), 1)
        self.assertEqual(LibraryDocument.objects.get(pk=stuck.pk).extraction_status, ExtractionStatus.DONE)
        self.assertEqual(LibraryDocument.objects.get(pk=recent.pk).extraction_status, ExtractionStatus.PENDING)

    def test_finished_documents_are_not_requeued(self):
        done = make_document("Terminado")
        LibraryDocument.objects.filter(pk=done.pk).update(
            extraction_status=ExtractionStatus.DONE, extraction_requested_at=None
        )
        self.assertEqual(requeue_pending_extractions(), 0)
