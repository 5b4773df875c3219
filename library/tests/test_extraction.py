from unittest import mock

from django.core.files.base import ContentFile

from wagtail.search import index

from library import extraction
from library.models import ExtractionStatus, LibraryArticlePage, LibraryDocument
from library.services import extract_document
from library.tasks import extract_document_text
from portal.testing import LuminoTestCase

from .factories import (
    make_article,
    make_document,
    make_docx,
    make_library_index,
    make_pdf,
    make_xlsx,
    zip_bomb_docx,
    zip_bytes,
)


class ExtractionServiceTests(LuminoTestCase):
    def extract(self, data, filename):
        document = make_document("Documento", data=data, filename=filename)
        status = extract_document(document_id=document.pk)
        document.refresh_from_db()
        self.assertEqual(document.extraction_status, status)
        return document

    def test_pdf_text_is_extracted(self):
        document = self.extract(make_pdf("Guía de redes", ["Máscaras CIDR y subredes"]), "redes.pdf")
        self.assertEqual(document.extraction_status, ExtractionStatus.DONE)
        self.assertIn("Guía de redes", document.extracted_text)
        self.assertIn("Máscaras CIDR y subredes", document.extracted_text)
        self.assertEqual(document.extraction_error, "")

    def test_docx_paragraphs_and_tables_are_extracted(self):
        document = self.extract(make_docx("Plantilla", ["Primer ejercicio de Django"]), "plantilla.docx")
        self.assertEqual(document.extraction_status, ExtractionStatus.DONE)
        self.assertIn("Primer ejercicio de Django", document.extracted_text)
        self.assertIn("Duración", document.extracted_text)  # from the table

    def test_xlsx_cells_are_extracted(self):
        document = self.extract(make_xlsx([["Módulo", "Horas"], ["Kubernetes", 12]]), "plan.xlsx")
        self.assertEqual(document.extraction_status, ExtractionStatus.DONE)
        self.assertIn("Kubernetes 12", document.extracted_text)

    def test_malformed_pdf_is_recorded_as_failed_with_a_reason(self):
        document = self.extract(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref", "roto.pdf")
        self.assertEqual(document.extraction_status, ExtractionStatus.FAILED)
        self.assertIn("could not be read as .pdf", document.extraction_error)
        self.assertEqual(document.extracted_text, "")

    def test_zip_bomb_is_refused_before_it_is_opened(self):
        with mock.patch("docx.Document") as opened:
            document = self.extract(zip_bomb_docx(), "bomba.docx")
        opened.assert_not_called()
        self.assertEqual(document.extraction_status, ExtractionStatus.FAILED)
        self.assertIn("zip bomb", document.extraction_error)

    def test_formats_without_a_reader_are_unsupported(self):
        pptx = zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
        document = self.extract(pptx, "charla.pptx")
        self.assertEqual(document.extraction_status, ExtractionStatus.UNSUPPORTED)

    def test_page_and_character_limits_bound_the_work(self):
        data = make_pdf("Manual largo", ["Contenido repetido de la página"], pages=5)
        with mock.patch.object(extraction, "MAX_PAGES", 2):
            text = extraction.extract_text(data, "pdf")
        self.assertIn("página 2", text)
        self.assertNotIn("página 3", text)
        with mock.patch.object(extraction, "MAX_CHARS", 20):
            self.assertEqual(len(extraction.extract_text(data, "pdf")), 20)

    def test_a_missing_file_fails_cleanly(self):
        document = make_document("Desaparecido")
        document.file.storage.delete(document.file.name)
        self.assertEqual(extract_document(document_id=document.pk), ExtractionStatus.FAILED)

    def test_running_twice_does_the_work_once(self):
        document = make_document("Una vez")
        self.assertEqual(extract_document_text.call(document.pk), ExtractionStatus.DONE)
        with mock.patch("library.services.extract_text") as reader:
            self.assertEqual(extract_document_text.call(document.pk), ExtractionStatus.DONE)
        reader.assert_not_called()
        self.assertIsNone(extract_document_text.call(999_999))


class ExtractionOnUploadTests(LuminoTestCase):
    """Saving a document with a new file enqueues extraction after commit; the articles that
    attach it get the text and are re-indexed, so search finds words that only the PDF contains."""

    def test_new_document_is_extracted_and_its_articles_become_searchable(self):
        index_page = make_library_index()
        with self.captureOnCommitCallbacks(execute=True):
            document = make_document("Apuntes", data=make_pdf("Apuntes", ["El protocolo zeroconf anuncia servicios"]))
            article = make_article(index_page, "Descubrimiento de servicios", documents=[document])
        document.refresh_from_db()
        self.assertEqual(document.extraction_status, ExtractionStatus.DONE)
        article = LibraryArticlePage.objects.get(pk=article.pk)
        self.assertIn("zeroconf", article.attachments_text)
        index.insert_or_update_object(article)
        found = LibraryArticlePage.objects.live().search("zeroconf")
        self.assertEqual([page.pk for page in found], [article.pk])

    def test_replacing_the_file_extracts_again_and_updates_the_articles(self):
        index_page = make_library_index()
        with self.captureOnCommitCallbacks(execute=True):
            document = make_document("Versión", data=make_pdf("Versión", ["primera edición"]))
        article = make_article(index_page, "Artículo con versión", documents=[document])
        self.assertIn("primera edición", article.attachments_text)
        with self.captureOnCommitCallbacks(execute=True):
            document = LibraryDocument.objects.get(pk=document.pk)
            document.file.save("version-2.pdf", ContentFile(make_pdf("Versión", ["segunda edición"])), save=False)
            document.save()
        document.refresh_from_db()
        self.assertIn("segunda edición", document.extracted_text)
        self.assertIn("segunda edición", LibraryArticlePage.objects.get(pk=article.pk).attachments_text)

    def test_editing_only_the_title_does_not_extract_again(self):
        with self.captureOnCommitCallbacks(execute=True):
            document = make_document("Título")
        document = LibraryDocument.objects.get(pk=document.pk)
        document.title = "Otro título"
        with mock.patch("library.signals.request_extraction") as requested:
            document.save()
        requested.assert_not_called()
        self.assertEqual(LibraryDocument.objects.get(pk=document.pk).extraction_status, ExtractionStatus.DONE)

    def test_deleting_a_document_removes_its_text_from_the_articles(self):
        index_page = make_library_index()
        with self.captureOnCommitCallbacks(execute=True):
            kept = make_document("Queda", data=make_pdf("Queda", ["texto que se queda"]))
            gone = make_document("Se va", data=make_pdf("Se va", ["texto que se va"]))
        article = make_article(index_page, "Con dos adjuntos", documents=[kept, gone])
        self.assertIn("texto que se va", article.attachments_text)
        with self.captureOnCommitCallbacks(execute=True):
            LibraryDocument.objects.get(pk=gone.pk).delete()
        text = LibraryArticlePage.objects.get(pk=article.pk).attachments_text
        self.assertIn("texto que se queda", text)
        self.assertNotIn("texto que se va", text)
