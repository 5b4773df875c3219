"""The service desk in the Wagtail admin: queues listing, filters, SLA badges, the work screen, bulk actions, import."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from helpdesk.models import ImportJob, Ticket
from portal.testing import LuminoTestCase

from .factories import assigned_ticket, make_queue, open_ticket, refresh, row, upload, workbook_bytes

LIST = "wagtailsnippets_helpdesk_ticket:list"


class AdminListingTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])
        cls.other_queue = make_queue("Facturación", "facturacion")

    def test_an_agent_sees_her_queues_with_sla_badges(self):
        late = open_ticket(self.member, self.queue, title="Ticket vencido")
        Ticket.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
        open_ticket(self.member, self.other_queue, title="Ticket de otra cola")
        self.client.force_login(self.agent)
        response = self.client.get(reverse(LIST))
        self.assertContains(response, "Ticket vencido")
        self.assertContains(response, "Overdue")
        self.assertNotContains(response, "Ticket de otra cola")

    def test_filters_by_status_priority_assignee_and_overdue(self):
        late = assigned_ticket(self.member, self.queue, self.agent, title="Urgente y vencido", priority="urgent")
        Ticket.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
        open_ticket(self.member, self.queue, title="Nuevo y a tiempo")
        self.client.force_login(self.agent)
        for params in (
            {"overdue": "true"},
            {"status": "assigned"},
            {"priority": "urgent"},
            {"assignee": self.agent.pk},
        ):
            response = self.client.get(reverse(LIST), params)
            self.assertContains(response, "Urgente y vencido")
            self.assertNotContains(response, "Nuevo y a tiempo")

    def test_members_and_editors_are_kept_out(self):
        for person in (self.member, self.editor):
            self.client.force_login(person)
            self.assertIn(self.client.get(reverse(LIST)).status_code, (302, 403))
            self.assertIn(self.client.get(reverse("helpdesk_admin:import")).status_code, (302, 403))

    def test_the_listing_runs_the_same_queries_for_2_and_20_tickets(self):
        self.client.force_login(self.agent)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(reverse(LIST)).status_code, 200)
            return len(queries)

        for number in range(2):
            assigned_ticket(self.member, self.queue, self.agent, title=f"T{number}")
        count()
        few = count()
        for number in range(18):
            assigned_ticket(self.member, self.queue, self.agent, title=f"U{number}")
        self.assertEqual(count(), few)


class WorkScreenTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def setUp(self):
        self.client.force_login(self.agent)
        self.ticket = open_ticket(self.member, self.queue)
        self.url = reverse("helpdesk_admin:ticket", args=[self.ticket.pk])

    def test_take_reply_note_and_resolve(self):
        self.assertContains(self.client.get(self.url), self.ticket.title)
        self.client.post(self.url, {"action": "take"})
        self.assertEqual(refresh(self.ticket).assignee, self.agent)
        self.client.post(self.url, {"action": "reply", "reply-body": "Prueba a recargar"})
        self.client.post(self.url, {"action": "reply", "reply-body": "Ojo, es VIP", "reply-internal": "on"})
        self.assertEqual(list(self.ticket.comments.values_list("internal", flat=True)), [False, True])
        response = self.client.post(self.url, {"action": "status", "status-status": "resolved"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(refresh(self.ticket).status, "resolved")
        page = self.client.get(self.url)
        self.assertContains(page, "Ojo, es VIP")

    def test_a_forbidden_transition_is_shown_on_the_form(self):
        response = self.client.post(self.url, {"action": "status", "status-status": "closed"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(refresh(self.ticket).status, "new")

    def test_an_unknown_action_is_a_400(self):
        self.assertEqual(self.client.post(self.url, {"action": "explode"}).status_code, 400)

    def test_a_ticket_outside_her_queues_is_not_found(self):
        other = open_ticket(self.member, make_queue("Facturación", "facturacion"))
        self.assertEqual(self.client.get(reverse("helpdesk_admin:ticket", args=[other.pk])).status_code, 404)

    def test_merging_a_duplicate_by_reference(self):
        target = open_ticket(self.member, self.queue, title="El vídeo no carga (otra vez)")
        self.assertContains(self.client.get(self.url), target.reference)  # suggested as a look-alike
        response = self.client.post(self.url, {"action": "merge", "merge-target": target.reference.lower()})
        self.assertRedirects(response, reverse("helpdesk_admin:ticket", args=[target.pk]))
        self.assertEqual(refresh(self.ticket).merged_into, target)
        response = self.client.post(self.url, {"action": "merge", "merge-target": "SD-1999-000001"})
        self.assertEqual(response.status_code, 404)


class BulkActionTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def bulk_url(self, action, tickets):
        url = reverse("wagtail_bulk_action", args=("helpdesk", "ticket", action))
        return url + "?" + "&".join(f"id={t.pk}" for t in tickets) + "&next=/admin/"

    def test_assign_to_me(self):
        tickets = [open_ticket(self.member, self.queue, title=f"T{n}") for n in range(3)]
        self.client.force_login(self.agent)
        self.client.post(self.bulk_url("assign_to_me", tickets))
        self.assertEqual({refresh(t).assignee for t in tickets}, {self.agent})

    def test_a_supervisor_assigns_in_bulk(self):
        tickets = [open_ticket(self.member, self.queue, title=f"T{n}") for n in range(2)]
        self.client.force_login(self.manager)
        self.client.post(self.bulk_url("assign", tickets), {"assignee": self.agent.pk})
        self.assertEqual({refresh(t).assignee for t in tickets}, {self.agent})

    def test_close_closes_resolved_tickets_and_leaves_the_rest_with_a_reason(self):
        done = assigned_ticket(self.member, self.queue, self.agent)
        services.change_status(ticket=done, to="resolved", by=self.agent)
        busy = assigned_ticket(self.member, self.queue, self.agent)
        self.client.force_login(self.agent)
        response = self.client.post(self.bulk_url("close", [done, busy]), follow=True)
        self.assertEqual(refresh(done).status, "closed")
        self.assertEqual(refresh(busy).status, "assigned")
        self.assertContains(response, busy.reference)


class ImportScreenTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def setUp(self):
        self.client.force_login(self.agent)

    def rows(self):
        return [row(title=f"Ticket {n}", description="x", requester=self.member.email) for n in range(3)]

    def test_template_preview_import_and_report(self):
        template = self.client.get(reverse("helpdesk_admin:import_template"))
        self.assertEqual(template.status_code, 200)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("helpdesk_admin:import"),
                {"file": upload(workbook_bytes(self.rows())), "on_duplicate": "skip"},
            )
        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("helpdesk_admin:import_job", args=[job.pk]))
        page = self.client.get(reverse("helpdesk_admin:import_job", args=[job.pk]))
        self.assertContains(page, "Import now")
        self.assertFalse(Ticket.objects.exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("helpdesk_admin:import_job", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual((job.status, job.counts["created"]), (ImportJob.Status.DONE, 3))
        self.assertEqual(Ticket.objects.count(), 3)
        report = self.client.get(reverse("helpdesk_admin:import_report", args=[job.pk]))
        text = b"".join(report.streaming_content).decode()
        self.assertEqual(len(text.strip().splitlines()), 4)
        # A job runs once: confirming again changes nothing.
        self.client.post(reverse("helpdesk_admin:import_job", args=[job.pk]))
        self.assertEqual(Ticket.objects.count(), 3)

    def test_a_bad_file_is_refused_on_the_form_and_nothing_is_stored(self):
        response = self.client.post(
            reverse("helpdesk_admin:import"), {"file": upload(b"hola", "tickets.xlsx"), "on_duplicate": "skip"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "is not an Excel workbook", status_code=400)
        self.assertFalse(ImportJob.objects.exists())

    def test_progress_is_shown_while_the_job_waits(self):
        with mock.patch("helpdesk.imports.service.enqueue_on_commit"):
            job = self._start()
        page = self.client.get(reverse("helpdesk_admin:import_job", args=[job.pk]))
        self.assertContains(page, "<progress")
        self.assertContains(page, 'http-equiv="refresh"')

    def test_the_sweep_runs_an_import_whose_task_was_lost(self):
        from helpdesk.sweeps import requeue_imports

        with mock.patch("helpdesk.imports.service.enqueue_on_commit"):
            job = self._start()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(requeue_imports(now=timezone.now() + timedelta(minutes=10)), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.PREVIEWED)

    def test_someone_elses_import_is_not_found(self):
        with mock.patch("helpdesk.imports.service.enqueue_on_commit"):
            job = self._start()
        from accounts.roles import Role
        from accounts.tests.factories import make_person

        self.client.force_login(make_person("agent2", Role.AGENT))
        self.assertEqual(self.client.get(reverse("helpdesk_admin:import_job", args=[job.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("helpdesk_admin:import_report", args=[job.pk])).status_code, 404)

    def _start(self):
        from helpdesk.imports.service import start_import

        return start_import(upload=upload(workbook_bytes(self.rows())), by=self.agent)
