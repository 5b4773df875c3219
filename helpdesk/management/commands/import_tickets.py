"""`manage.py import_tickets FILE.xlsx [--dry-run] [--update] [--by EMAIL]`: the admin's import, from a shell.

All or nothing, like the admin screen. A bad file or any rejected row exits non-zero with a
one-line reason (and, for rows, the first problems); nothing is written then.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from helpdesk.errors import TicketError
from helpdesk.imports.service import import_workbook
from helpdesk.models import ImportJob

PROBLEMS_SHOWN = 20


class Command(BaseCommand):
    help = "Import tickets from an .xlsx made from the template (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the workbook (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--update", action="store_true", help="update tickets that already exist (default: skip)")
        parser.add_argument("--by", metavar="EMAIL", help="the person recorded in the tickets' history")

    def handle(self, *args, file, dry_run, update, by, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        person = None
        if by:
            person = get_user_model().objects.filter(email__iexact=by, is_active=True).first()
            if person is None:
                raise CommandError(f"--by {by}: nobody active has this e-mail.")
        on_duplicate = ImportJob.OnDuplicate.UPDATE if update else ImportJob.OnDuplicate.SKIP
        try:
            with path.open("rb") as fileobj:
                result = import_workbook(
                    fileobj=fileobj, filename=path.name, by=person, dry_run=dry_run, on_duplicate=on_duplicate
                )
        except TicketError as exc:
            found = exc.extra.get("result")
            if found is not None:
                for entry in [e for e in found.report if e["outcome"] == "rejected"][:PROBLEMS_SHOWN]:
                    self.stderr.write(f"row {entry['row']}: {entry['message']}")
            raise CommandError(str(exc.message)) from exc
        counts = result.counts
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{counts['created']} {verb} created, {counts['updated']} updated, {counts['skipped']} skipped "
            f"({len(result.report)} rows){' — dry run, nothing written' if dry_run else ''}."
        )
