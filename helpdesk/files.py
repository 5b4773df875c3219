"""Checks on uploaded files, before anything stores or parses them.

Attachments (ticket evidence) are accepted by their real content, not their name: the extension
must be one of ATTACHMENT_TYPES and the bytes must be that kind of file (a PDF header at byte 0, an
image Pillow can open without a pixel bomb, UTF-8 text that is not a web page, a zip that does not
unpack to a bomb). Workbooks get the same zip checks plus the ones of an Excel import (encrypted,
macro-enabled, not a workbook at all). The zip-bomb check is portal/uploads.py's, shared with the
library's documents and the learning app's score workbooks.
"""

import re
import zipfile

from django.template.defaultfilters import filesizeformat

import filetype

from portal.uploads import ZipRefused, inspect_zip

from .conf import setting
from .errors import TicketError

ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
SMALL_PART_LIMIT = 1024 * 1024

# extension: content type served back (always as a download)
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": "text/plain",
    "log": "text/plain",
    "csv": "text/csv",
    "zip": "application/zip",
}
IMAGE_MIMES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
MARKUP_START = re.compile(rb"^\s*<(?:!doctype|\?xml|!--|[a-z][a-z0-9-]*[\s/>])", re.IGNORECASE)
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls both live in OLE2 files
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _size_of(fileobj):
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def check_zip_entries(archive, error):
    """Raise `error()` for an archive with too many entries or one that would unpack to too much."""
    try:
        return inspect_zip(archive, max_entries=ZIP_MAX_ENTRIES, max_unpacked=ZIP_MAX_UNCOMPRESSED)
    except ZipRefused as refused:
        raise error() from refused


def check_attachment(fileobj, name):
    """Return the content type to serve `fileobj` with, or raise TicketError naming the problem.

    Leaves the file at its start."""
    extension = extension_of(name)
    if extension not in ATTACHMENT_TYPES:
        raise TicketError("file_type", name=name)
    size = _size_of(fileobj)
    limit = setting("LUMINO_HELPDESK_MAX_ATTACHMENT")
    if size > limit:
        raise TicketError("file_too_large", name=name, size=filesizeformat(size), limit=filesizeformat(limit))
    if size == 0:
        raise TicketError("file_empty", name=name)
    head = fileobj.read(8192)
    fileobj.seek(0)
    mismatch = TicketError("file_mismatch", name=name, ext=extension)
    try:
        if extension == "pdf":
            if not head.startswith(b"%PDF-"):
                raise mismatch
        elif extension in IMAGE_MIMES:
            _check_image(fileobj, head, extension, mismatch)
        elif extension == "zip":
            try:
                with zipfile.ZipFile(fileobj) as archive:
                    check_zip_entries(archive, lambda: TicketError("file_zip_bomb", name=name))
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise mismatch from exc
        else:
            data = fileobj.read(limit + 1)
            if BINARY_BYTES.search(data) or filetype.guess(data[:8192]) is not None:
                raise mismatch
            try:
                data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise mismatch from exc
            if MARKUP_START.match(data.removeprefix(b"\xef\xbb\xbf")[:4096]):
                raise mismatch
    finally:
        fileobj.seek(0)
    return ATTACHMENT_TYPES[extension]


def _check_image(fileobj, head, extension, mismatch):
    from PIL import Image, UnidentifiedImageError

    kind = filetype.guess(head)
    if kind is None or kind.mime != IMAGE_MIMES[extension]:
        raise mismatch
    try:
        with Image.open(fileobj) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise mismatch from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise mismatch


def check_workbook(fileobj, name):
    """Refuse what must not reach openpyxl: not an .xlsx, encrypted, macro-enabled, too big, a zip bomb.

    Leaves the file at its start."""
    size = _size_of(fileobj)
    limit = setting("LUMINO_HELPDESK_MAX_WORKBOOK")
    if size > limit:
        raise TicketError("workbook_too_large", name=name, size=filesizeformat(size), limit=filesizeformat(limit))
    head = fileobj.read(8)
    fileobj.seek(0)
    extension = extension_of(name)
    if head.startswith(OLE2_SIGNATURE):
        # An encrypted .xlsx is an OLE2 file; so is an old binary .xls.
        raise TicketError("workbook_encrypted" if extension == "xlsx" else "workbook_not_xlsx", name=name)
    if extension in ("xlsm", "xltm", "xlsb"):
        raise TicketError("workbook_macros", name=name)
    if extension != "xlsx" or not head.startswith(b"PK"):
        raise TicketError("workbook_not_xlsx", name=name)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = check_zip_entries(archive, lambda: TicketError("workbook_zip_bomb", name=name))
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise TicketError("workbook_not_xlsx", name=name)
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(SMALL_PART_LIMIT)
            if XLSM_MAIN in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
                raise TicketError("workbook_macros", name=name)
            if XLSX_MAIN not in content_types:
                raise TicketError("workbook_not_xlsx", name=name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise TicketError("workbook_not_xlsx", name=name) from exc
    finally:
        fileobj.seek(0)
