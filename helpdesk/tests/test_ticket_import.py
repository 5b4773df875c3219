"""Importing tickets from Excel: good, bad and hostile workbooks, duplicates, dry run, rollback, the job."""

import io
import zipfile
from datetime import date
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from helpdesk.errors import TicketError
from helpdesk.imports.service import confirm_import, import_workbook, start_import
from helpdesk.models import ImportJob, Ticket, TicketEvent
from helpdesk.services.common import make_reference
from portal.testing import LuminoTestCase

from .factories import HEADINGS, make_category, make_queue, open_ticket, row, upload, workbook_bytes


def good_rows(member, count=3, **extra):
    return [
        row(
            **{
                "external_reference": f"EXT-{number}",
                "kind": "solicitud",
                "title": f"Cambio de sesión {number}",
                "description": "Quiero pasar a la sesión de abril.",
                "priority": "alta",
                "impact": "medio",
                "requester": member.email.upper(),
                "queue": "Soporte técnico",
                "opened_on": date(2026, 3, 2),
                "tags": "matrícula, sesión",
                **extra,
            }
        )
        for number in range(1, count + 1)
    ]


class ImportCase(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])
        cls.category = make_category("Certificados", "certificados", queue=cls.queue)

    def run_import(self, data, name="tickets.xlsx", **kwargs):
        kwargs.setdefault("dry_run", False)
        return import_workbook(fileobj=io.BytesIO(data), filename=name, by=self.agent, **kwargs)

    def refused(self, data, code, name="tickets.xlsx", **kwargs):
        before = Ticket.objects.count()
        with self.assertRaises(TicketError) as refusal:
            self.run_import(data, name=name, **kwargs)
        self.assertEqual(refusal.exception.code, code, refusal.exception.message)
        self.assertEqual(Ticket.objects.count(), before)
        return refusal.exception


class GoodWorkbookTests(ImportCase):
    def test_a_good_workbook_creates_every_ticket_with_its_fields_and_history(self):
        result = self.run_import(workbook_bytes(good_rows(self.member)))
        self.assertEqual(result.counts, {"created": 3, "updated": 0, "skipped": 0, "rejected": 0})
        ticket = Ticket.objects.get(external_reference="EXT-1")
        self.assertEqual(ticket.requester, self.member)
        self.assertEqual((ticket.kind, ticket.priority, ticket.impact), ("request", "high", "medium"))
        self.assertEqual(ticket.queue, self.queue)
        self.assertEqual(ticket.created_at.date(), date(2026, 3, 2))
        self.assertRegex(ticket.reference, r"^SD-2026-\d{6}$")
        self.assertEqual(ticket.reference, make_reference(ticket))
        self.assertEqual(sorted(ticket.tags.names()), ["matrícula", "sesión"])
        self.assertTrue(ticket.events.filter(kind=TicketEvent.Kind.IMPORTED, by=self.agent).exists())
        self.assertEqual([entry["reference"] for entry in result.report][0], ticket.reference)

    def test_the_dry_run_reports_the_same_and_writes_nothing(self):
        result = self.run_import(workbook_bytes(good_rows(self.member)), dry_run=True)
        self.assertEqual(result.counts["created"], 3)
        self.assertFalse(Ticket.objects.exists())

    def test_dates_as_text_in_iso_or_spanish_order_are_read(self):
        rows = good_rows(self.member, 2)
        rows[0][11], rows[1][11] = "2026-03-05", "05/03/2026"
        self.run_import(workbook_bytes(rows))
        self.assertEqual({t.created_at.date() for t in Ticket.objects.all()}, {date(2026, 3, 5)})

    def test_english_headings_and_values_are_accepted_and_empty_rows_ignored(self):
        from helpdesk.imports.columns import COLUMNS

        rows = [row(title="Login", description="No puedo entrar", requester=self.member.email, priority="urgent"), []]
        self.run_import(workbook_bytes(rows, headings=[column.english for column in COLUMNS]))
        self.assertEqual(Ticket.objects.get().priority, "urgent")

    def test_the_category_decides_the_queue_when_none_is_given(self):
        billing = make_queue("Facturación", "facturacion")
        make_category("Pagos", "pagos", queue=billing)
        self.run_import(
            workbook_bytes([row(title="Factura", description="x", requester=self.member.email, category="Pagos")])
        )
        self.assertEqual(Ticket.objects.get().queue, billing)


class ReferenceTests(ImportCase):
    def test_references_made_in_sql_match_the_python_rule_past_six_digits_and_new_year(self):
        from datetime import UTC, datetime

        from helpdesk.services.common import reference_expression

        # 23:30 UTC on 31 December is already New Year in Madrid: the reference uses the local year.
        ticket = Ticket.objects.create(
            pk=1234567,
            title="x",
            description="x",
            requester=self.member,
            queue=self.queue,
            created_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        )
        Ticket.objects.filter(pk=ticket.pk).update(reference=reference_expression())
        ticket.refresh_from_db()
        self.assertEqual(ticket.reference, make_reference(ticket))
        self.assertEqual(ticket.reference, "SD-2027-1234567")


