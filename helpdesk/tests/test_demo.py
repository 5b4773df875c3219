from django.core import mail
from django.test import TestCase

from helpdesk import demo as helpdesk_demo
from helpdesk.models import Comment, Queue, Ticket, TicketEvent
from home import demo as home_demo


class HelpdeskDemoTests(TestCase):
    def seed(self, scale=1):
        context = home_demo.DemoContext(scale=scale)
        home_demo.seed(context)
        with self.captureOnCommitCallbacks(execute=True):
            helpdesk_demo.seed(context)
        return context

    def counts(self):
        return [model.objects.count() for model in (Ticket, Comment, TicketEvent, Queue)]

    def test_demo_seeds_tickets_in_every_state_once_and_sends_no_email(self):
        context = self.seed()
        first = self.counts()
        self.assertGreaterEqual(first[0], 50)
        self.assertEqual(set(Ticket.objects.values_list("status", flat=True)), set(Ticket.Status.values))
        self.assertEqual(Queue.objects.count(), 3)
        self.assertTrue(Comment.objects.filter(internal=True).exists())
        self.assertTrue(Comment.objects.filter(internal=False).exists())
        self.assertTrue(Ticket.objects.filter(merged_into__isnull=False).exists())
        self.assertTrue(Ticket.objects.filter(requester=context.people["member"]).exists())
        self.assertEqual(mail.outbox, [])
        self.seed()
        self.assertEqual(self.counts(), first)

    def test_the_demo_grows_with_the_scale(self):
        self.seed(scale=2)
        self.assertGreaterEqual(Ticket.objects.count(), 100)
