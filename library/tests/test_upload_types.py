"""Every accepted kind of upload is checked by its real content, through the admin's own upload
forms: a good file passes; a polyglot (a web page that also passes for the kind) and a file of
another kind are refused with one message, the one that names the problem."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from library.models import LibraryDocument
from portal.testing import LuminoTestCase

from .factories import make_docx, make_pdf, make_xlsx, upload_document, zip_bytes

PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
OOXML_TYPES = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}


def root_collection():
    return Collection.get_first_root_node().pk


def ooxml(kind, content_type=None):
    part, main_type = OOXML_TYPES[kind]
    types = f'<Types><Override PartName="/{part}" ContentType="{content_type or main_type}"/></Types>'
    return zip_bytes({"[Content_Types].xml": types, part: "<x/>"})


def odf(mimetype):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# kind: (a good file, a polyglot, a file of another kind, the code of the polyglot's refusal)
CASES = {
    "pdf": (make_pdf("Guía", ["Texto"]), b"<html><!-- %PDF-1.7 -->" + PAGE, make_docx("x", ["y"])),
    "docx": (make_docx("Guía", ["Texto"]), PAGE + make_docx("x", ["y"]), make_xlsx([["a", 1]])),
    "xlsx": (make_xlsx([["a", 1]]), PAGE + make_xlsx([["a", 1]]), make_docx("x", ["y"])),
    "pptx": (ooxml("pptx"), PAGE + ooxml("pptx"), ooxml("docx")),
    "odt": (odf(ODT), PAGE + odf(ODT), odf(ODS)),
    "ods": (odf(ODS), PAGE + odf(ODS), odf(ODT)),
    "zip": (zip_bytes({"a.txt": "hola"}), PAGE + zip_bytes({"a.txt": "hola"}), make_pdf("x", ["y"])),
    "csv": ("año;niños\n1;2\n".encode(), b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", b"a,b\x00"),
    "txt": (b"Apuntes: usa <script> con cuidado.\n", b"\n  " + PAGE, make_pdf("x", ["y"])),
}


class DocumentKindTests(LuminoTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def upload(self, name, content):
        return upload_document(self.client, name, content)

    def assertRefusedOnce(self, response, codes):
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertEqual(list(errors), ["file"])
        (error,) = errors.as_data()["file"]
        self.assertIn(error.code, codes)
        self.assertContains(response, escape(error.messages[0]), count=1)
        self.assertFalse(LibraryDocument.objects.exists())
        return error

    def test_a_good_file_of_every_kind_is_accepted(self):
        for kind, (good, _polyglot, _other) in CASES.items():
            with self.subTest(kind):
                response = self.upload(f"bueno.{kind}", good)
                self.assertEqual(response.status_code, 302)
        self.assertEqual(LibraryDocument.objects.count(), len(CASES))

    def test_a_web_page_passing_for_any_kind_is_refused(self):
        for kind, (_good, polyglot, _other) in CASES.items():
            with self.subTest(kind):
                error = self.assertRefusedOnce(
                    self.upload(f"poliglota.{kind}", polyglot), {"content_mismatch", "content_markup"}
                )
                self.assertIn(f".{kind}", error.messages[0])

    def test_a_file_of_another_kind_is_refused(self):
        for kind, (_good, _polyglot, other) in CASES.items():
            with self.subTest(kind):
                error = self.assertRefusedOnce(self.upload(f"otro.{kind}", other), {"content_mismatch"})
                self.assertIn(f".{kind}", error.messages[0])

    def test_a_pdf_with_a_web_page_after_its_header_is_refused_as_markup(self):
        self.assertRefusedOnce(self.upload("mixto.pdf", b"%PDF-1.4\n" + PAGE), {"content_markup"})

    def test_a_pdf_header_alone_is_not_a_pdf(self):
        self.assertRefusedOnce(self.upload("cabecera.pdf", b"%PDF-1.7\n" + b"0" * 200), {"content_mismatch"})

    def test_text_that_is_not_utf8_asks_for_utf8(self):
        error = self.assertRefusedOnce(self.upload("datos.csv", "año;niños\n".encode("latin-1")), {"text_not_utf8"})
        self.assertIn("UTF-8", error.messages[0])


class ImageKindTests(LuminoTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def upload(self, name, content):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Imagen",
                "file": SimpleUploadedFile(name, content),
                "collection": Collection.get_first_root_node().pk,
            },
        )

    def assertRefusedOnce(self, response):
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertEqual(list(errors), ["file"])
        (message,) = errors["file"]
        self.assertContains(response, escape(message), count=1)
        self.assertFalse(get_image_model().objects.exists())
        return message

    def test_a_real_image_is_accepted(self):
        response = self.upload("foto.png", get_test_image_file().file.getvalue())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(get_image_model().objects.count(), 1)

    def test_a_web_page_behind_an_image_signature_is_refused(self):
        self.assertRefusedOnce(self.upload("foto.gif", b"GIF89a" + PAGE))

    def test_an_svg_or_page_named_as_an_image_is_refused(self):
        for name, content in (("dibujo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), ("foto.jpg", PAGE)):
            with self.subTest(name):
                self.assertRefusedOnce(self.upload(name, content))

    def test_an_image_of_another_kind_than_its_name_is_refused(self):
        message = self.assertRefusedOnce(self.upload("foto.jpg", get_test_image_file().file.getvalue()))
        self.assertIn("JPEG", message.upper())
