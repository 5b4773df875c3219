import io
import os
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Collection

from library.errors import LibraryError
from library.files import check_document_file
from library.models import ExtractionStatus, LibraryDocument
from portal.testing import LuminoTestCase

from .factories import make_docx, make_pdf, upload_document, zip_bomb_docx, zip_bytes


class DocumentUploadCheckTests(LuminoTestCase):
    """Uploads through the admin are refused, with a message naming the problem, when the content
    does not match the extension, when a zip would unpack to too much, or when they are too big."""

    def setUp(self):
        self.client.force_login(self.editor)

    def upload(self, name, content):
        return upload_document(self.client, name, content)

    def assertRefused(self, response, code, words):
        """The form shows the error (by code, so translations do not matter) naming the problem."""
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors.as_data()["file"]
        self.assertIn(code, [error.code for error in errors])
        message = " ".join(str(message) for error in errors for message in error.messages)
        for word in words:
            self.assertIn(word, message)
        self.assertContains(response, escape(errors[0].messages[0]))
        self.assertFalse(LibraryDocument.objects.exists())

    def test_a_pdf_that_is_not_a_pdf_is_refused(self):
        response = self.upload("informe.pdf", b"<html>not a pdf</html>")
        self.assertRefused(response, "content_mismatch", [".pdf"])

    def test_a_docx_that_is_not_a_zip_is_refused(self):
        self.assertRefused(self.upload("notas.docx", make_pdf("x", ["y"])), "content_mismatch", [".docx"])

    def test_a_zip_that_is_not_a_word_document_is_refused(self):
        self.assertRefused(self.upload("notas.docx", zip_bytes({"hola.txt": "hola"})), "content_mismatch", [".docx"])

    def test_a_zip_bomb_is_refused(self):
        self.assertRefused(self.upload("bomba.docx", zip_bomb_docx()), "zip_ratio", ["zip"])

    def test_a_text_file_with_binary_content_is_refused(self):
        self.assertRefused(self.upload("datos.csv", b"a,b\x00\x01\x02"), "content_mismatch", [".csv"])

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
    def test_a_file_over_the_size_limit_is_refused(self):
        content = b"%PDF-1.4\n" + b"0" * 4096
        self.assertRefused(self.upload("grande.pdf", content), "file_too_large", [filesizeformat(len(content))])

    def test_the_multiple_uploader_refuses_too(self):
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": SimpleUploadedFile("falso.pdf", b"GIF89a"), "collection": Collection.get_first_root_node().pk},
        )
        self.assertFalse(response.json()["success"])
        self.assertIn(".pdf", response.json()["error_message"])
        self.assertFalse(LibraryDocument.objects.exists())

    def test_valid_files_are_accepted_and_their_text_extracted(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.upload("guia.pdf", make_pdf("Guía", ["Texto buscable del PDF"]))
            self.assertEqual(response.status_code, 302)
            self.upload("plantilla.docx", make_docx("Plantilla", ["Texto del Word"]))
        pdf, docx = LibraryDocument.objects.order_by("pk")
        self.assertEqual(pdf.extraction_status, ExtractionStatus.DONE)
        self.assertIn("Texto buscable del PDF", pdf.extracted_text)
        self.assertIn("Texto del Word", docx.extracted_text)
        self.assertEqual(pdf.uploaded_by_user, self.editor)


class ZipLimitTests(LuminoTestCase):
    def test_an_archive_that_unpacks_to_too_much_is_refused_whatever_its_ratio(self):
        archive = zip_bytes({"a.bin": os.urandom(1500), "b.bin": os.urandom(1500)})
        with mock.patch("library.files.ZIP_MAX_UNCOMPRESSED", 2000), self.assertRaises(LibraryError) as refused:
            check_document_file(io.BytesIO(archive), "datos.zip", size=len(archive))
        self.assertEqual(refused.exception.code, "zip_too_large_unpacked")

    def test_an_archive_with_too_many_parts_is_refused(self):
        archive = zip_bytes({f"{n}.txt": "x" for n in range(30)})
        with mock.patch("library.files.ZIP_MAX_ENTRIES", 20), self.assertRaises(LibraryError) as refused:
            check_document_file(io.BytesIO(archive), "datos.zip", size=len(archive))
        self.assertEqual(refused.exception.code, "zip_too_many_entries")