class RowValidationTests(ImportCase):
    def test_every_bad_row_is_named_with_row_column_and_fix_and_nothing_is_imported(self):
        rows = good_rows(self.member, 4)
        rows[1][2] = ""  # title
        rows[2][7] = "nadie@example.com"  # requester
        rows[3][5] = "altísima"  # priority
        rows[3][11] = "el martes"  # opened_on
        error = self.refused(workbook_bytes(rows), "workbook_rows_rejected")
        report = {entry["row"]: entry for entry in error.extra["result"].report}
        self.assertEqual(report[2]["outcome"], "created")
        self.assertIn("Título is empty", report[3]["message"])
        self.assertIn("nadie@example.com", report[4]["message"])
        self.assertIn("Prioridad", report[5]["message"])
        self.assertIn("altísima", report[5]["message"])
        self.assertIn("Fecha de apertura", report[5]["message"])
        self.assertIn("3 rows have errors", str(error.message))

    def test_impossible_dates_and_future_dates_are_refused(self):
        rows = good_rows(self.member, 2)
        rows[0][11] = "31/02/2026"
        rows[1][11] = date(2099, 1, 1)
        error = self.refused(workbook_bytes(rows), "workbook_rows_rejected")
        messages = " ".join(entry["message"] for entry in error.extra["result"].report)
        self.assertIn("31/02/2026", messages)
        self.assertIn("future", messages)

    def test_an_assignee_who_is_not_an_agent_of_the_queue_is_refused(self):
        rows = good_rows(self.member, 1, assignee=self.other_member.email)
        error = self.refused(workbook_bytes(rows), "workbook_rows_rejected")
        self.assertIn("is not an agent", error.extra["result"].report[0]["message"])

    def test_formulas_are_refused_never_evaluated(self):
        error = self.refused(workbook_bytes(good_rows(self.member, 2), formula_cell="C2"), "workbook_rows_rejected")
        self.assertIn("formula", error.extra["result"].report[0]["message"])

    def test_a_too_long_title_names_the_limit(self):
        error = self.refused(workbook_bytes(good_rows(self.member, 1, title="x" * 250)), "workbook_rows_rejected")
        self.assertIn("200", error.extra["result"].report[0]["message"])


class DuplicateTests(ImportCase):
    def test_duplicates_inside_the_file_are_skipped_naming_the_first_row(self):
        rows = good_rows(self.member, 2)
        rows.append(list(rows[0]))
        result = self.run_import(workbook_bytes(rows))
        self.assertEqual((result.counts["created"], result.counts["skipped"]), (2, 1))
        self.assertIn("row 2", result.report[2]["message"])

    def test_rows_without_external_reference_match_on_requester_title_and_date(self):
        rows = [
            row(title="¡Wifi caída!", description="a", requester=self.member.email, opened_on="2026-03-02"),
            row(title="wifi  CAIDA", description="b", requester=self.member.email, opened_on=date(2026, 3, 2)),
            row(title="wifi caida", description="c", requester=self.member.email, opened_on="2026-03-03"),
        ]
        result = self.run_import(workbook_bytes(rows))
        self.assertEqual((result.counts["created"], result.counts["skipped"]), (2, 1))

    def test_existing_tickets_are_skipped_or_updated_as_chosen(self):
        self.run_import(workbook_bytes(good_rows(self.member, 2)))
        rows = good_rows(self.member, 3)
        rows[0][3] = "Descripción corregida"
        result = self.run_import(workbook_bytes(rows))
        self.assertEqual((result.counts["created"], result.counts["skipped"]), (1, 2))
        self.assertNotEqual(Ticket.objects.get(external_reference="EXT-1").description, "Descripción corregida")
        result = self.run_import(workbook_bytes(rows), on_duplicate="update")
        self.assertEqual((result.counts["updated"], result.counts["created"]), (3, 0))
        updated = Ticket.objects.get(external_reference="EXT-1")
        self.assertEqual(updated.description, "Descripción corregida")
        self.assertTrue(updated.events.filter(kind=TicketEvent.Kind.UPDATED, field="description").exists())

    def test_a_lumino_reference_in_the_external_reference_column_matches_that_ticket(self):
        ticket = open_ticket(self.member, self.queue)
        rows = [
            row(external_reference=ticket.reference, title="Otro título", description="x", requester=self.member.email)
        ]
        result = self.run_import(workbook_bytes(rows))
        self.assertEqual(result.counts["skipped"], 1)
        self.assertEqual(Ticket.objects.count(), 1)


