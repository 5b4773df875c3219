"""The ticket workflow: new → assigned → in progress → waiting → resolved → closed, reopen within N days."""

from datetime import timedelta
from unittest import mock

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from helpdesk import services
from helpdesk.errors import TicketError
from helpdesk.models import Ticket, TicketEvent
from portal.testing import LuminoTestCase

from .factories import assigned_ticket, make_queue, open_ticket, refresh

Status = Ticket.Status


class WorkflowTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def test_a_new_ticket_gets_a_reference_a_due_date_and_its_history_starts(self):
        ticket = open_ticket(self.member, self.queue)
        year = timezone.localtime(ticket.created_at).year
        self.assertRegex(ticket.reference, rf"^SD-{year}-\d{{6}}$")
        self.assertEqual(ticket.status, Status.NEW)
        self.assertIsNotNone(ticket.due_at)
        self.assertEqual(list(ticket.events.values_list("kind", flat=True)), [TicketEvent.Kind.CREATED])

    def test_the_whole_path_from_new_to_closed_is_recorded(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        for target in (Status.IN_PROGRESS, Status.WAITING, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
            ticket = services.change_status(ticket=refresh(ticket), to=target, by=self.agent)
        ticket = refresh(ticket)
        self.assertEqual(ticket.status, Status.CLOSED)
        self.assertIsNotNone(ticket.resolved_at)
        self.assertIsNotNone(ticket.closed_at)
        changes = list(ticket.events.filter(field="status").values_list("old_value", "new_value"))
        self.assertEqual(
            changes,
            [
                ("new", "assigned"),
                ("assigned", "in_progress"),
                ("in_progress", "waiting"),
                ("waiting", "in_progress"),
                ("in_progress", "resolved"),
                ("resolved", "closed"),
            ],
        )

    def test_closing_a_ticket_in_progress_is_refused_naming_both_statuses(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        ticket = services.change_status(ticket=ticket, to=Status.IN_PROGRESS, by=self.agent)
        with self.assertRaises(TicketError) as refused:
            services.change_status(ticket=refresh(ticket), to=Status.CLOSED, by=self.agent)
        self.assertEqual(refused.exception.code, "forbidden_transition")
        self.assertIn("In progress", str(refused.exception.message))
        self.assertIn("Closed", str(refused.exception.message))
        self.assertEqual(refresh(ticket).status, Status.IN_PROGRESS)

    def test_work_cannot_start_before_someone_is_assigned(self):
        ticket = open_ticket(self.member, self.queue)
        with self.assertRaises(TicketError) as refused:
            services.change_status(ticket=ticket, to=Status.IN_PROGRESS, by=self.agent)
        self.assertEqual(refused.exception.code, "forbidden_transition")
        self.assertIn("Assign it first", str(refused.exception.message))
        self.assertEqual(refresh(ticket).status, Status.NEW)

    def test_an_unknown_status_is_refused_not_stored(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        with self.assertRaises(TicketError):
            services.change_status(ticket=ticket, to="teleported", by=self.agent)
        self.assertEqual(refresh(ticket).status, Status.ASSIGNED)

    def test_the_requester_cannot_move_her_own_ticket(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        with self.assertRaises(TicketError) as refused:
            services.change_status(ticket=ticket, to=Status.RESOLVED, by=self.member)
        self.assertEqual(refused.exception.status, 403)

    def test_the_requester_answering_a_waiting_ticket_puts_it_back_in_progress(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        services.change_status(ticket=ticket, to=Status.WAITING, by=self.agent)
        services.reply_to_ticket(ticket=refresh(ticket), by=self.member, body="Aquí tienes la captura.")
        self.assertEqual(refresh(ticket).status, Status.IN_PROGRESS)

    def test_a_resolved_ticket_reopens_within_the_limit_and_goes_back_to_its_agent(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        services.change_status(ticket=ticket, to=Status.RESOLVED, by=self.agent)
        services.change_status(ticket=refresh(ticket), to=Status.CLOSED, by=self.agent)
        ticket = services.reopen_ticket(ticket=refresh(ticket), by=self.member)
        self.assertEqual(ticket.status, Status.ASSIGNED)
        self.assertIsNone(refresh(ticket).resolved_at)
        self.assertTrue(ticket.events.filter(kind=TicketEvent.Kind.REOPENED).exists())

    @override_settings(LUMINO_HELPDESK_REOPEN_DAYS=7)
    def test_reopening_after_the_limit_is_refused(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        services.change_status(ticket=ticket, to=Status.RESOLVED, by=self.agent)
        Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - timedelta(days=8))
        with self.assertRaises(TicketError) as refused:
            services.reopen_ticket(ticket=refresh(ticket), by=self.member)
        self.assertEqual(refused.exception.code, "reopen_expired")
        self.assertIn("7 days", str(refused.exception.message))
        self.assertEqual(refresh(ticket).status, Status.RESOLVED)

    def test_reopening_an_open_ticket_is_refused(self):
        ticket = open_ticket(self.member, self.queue)
        with self.assertRaises(TicketError) as refused:
            services.reopen_ticket(ticket=ticket, by=self.member)
        self.assertEqual(refused.exception.code, "forbidden_transition")

    def test_a_closed_ticket_takes_no_more_replies(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        services.change_status(ticket=ticket, to=Status.RESOLVED, by=self.agent)
        services.change_status(ticket=refresh(ticket), to=Status.CLOSED, by=self.agent)
        with self.assertRaises(TicketError) as refused:
            services.reply_to_ticket(ticket=refresh(ticket), by=self.member, body="¿Hola?")
        self.assertEqual(refused.exception.code, "closed")
        self.assertFalse(ticket.comments.exists())

    def test_an_empty_reply_is_refused(self):
        ticket = open_ticket(self.member, self.queue)
        with self.assertRaises(TicketError) as refused:
            services.reply_to_ticket(ticket=ticket, by=self.member, body="   ")
        self.assertEqual(refused.exception.code, "empty_reply")

    def test_a_priority_change_recomputes_the_due_date_and_is_recorded(self):
        ticket = open_ticket(self.member, self.queue, priority="low")
        before = ticket.due_at
        ticket = services.update_ticket(ticket=ticket, by=self.agent, priority="urgent")
        self.assertLess(refresh(ticket).due_at, before)
        event = ticket.events.get(kind=TicketEvent.Kind.UPDATED)
        self.assertEqual((event.field, event.old_value, event.new_value), ("priority", "low", "urgent"))


class AssignmentTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])
        from accounts.roles import Role
        from accounts.tests.factories import make_person

        cls.second_agent = make_person("agent2", Role.AGENT, first_name="Sara", last_name="Gil")
        cls.queue.agents.add(cls.second_agent)
        cls.outsider_agent = make_person("agent3", Role.AGENT, first_name="Raúl", last_name="Mora")

    def test_an_agent_takes_a_new_ticket_and_it_becomes_assigned(self):
        ticket = services.assign_ticket(ticket=open_ticket(self.member, self.queue), assignee=self.agent, by=self.agent)
        self.assertEqual((ticket.status, ticket.assignee), (Status.ASSIGNED, self.agent))

    def test_releasing_a_ticket_before_work_starts_puts_it_back_to_new(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        ticket = services.assign_ticket(ticket=refresh(ticket), assignee=None, by=self.agent)
        self.assertEqual((ticket.status, ticket.assignee), (Status.NEW, None))
        self.assertEqual(refresh(ticket).status, Status.NEW)

    def test_an_agent_cannot_take_a_ticket_another_agent_holds(self):
        ticket = assigned_ticket(self.member, self.queue, self.second_agent)
        with self.assertRaises(TicketError) as refused:
            services.assign_ticket(ticket=refresh(ticket), assignee=self.agent, by=self.agent)
        self.assertEqual(refused.exception.status, 403)
        self.assertEqual(refresh(ticket).assignee, self.second_agent)

    def test_a_supervisor_reassigns_any_ticket(self):
        ticket = assigned_ticket(self.member, self.queue, self.second_agent)
        services.assign_ticket(ticket=refresh(ticket), assignee=self.agent, by=self.manager)
        self.assertEqual(refresh(ticket).assignee, self.agent)

    def test_an_agent_cannot_hand_a_ticket_to_someone_outside_the_queue(self):
        ticket = open_ticket(self.member, self.queue)
        with self.assertRaises(TicketError) as refused:
            services.assign_ticket(ticket=ticket, assignee=self.outsider_agent, by=self.agent)
        self.assertEqual(refused.exception.code, "not_an_agent")
        self.assertIsNone(refresh(ticket).assignee)

    def test_a_supervisor_may_bring_in_an_agent_of_another_queue_but_not_a_member(self):
        ticket = open_ticket(self.member, self.queue)
        with self.assertRaises(TicketError):
            services.assign_ticket(ticket=ticket, assignee=self.other_member, by=self.manager)
        services.assign_ticket(ticket=refresh(ticket), assignee=self.outsider_agent, by=self.manager)
        self.assertEqual(refresh(ticket).assignee, self.outsider_agent)


class NotificationTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def sent_to(self, person):
        return [message for message in mail.outbox if person.email in message.to]

    def test_created_assigned_replied_and_resolved_each_send_one_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            ticket = open_ticket(self.member, self.queue)
        self.assertEqual(len(self.sent_to(self.member)), 1)
        self.assertIn(ticket.reference, self.sent_to(self.member)[0].subject)
        with self.captureOnCommitCallbacks(execute=True):
            services.assign_ticket(ticket=ticket, assignee=self.agent, by=self.manager)
        self.assertEqual(len(self.sent_to(self.agent)), 1)
        with self.captureOnCommitCallbacks(execute=True):
            services.reply_to_ticket(ticket=refresh(ticket), by=self.agent, body="¿Qué navegador usas?")
        self.assertIn("¿Qué navegador usas?", self.sent_to(self.member)[-1].body)
        with self.captureOnCommitCallbacks(execute=True):
            services.change_status(ticket=refresh(ticket), to=Status.RESOLVED, by=self.agent)
        self.assertEqual(len(self.sent_to(self.member)), 3)

    def test_an_internal_note_never_reaches_the_requester(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            services.reply_to_ticket(ticket=refresh(ticket), by=self.agent, body="Cliente difícil", internal=True)
        self.assertEqual(mail.outbox, [])

    def test_emails_are_in_the_recipients_language(self):
        self.member.language = "es"
        self.member.save(update_fields=["language"])
        with self.captureOnCommitCallbacks(execute=True):
            ticket = open_ticket(self.member, self.queue)
        self.assertIn("Hemos recibido", self.sent_to(self.member)[0].subject)
        self.assertIn(ticket.reference, self.sent_to(self.member)[0].subject)

    def test_an_email_task_run_twice_sends_once(self):
        from helpdesk.emails import send_event_email

        with mock.patch("helpdesk.services.common.enqueue_on_commit"):
            ticket = open_ticket(self.member, self.queue)
        event = ticket.events.get(kind=TicketEvent.Kind.CREATED)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(send_event_email(event.pk), 1)
            self.assertEqual(send_event_email(event.pk), 0)
        self.assertEqual(len(self.sent_to(self.member)), 1)

    def test_the_sweep_sends_what_a_lost_task_left_behind(self):
        from helpdesk.sweeps import requeue_ticket_emails

        with mock.patch("helpdesk.services.common.enqueue_on_commit"):
            open_ticket(self.member, self.queue)
        self.assertEqual(requeue_ticket_emails(now=timezone.now()), 0)  # too recent: its task may be in flight
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(requeue_ticket_emails(now=timezone.now() + timedelta(minutes=10)), 1)
        self.assertEqual(len(self.sent_to(self.member)), 1)
