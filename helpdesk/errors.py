"""Every refusal of the service desk, each message written once.

`TicketError("forbidden_transition", current=…, target=…)`: the code picks the sentence, the HTTP
status and the field; keyword arguments fill the sentence's {placeholders}.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.errors import BusyError, DomainError

MESSAGES = {
    # code: (message, status, field)
    "forbidden_transition": (
        _("A ticket cannot go from “{current}” to “{target}”. {hint}"),
        409,
        "status",
    ),
    "not_allowed": (_("You are not allowed to do this on ticket {reference}."), 403, None),
    "reopen_expired": (
        _("Ticket {reference} was resolved more than {days} days ago; open a new ticket instead."),
        409,
        "status",
    ),
    "merged": (_("Ticket {reference} was merged into {target}; continue there."), 409, None),
    "merge_into_itself": (_("A ticket cannot be merged into itself."), 400, "target"),
    "merge_other_requester": (
        _("Only tickets of the same requester can be merged; {target} belongs to someone else."),
        409,
        "target",
    ),
    "merge_target_closed": (_("{target} is closed; merge into an open ticket."), 409, "target"),
    "unknown_ticket": (_("There is no ticket {reference} you can see."), 404, "target"),
    "not_an_agent": (_("{name} is not an agent of the queue “{queue}”."), 400, "assignee"),
    "empty_reply": (_("Write a message or attach a file."), 400, "body"),
    "closed": (_("Ticket {reference} is closed; reopen it or open a new ticket."), 409, None),
    "file_too_large": (_("“{name}” is too big ({size}); the limit is {limit}."), 400, "file"),
    "file_empty": (_("“{name}” is empty."), 400, "file"),
    "file_type": (
        _(
            "“{name}” is not an accepted kind of file: attach a PDF, an image (PNG, JPEG, GIF, WebP), "
            "a text file or a zip."
        ),
        400,
        "file",
    ),
    "file_mismatch": (
        _("“{name}” ends in .{ext} but its content is not that kind of file; attach the original file."),
        400,
        "file",
    ),
    "file_zip_bomb": (_("“{name}” would unpack to too much data (it may be a zip bomb)."), 400, "file"),
    "too_many_files": (_("Attach at most {limit} files at a time."), 400, "file"),
    # Workbooks: each refusal names the problem and the fix; nothing is read further.
    "workbook_not_xlsx": (
        _("“{name}” is not an Excel workbook (.xlsx). Save it as “Excel Workbook (.xlsx)” and upload it again."),
        400,
        "file",
    ),
    "workbook_encrypted": (
        _("“{name}” is protected with a password. Remove the password in Excel and upload it again."),
        400,
        "file",
    ),
    "workbook_macros": (
        _("“{name}” contains macros. Save it as a plain “Excel Workbook (.xlsx)” without macros and upload it again."),
        400,
        "file",
    ),
    "workbook_too_large": (
        _("“{name}” is too big ({size}); the limit is {limit}. Split it into several workbooks."),
        400,
        "file",
    ),
    "workbook_zip_bomb": (
        _("“{name}” would unpack to too much data (it may be a zip bomb). Save it again from Excel."),
        400,
        "file",
    ),
    "workbook_too_many_rows": (
        _("The workbook has {count} rows; the limit is {limit}. Split it into several workbooks."),
        400,
        "file",
    ),
    "workbook_headers": (
        _(
            "The first row must hold the template's headings. {details} "
            "Download the template and copy your data into it."
        ),
        400,
        "file",
    ),
    "workbook_merged_cells": (
        _("The sheet has merged cells ({ranges}). Unmerge them so that each row is one ticket."),
        400,
        "file",
    ),
    "workbook_empty": (_("The workbook has no ticket rows under the headings."), 400, "file"),
    "workbook_rows_rejected": (
        _("{count} rows have errors, so nothing was imported. Correct them (see the report) and upload again."),
        400,
        "file",
    ),
    "import_changed": (
        _("Some tickets of this workbook were created meanwhile (by another import?); preview it again."),
        409,
        "file",
    ),
    "import_not_previewed": (_("Only a successful preview can be imported."), 409, None),
}


class TicketError(DomainError):
    """A service-desk rule said no. See MESSAGES for the codes."""

    def __init__(self, code, *, extra=None, field=None, **params):
        template, status, default_field = MESSAGES[code]
        message = format_lazy(template, **params) if params else template
        super().__init__(code, message, field=field if field is not None else default_field, status=status, extra=extra)


def busy_error():
    return BusyError("busy", _("Someone else is changing this ticket right now. Please try again in a moment."))


__all__ = ["BusyError", "TicketError", "busy_error"]