class RollbackTests(ImportCase):
    def test_a_failure_while_writing_rolls_everything_back(self):
        with mock.patch("helpdesk.imports.service._tag", side_effect=RuntimeError("disk full")):
            with self.assertRaises(RuntimeError):
                self.run_import(workbook_bytes(good_rows(self.member, 5)))
        self.assertFalse(Ticket.objects.exists())
        self.assertFalse(TicketEvent.objects.exists())

    def test_the_job_records_a_failure_and_nothing_is_imported(self):
        with self.captureOnCommitCallbacks(execute=True):
            job = start_import(upload=upload(workbook_bytes(good_rows(self.member))), by=self.agent)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.PREVIEWED)
        with mock.patch("helpdesk.imports.service._tag", side_effect=RuntimeError("disk full")):
            with self.captureOnCommitCallbacks(execute=True):
                confirm_import(job=job, by=self.agent)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("nothing was imported", job.error)
        self.assertFalse(Ticket.objects.exists())


class BadFileTests(ImportCase):
    def test_not_an_xlsx(self):
        self.refused(b"nombre,apellido\nana,ruiz\n", "workbook_not_xlsx", name="tickets.csv")
        self.refused(b"just text pretending", "workbook_not_xlsx")

    def test_a_zip_that_is_not_a_workbook(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hola")
        self.refused(buffer.getvalue(), "workbook_not_xlsx")

    def test_an_encrypted_workbook(self):
        ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
        error = self.refused(ole2, "workbook_encrypted")
        self.assertIn("password", str(error.message))

    def test_a_macro_enabled_workbook(self):
        data = workbook_bytes(good_rows(self.member, 1))
        self.refused(data, "workbook_macros", name="tickets.xlsm")
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                target.writestr(item, source.read(item.filename))
            target.writestr("xl/vbaProject.bin", b"\x00" * 64)
        self.refused(buffer.getvalue(), "workbook_macros")

    @override_settings(LUMINO_HELPDESK_MAX_WORKBOOK=50_000)
    def test_a_huge_file(self):
        error = self.refused(b"PK" + b"\x00" * 60_000, "workbook_too_large")
        self.assertIn("Split it", str(error.message))

    @override_settings(LUMINO_HELPDESK_MAX_IMPORT_ROWS=5)
    def test_too_many_rows(self):
        self.refused(workbook_bytes(good_rows(self.member, 8)), "workbook_too_many_rows")

    def test_a_zip_bomb(self):
        data = workbook_bytes(good_rows(self.member, 1))
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, source.read(item.filename))
            target.writestr("xl/media/bomb.bin", b"\x00" * (20 * 1024 * 1024))
        self.refused(buffer.getvalue(), "workbook_zip_bomb")

    def test_wrong_headers_name_what_is_missing_and_what_is_unknown(self):
        headings = ["Asunto", *HEADINGS[3:]]
        error = self.refused(workbook_bytes([["x"] * len(headings)], headings=headings), "workbook_headers")
        self.assertIn("Título", str(error.message))
        self.assertIn("Asunto", str(error.message))

    def test_merged_cells(self):
        error = self.refused(workbook_bytes(good_rows(self.member, 3), merge="C2:C3"), "workbook_merged_cells")
        self.assertIn("C2:C3", str(error.message))

    def test_a_workbook_with_headings_only(self):
        self.refused(workbook_bytes([]), "workbook_empty")

    def test_a_damaged_workbook(self):
        data = workbook_bytes(good_rows(self.member, 1))
        self.refused(data[: len(data) // 2], "workbook_not_xlsx")


class CommandTests(ImportCase):
    def write(self, data, name="tickets.xlsx"):
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp())
        path = folder / name
        path.write_bytes(data)
        return str(path)

    def test_dry_run_reports_and_writes_nothing(self):
        out = io.StringIO()
        call_command("import_tickets", self.write(workbook_bytes(good_rows(self.member))), dry_run=True, stdout=out)
        self.assertIn("3 would be created", out.getvalue())
        self.assertFalse(Ticket.objects.exists())

    def test_import_then_rerun_creates_nothing_new(self):
        path = self.write(workbook_bytes(good_rows(self.member)))
        call_command("import_tickets", path, stdout=io.StringIO())
        out = io.StringIO()
        call_command("import_tickets", path, stdout=out)
        self.assertIn("0 were created", out.getvalue())
        self.assertEqual(Ticket.objects.count(), 3)

    def test_a_bad_file_exits_non_zero_with_one_line(self):
        with self.assertRaises(CommandError) as failure:
            call_command("import_tickets", self.write(b"hola", name="x.xlsx"), stderr=io.StringIO())
        self.assertNotIn("\n", str(failure.exception))
        self.assertIn("not an Excel workbook", str(failure.exception))

    def test_rejected_rows_are_listed_on_stderr(self):
        rows = good_rows(self.member, 2)
        rows[1][7] = "nadie@example.com"
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_tickets", self.write(workbook_bytes(rows)), stderr=err)
        self.assertIn("row 3", err.getvalue())

    def test_a_missing_file(self):
        with self.assertRaises(CommandError):
            call_command("import_tickets", "/nonexistent/tickets.xlsx")
