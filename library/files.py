"""Checks that an uploaded document is what its extension says, before anything parses it.

Each kind is checked by its own structure, not by a signature somewhere near the start: a PDF
starts with `%PDF-` at byte 0 and opens in pypdf; text is UTF-8 and not a web page, SVG or XML
in disguise (a browser sniffing it would run it); office files are zips whose declared content
type is the one of their extension.

Office files are zip archives: their directory is read (never the contents) to refuse zip
bombs by entry count, total unpacked size and compression ratio. `zipfile` never inflates an
entry beyond its declared size, so the declared sizes checked here bound what a parser reads.
The few small parts read afterwards ([Content_Types].xml, mimetype) are capped too.
"""

import re
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

import filetype

from portal.uploads import ZipRefused, inspect_zip

from .errors import LibraryError

DEFAULT_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNCOMPRESSED = 150 * 1024 * 1024

OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
# The main part's content type, as declared in [Content_Types].xml (macro-enabled variants differ).
OOXML_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODF_TYPES = {"odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet"}
SMALL_PART_LIMIT = 1024 * 1024
# Control characters other than tab, line feed, form feed and carriage return: binary, not text.
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
# What a browser's content sniffing takes for HTML, SVG or XML: markup as the first thing in the file.
MARKUP_START = re.compile(rb"^\s*<(?:!doctype|\?xml|!--|[a-z][a-z0-9-]*[\s/>])", re.IGNORECASE)
MARKUP_ANYWHERE = re.compile(rb"<(?:!doctype|html|head|body|script|svg|iframe|object|embed)[\s/>]", re.IGNORECASE)
KIND_NAMES = {
    "pdf": _("a PDF document"),
    "docx": _("a Word document"),
    "xlsx": _("an Excel workbook"),
    "pptx": _("a PowerPoint presentation"),
    "odt": _("an OpenDocument text"),
    "ods": _("an OpenDocument spreadsheet"),
    "zip": _("a zip archive"),
    "csv": _("a text (CSV) file"),
    "txt": _("a text file"),
}


def max_upload_size():
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or DEFAULT_MAX_UPLOAD_SIZE


def _mismatch(extension):
    kind = KIND_NAMES.get(extension, extension)
    return LibraryError(
        "content_mismatch",
        _("The file ends in .%(ext)s but its content is not %(kind)s. Check that you chose the right file.")
        % {"ext": extension, "kind": kind},
        field="file",
    )


def _markup(extension):
    return LibraryError(
        "content_markup",
        _(
            "The file ends in .%(ext)s but contains a web page, SVG or XML, which is not accepted "
            "as a document. Upload the original file instead."
        )
        % {"ext": extension},
        field="file",
    )


def _read_part(archive, name):
    with archive.open(name) as part:
        return part.read(SMALL_PART_LIMIT)


def check_zip(fileobj, extension):
    """Refuse archives that are not zips, are damaged, or would unpack to too much data."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _mismatch(extension) from exc
    with archive:
        try:
            entries = inspect_zip(archive, max_entries=ZIP_MAX_ENTRIES, max_unpacked=ZIP_MAX_UNCOMPRESSED)
        except ZipRefused as refused:
            raise _zip_refusal(refused) from refused
        names = {entry.filename for entry in entries}
        try:
            _check_office_parts(archive, names, extension)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise _mismatch(extension) from exc


def _zip_refusal(refused):
    if refused.reason == "too_many_entries":
        message = _("The file contains too many parts (%(count)s; the limit is %(limit)s).") % {
            "count": refused.count,
            "limit": ZIP_MAX_ENTRIES,
        }
        return LibraryError("zip_too_many_entries", message, field="file")
    if refused.reason == "too_large_unpacked":
        message = _("The file would unpack to %(size)s, more than the %(limit)s allowed (it may be a zip bomb).") % {
            "size": filesizeformat(refused.size),
            "limit": filesizeformat(ZIP_MAX_UNCOMPRESSED),
        }
        return LibraryError("zip_too_large_unpacked", message, field="file")
    message = _("The file is compressed suspiciously well (%(ratio)d to 1); it may be a zip bomb.") % {
        "ratio": refused.ratio
    }
    return LibraryError("zip_ratio", message, field="file")


def _check_office_parts(archive, names, extension):
    """The parts that make an archive a Word, Excel, PowerPoint or OpenDocument file."""
    if extension in OOXML_PARTS:
        if "[Content_Types].xml" not in names or OOXML_PARTS[extension] not in names:
            raise _mismatch(extension)
        content_types = _read_part(archive, "[Content_Types].xml")
        if not re.search(rb"ContentType=[\"']%s[\"']" % re.escape(OOXML_TYPES[extension].encode()), content_types):
            raise _mismatch(extension)
    elif extension in ODF_TYPES:
        if not {"mimetype", "content.xml"} <= names:
            raise _mismatch(extension)
        if _read_part(archive, "mimetype").strip() != ODF_TYPES[extension].encode():
            raise _mismatch(extension)


def check_pdf(fileobj, head):
    """A PDF starts with its header at byte 0 (no page or script before it) and opens in pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not head.startswith(b"%PDF-"):
        raise _mismatch("pdf")
    if MARKUP_ANYWHERE.search(head[:1024]):
        raise _markup("pdf")
    try:
        reader = PdfReader(fileobj, strict=False)
        if not reader.is_encrypted:
            len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise _mismatch("pdf") from exc


def check_text(fileobj, extension):
    """Plain text or CSV: UTF-8 (with or without a BOM), no NUL bytes, and not markup a browser
    would render."""
    data = fileobj.read(max_upload_size() + 1)
    # A known binary signature (PDF, zip, image...) or control characters: not text.
    if BINARY_BYTES.search(data) or filetype.guess(data[:8192]) is not None:
        raise _mismatch(extension)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LibraryError(
            "text_not_utf8",
            _("The file ends in .%(ext)s but is not UTF-8 text. Save it as UTF-8 and upload it again.")
            % {"ext": extension},
            field="file",
        ) from exc
    if MARKUP_START.match(data.removeprefix(b"\xef\xbb\xbf")[:4096]):
        raise _markup(extension)


def check_document_file(fileobj, filename, size=None):
    """Raise LibraryError naming the problem when the file is too big or not what its
    extension says. Leaves the file positioned at its start."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if size is not None and size > max_upload_size():
        raise LibraryError(
            "file_too_large",
            _("This file is too big (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_upload_size())},
            field="file",
        )
    if size == 0:
        raise LibraryError("file_empty", _("The file is empty."), field="file")
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    try:
        if extension == "pdf":
            check_pdf(fileobj, head)
        elif extension in ("docx", "xlsx", "pptx", "odt", "ods", "zip"):
            if not head.startswith(b"PK"):
                raise _mismatch(extension)
            check_zip(fileobj, extension)
        elif extension in ("csv", "txt"):
            check_text(fileobj, extension)
    finally:
        fileobj.seek(0)
