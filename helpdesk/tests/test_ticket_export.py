"""Export to XLSX and CSV with the template's columns: formulas neutralised, and a round trip creates nothing."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from helpdesk import exports, services
from helpdesk.imports.service import import_workbook
from helpdesk.models import Ticket
from portal.testing import LuminoTestCase

from .factories import HEADINGS, make_category, make_queue, open_ticket


class ExportTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])
        category = make_category(queue=cls.queue)
        cls.plain = open_ticket(cls.member, cls.queue, category=category, tags=["vídeo"])
        cls.hostile = open_ticket(cls.other_member, cls.queue, title='=HYPERLINK("http://evil","clic")')
        services.assign_ticket(ticket=cls.plain, assignee=cls.agent, by=cls.agent)

    def read_xlsx(self, data):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data)).active
        return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet

    def test_xlsx_uses_the_template_headings_and_neutralises_formulas(self):
        output = io.BytesIO()
        exports.write_xlsx(exports.export_queryset(Ticket.objects.all()), output)
        rows, sheet = self.read_xlsx(output.getvalue())
        self.assertEqual(rows[0], HEADINGS)
        titles = [row[2] for row in rows[1:]]
        self.assertIn('\'=HYPERLINK("http://evil","clic")', titles)
        self.assertFalse(any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row))

    def test_csv_neutralises_formulas_too(self):
        output = io.StringIO()
        exports.write_csv(exports.export_queryset(Ticket.objects.all()), output)
        text = output.getvalue()
        self.assertTrue(text.startswith("\ufeffReferencia externa,"))
        self.assertIn("'=HYPERLINK", text)
        self.assertNotIn(",=HYPERLINK", text)

    def test_an_exported_workbook_imports_back_as_duplicates(self):
        output = io.BytesIO()
        exports.write_xlsx(exports.export_queryset(Ticket.objects.all()), output)
        before = Ticket.objects.count()
        result = import_workbook(fileobj=io.BytesIO(output.getvalue()), filename="t.xlsx", by=self.agent, dry_run=False)
        self.assertEqual(result.counts["created"], 0)
        self.assertEqual(result.counts["skipped"], before)
        self.assertEqual(Ticket.objects.count(), before)

    def test_an_update_round_trip_keeps_the_hostile_title_as_text(self):
        output = io.BytesIO()
        exports.write_xlsx(exports.export_queryset(Ticket.objects.all()), output)
        import_workbook(
            fileobj=io.BytesIO(output.getvalue()),
            filename="t.xlsx",
            by=self.agent,
            dry_run=False,
            on_duplicate="update",
        )
        self.hostile.refresh_from_db()
        self.assertEqual(self.hostile.title, '=HYPERLINK("http://evil","clic")')

    def test_the_command_writes_both_formats(self):
        folder = Path(tempfile.mkdtemp())
        call_command("export_tickets", str(folder / "t.xlsx"), stdout=io.StringIO())
        call_command("export_tickets", str(folder / "t.csv"), status=["assigned"], stdout=io.StringIO())
        rows, _sheet = self.read_xlsx((folder / "t.xlsx").read_bytes())
        self.assertEqual(len(rows), 3)
        self.assertEqual(len((folder / "t.csv").read_text(encoding="utf-8").strip().splitlines()), 2)

    def test_the_admin_exports_the_filtered_listing(self):
        self.client.force_login(self.agent)
        url = reverse("wagtailsnippets_helpdesk_ticket:list")
        response = self.client.get(url, {"export": "xlsx", "status": "assigned"})
        self.assertEqual(response.status_code, 200)
        rows, _sheet = self.read_xlsx(b"".join(response.streaming_content) if response.streaming else response.content)
        self.assertEqual(rows[0], HEADINGS)
        self.assertEqual([row[0] for row in rows[1:]], [self.plain.reference])
        response = self.client.get(url, {"export": "csv"})
        text = b"".join(response.streaming_content).decode("utf-8")
        self.assertIn("'=HYPERLINK", text)
