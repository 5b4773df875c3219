"""Reading a workbook as rows of raw values, streaming (openpyxl read-only mode).

The file has already passed files.check_workbook (type, size, zip bomb, encryption, macros).
Here: the first sheet must have no merged cells and the template's headings in its first row;
formula cells are reported per row, never evaluated. defusedxml is installed, so openpyxl parses
the XML with it.
"""

import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..conf import setting
from ..errors import TicketError
from ..files import check_workbook
from ..services.common import normalise
from .columns import BY_KEY, COLUMNS, HEADINGS

MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
CHUNK = 1024 * 1024


@dataclass
class RawRow:
    number: int
    values: dict
    errors: list = field(default_factory=list)


def _merged_ranges(workbook, sheet):
    """Merged ranges of the sheet, read from its XML by chunks (the read-only sheet does not expose them)."""
    found, tail = [], b""
    with workbook._archive.open(sheet._worksheet_path) as part:
        while chunk := part.read(CHUNK):
            data = tail + chunk
            found += MERGE_CELL.findall(data)
            tail = data[-200:]
            if len(found) > 5:
                break
    return list(dict.fromkeys(ref.decode() for ref in found))


def _check_headers(first_row):
    seen, unknown = {}, []
    for index, value in enumerate(first_row):
        if value is None or str(value).strip() == "":
            continue
        key = HEADINGS.get(normalise(value))
        if key is None or key in seen:
            unknown.append(str(value)[:50])
        else:
            seen[key] = index
    missing = [column.heading for column in COLUMNS if column.required and column.key not in seen]
    details = []
    if missing:
        details.append(_("Missing: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        details.append(_("Not in the template (or repeated): %(names)s.") % {"names": ", ".join(unknown)})
    if details:
        raise TicketError("workbook_headers", details=" ".join(details))
    return seen


def read_rows(fileobj, name, progress=None):
    """The data rows of the workbook's first sheet as RawRow, empty rows left out.

    Raises TicketError for a file that must not be imported at all."""
    from openpyxl import load_workbook

    check_workbook(fileobj, name)
    limit = setting("LUMINO_HELPDESK_MAX_IMPORT_ROWS")
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError) as exc:
        raise TicketError("workbook_not_xlsx", name=name) from exc
    try:
        if not workbook.worksheets:
            raise TicketError("workbook_empty")
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(workbook, sheet)
        if merged:
            raise TicketError("workbook_merged_cells", ranges=", ".join(merged[:5]))
        declared = sheet.max_row or 0
        if declared - 1 > limit:
            raise TicketError("workbook_too_many_rows", count=declared - 1, limit=limit)
        rows = sheet.iter_rows()
        first = next(rows, None)
        if first is None:
            raise TicketError("workbook_empty")
        positions = _check_headers([cell.value for cell in first])
        result = []
        for number, cells in enumerate(rows, start=2):
            row = _raw_row(number, cells, positions)
            if row is None:
                continue
            result.append(row)
            if len(result) > limit:
                raise TicketError("workbook_too_many_rows", count=f"{limit}+", limit=limit)
            if progress and len(result) % 500 == 0:
                progress(len(result), max(declared - 1, len(result)))
        if not result:
            raise TicketError("workbook_empty")
        return result
    finally:
        workbook.close()


def _raw_row(number, cells, positions):
    values, errors = {}, []
    for key, index in positions.items():
        cell = cells[index] if index < len(cells) else None
        value = getattr(cell, "value", None)
        if getattr(cell, "data_type", None) == "f":
            errors.append(_("%(column)s contains a formula; paste the values only.") % {"column": BY_KEY[key].heading})
            value = None
        values[key] = value
    if all(value is None or str(value).strip() == "" for value in values.values()) and not errors:
        return None
    return RawRow(number, values, errors)
