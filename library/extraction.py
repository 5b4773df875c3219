"""Plain text out of an uploaded document, with limits, for search.

Each reader stops at MAX_PAGES / MAX_CHARS, so a 2,000-page manual costs the same as a long
article. Malformed files raise ExtractionFailed with a sentence an editor can act on; formats
without a reader raise Unsupported. Nothing here writes to the database.
"""

import io
import re

from django.utils.translation import gettext as _

from .errors import LibraryError
from .files import check_zip

MAX_PAGES = 300
MAX_CHARS = 200_000
MAX_SHEET_ROWS = 5_000


class ExtractionFailed(Exception):
    pass


class Unsupported(Exception):
    pass


class _Collector:
    """Gathers text pieces until the character budget is spent."""

    def __init__(self):
        self.parts, self.size, self.limit = [], 0, MAX_CHARS

    @property
    def full(self):
        return self.size >= self.limit

    def add(self, text):
        text = re.sub(r"[ \t\r\f\v]+", " ", (text or "").replace("\x00", "")).strip()
        if text and not self.full:
            self.parts.append(text[: self.limit - self.size])
            self.size += len(self.parts[-1]) + 1

    def text(self):
        return "\n".join(self.parts)


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionFailed(_("The PDF is protected by a password, so its text cannot be read."))
    out = _Collector()
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or out.full:
            break
        out.add(page.extract_text())
    return out.text()


def _docx(data):
    from docx import Document

    document = Document(io.BytesIO(data))
    out = _Collector()
    for paragraph in document.paragraphs:
        out.add(paragraph.text)
        if out.full:
            return out.text()
    for table in document.tables:
        for row in table.rows:
            out.add(" | ".join(cell.text for cell in row.cells))
            if out.full:
                return out.text()
    return out.text()


def _xlsx(data):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out = _Collector()
    try:
        for sheet in workbook.worksheets:
            out.add(sheet.title)
            for number, row in enumerate(sheet.iter_rows(values_only=True)):
                if number >= MAX_SHEET_ROWS or out.full:
                    break
                out.add(" ".join(str(value) for value in row if value is not None))
    finally:
        workbook.close()
    return out.text()


def _plain(data):
    out = _Collector()
    out.add(data[: out.limit * 4].decode("utf-8", errors="replace"))
    return out.text()


READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "txt": _plain, "csv": _plain}
ZIPPED = {"docx", "xlsx"}


def extract_text(data, extension):
    """The document's text (at most MAX_CHARS characters)."""
    extension = extension.lower()
    reader = READERS.get(extension)
    if reader is None:
        raise Unsupported(extension)
    if extension in ZIPPED:
        try:
            # Checked again here: the file may predate the upload checks or come from a script.
            check_zip(io.BytesIO(data), extension)
        except LibraryError as exc:
            raise ExtractionFailed(str(exc.message)) from exc
    try:
        return reader(data)
    except ExtractionFailed:
        raise
    except Exception as exc:
        raise ExtractionFailed(
            _("The file could not be read as .%(ext)s (%(error)s).")
            % {"ext": extension, "error": f"{type(exc).__name__}: {exc}"[:200]}
        ) from exc
