"""Checks that an uploaded document is what its extension says, before anything parses it.

Office files are zip archives: their directory is read (never the contents) to refuse zip
bombs by entry count, total unpacked size and compression ratio. `zipfile` never inflates an
entry beyond its declared size, so the declared sizes checked here bound what a parser reads.
"""

import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .errors import LibraryError

DEFAULT_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNCOMPRESSED = 150 * 1024 * 1024
# Text-heavy XML compresses well (10-30×); a bomb compresses thousands of times.
ZIP_MAX_RATIO = 150
ZIP_RATIO_MIN_ENTRY = 1024 * 1024  # tiny entries can have any ratio without harm

OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
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


def check_zip(fileobj, extension):
    """Refuse archives that are not zips, are damaged, or would unpack to too much data."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _mismatch(extension) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            raise LibraryError(
                "zip_too_many_entries",
                _("The file contains too many parts (%(count)s; the limit is %(limit)s).")
                % {"count": len(entries), "limit": ZIP_MAX_ENTRIES},
                field="file",
            )
        total = sum(entry.file_size for entry in entries)
        if total > ZIP_MAX_UNCOMPRESSED:
            raise LibraryError(
                "zip_too_large_unpacked",
                _("The file would unpack to %(size)s, more than the %(limit)s allowed (it may be a zip bomb).")
                % {"size": filesizeformat(total), "limit": filesizeformat(ZIP_MAX_UNCOMPRESSED)},
                field="file",
            )
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > ZIP_RATIO_MIN_ENTRY and ratio > ZIP_MAX_RATIO:
                raise LibraryError(
                    "zip_ratio",
                    _("The file is compressed suspiciously well (%(ratio)d to 1); it may be a zip bomb.")
                    % {"ratio": ratio},
                    field="file",
                )
        names = {entry.filename for entry in entries}
    required = OOXML_PARTS.get(extension)
    if required and ("[Content_Types].xml" not in names or required not in names):
        raise _mismatch(extension)
    if extension in ("odt", "ods") and not {"mimetype", "content.xml"} <= names:
        raise _mismatch(extension)


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
            # The PDF header may follow a little junk, which readers accept; not more than 1 KB.
            if b"%PDF-" not in head[:1024]:
                raise _mismatch(extension)
        elif extension in ("docx", "xlsx", "pptx", "odt", "ods", "zip"):
            if not head.startswith(b"PK"):
                raise _mismatch(extension)
            check_zip(fileobj, extension)
        elif extension in ("csv", "txt") and b"\x00" in head:
            raise _mismatch(extension)
    finally:
        fileobj.seek(0)
