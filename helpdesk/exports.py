"""Tickets written with the template's columns (admin export, `export_tickets`, the template itself).

An exported workbook imports back as duplicates: "Referencia externa" carries the ticket's
external reference or, when it has none, its Lumino reference, which the import matches too.
Text cells that a spreadsheet would run as a formula (= + - @, tab, CR) get a leading quote,
which the import removes again.
"""

import csv
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .imports.columns import COLUMNS, IMPACTS, KINDS, PRIORITIES, STATUSES, spanish_word

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADINGS = [column.heading for column in COLUMNS]
EXPORT_RELATED = ("requester", "assignee", "queue", "category")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def ticket_values(ticket):
    """{column key: value} for one ticket (tags must be prefetched)."""
    return {
        "external_reference": ticket.external_reference or ticket.reference or "",
        "kind": spanish_word(KINDS, ticket.kind),
        "title": ticket.title,
        "description": ticket.description,
        "category": ticket.category.name if ticket.category else "",
        "priority": spanish_word(PRIORITIES, ticket.priority),
        "impact": spanish_word(IMPACTS, ticket.impact),
        "requester": ticket.requester.email,
        "queue": ticket.queue.name,
        "assignee": ticket.assignee.email if ticket.assignee else "",
        "status": spanish_word(STATUSES, ticket.status),
        "opened_on": timezone.localtime(ticket.created_at).date(),
        "tags": ", ".join(sorted(tag.name for tag in ticket.tags.all())),
    }


def ticket_row(ticket):
    values = ticket_values(ticket)
    return [neutralise(values[column.key]) for column in COLUMNS]


def export_queryset(queryset):
    return queryset.select_related(*EXPORT_RELATED).prefetch_related("tags").order_by("pk")


def write_xlsx(tickets, fileobj, *, sheet_title=None):
    """Stream rows into an .xlsx (write-only mode); `tickets` may be an iterator."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title or _("Tickets")[:31])
    header = []
    for heading in HEADINGS:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for ticket in tickets:
        row = []
        for value in ticket_row(ticket):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never read back as a formula
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            row.append(cell)
        sheet.append(row)
    workbook.save(fileobj)


class _Echo:
    def write(self, value):
        return value


def csv_lines(tickets):
    """The CSV export line by line: a BOM (Excel then reads the accents), headings, dates as AAAA-MM-DD."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADINGS)
    for ticket in tickets:
        yield writer.writerow([value.isoformat() if isinstance(value, date) else value for value in ticket_row(ticket)])


def write_csv(tickets, fileobj):
    for line in csv_lines(tickets):
        fileobj.write(line)


def write_template(fileobj):
    """The import template: headings, a line of help per column, and one example row to replace."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tickets")[:31]
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[1]:
        sheet.column_dimensions[cell.column_letter].width = 24
    help_sheet = workbook.create_sheet(_("Help")[:31])
    help_sheet.append([_("Column"), _("Required"), _("What to write")])
    for column in COLUMNS:
        help_sheet.append([column.heading, _("yes") if column.required else _("no"), str(column.help)])
    workbook.save(fileobj)
