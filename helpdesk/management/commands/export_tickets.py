"""`manage.py export_tickets FILE.xlsx|FILE.csv [--status S] [--queue SLUG]`: tickets in the template's columns.

The file imports back as duplicates (nothing new is created).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from helpdesk import exports
from helpdesk.models import Ticket


class Command(BaseCommand):
    help = "Export tickets to .xlsx or .csv with the import template's columns."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write (.xlsx or .csv)")
        parser.add_argument("--status", action="append", choices=Ticket.Status.values, help="only these statuses")
        parser.add_argument("--queue", help="only this queue (slug)")

    def handle(self, *args, file, status, queue, **options):
        path = Path(file)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError(f"{file}: the name must end in .xlsx or .csv.")
        tickets = Ticket.objects.all()
        if status:
            tickets = tickets.filter(status__in=status)
        if queue:
            tickets = tickets.filter(queue__slug=queue)
        count = tickets.count()
        rows = exports.export_queryset(tickets).iterator(chunk_size=1000)
        if path.suffix.lower() == ".xlsx":
            with path.open("wb") as fileobj:
                exports.write_xlsx(rows, fileobj)
        else:
            with path.open("w", encoding="utf-8", newline="") as fileobj:
                exports.write_csv(rows, fileobj)
        self.stdout.write(f"{count} tickets written to {path}.")
