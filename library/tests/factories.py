"""Builders for library tests: categories, articles, documents made from real small files."""

import datetime
import io
import itertools
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import HomePage
from library.demo_files import make_docx, make_pdf
from library.models import Category, LibraryArticlePage, LibraryAttachment, LibraryDocument, LibraryIndexPage

_numbers = itertools.count(1)

__all__ = ["make_docx", "make_pdf"]


def make_library_index(**fields):
    fields.setdefault("title", "Biblioteca")
    fields.setdefault("slug", "biblioteca")
    index = LibraryIndexPage(**fields)
    HomePage.objects.get().add_child(instance=index)
    return index


def make_category(name, parent=None, slug=None):
    return Category.objects.create(name=name, slug=slug or name.lower().replace(" ", "-"), parent=parent)


def make_article(index, title=None, *, tags=(), authors=(), documents=(), members_only=False, **fields):
    number = next(_numbers)
    page = LibraryArticlePage(
        title=title or f"Artículo {number}",
        slug=fields.pop("slug", f"articulo-{number}"),
        date=fields.pop("date", datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 300)),
        intro=fields.pop("intro", f"Resumen del artículo {number}."),
        **fields,
    )
    if tags:
        page.tags.add(*tags)
    if authors:
        page.authors = list(authors)
    for document in documents:
        page.attachments.add(LibraryAttachment(document=document))
    index.add_child(instance=page)
    if members_only:
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def make_document(title="Guía", data=None, filename="guia.pdf", collection=None):
    document = LibraryDocument(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(
        filename, ContentFile(data if data is not None else make_pdf(title, ["Texto de prueba."])), False
    )
    document._set_document_file_metadata()
    document.save()
    return document


def members_collection():
    collection = Collection.get_first_root_node().add_child(name="Solo miembros")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb_docx():
    """A .docx-shaped archive whose document part unpacks to 40 MB of zeros (tiny on disk)."""
    return zip_bytes(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": b"\0" * (40 * 1024 * 1024)},
    )


def make_xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Datos"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_document(client, name, content):
    """Post a file to the admin's document upload form, as an editor's browser does."""
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Subida",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
