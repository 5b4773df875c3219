"""The service desk's figure on the metrics dashboard: open tickets, by priority, most pressing first."""

from datetime import date

from helpdesk.metrics import metrics
from helpdesk.models import Ticket
from portal.testing import LuminoTestCase

from .factories import make_queue, open_ticket

TODAY = date(2026, 5, 4)


class OpenTicketMetricsTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def ticket(self, priority, status=Ticket.Status.NEW):
        ticket = open_ticket(self.member, self.queue)
        Ticket.objects.filter(pk=ticket.pk).update(priority=priority, status=status)
        return ticket

    def test_counts_open_tickets_by_priority_but_not_resolved_or_closed_ones(self):
        self.ticket("urgent")
        self.ticket("high", Ticket.Status.IN_PROGRESS)
        self.ticket("high", Ticket.Status.WAITING)
        self.ticket("low", Ticket.Status.ASSIGNED)
        self.ticket("urgent", Ticket.Status.RESOLVED)
        self.ticket("normal", Ticket.Status.CLOSED)
        (figure,) = metrics(TODAY)
        self.assertEqual((figure.key, figure.value, figure.chart), ("open_tickets", 4, "bars"))
        self.assertEqual(
            [(str(label), value) for label, value in figure.breakdown],
            [("Urgent", 1), ("High", 2), ("Normal", 0), ("Low", 1)],
        )

    def test_a_merged_duplicate_is_not_open(self):
        target = self.ticket("normal")
        duplicate = self.ticket("normal", Ticket.Status.CLOSED)
        Ticket.objects.filter(pk=duplicate.pk).update(merged_into=target)
        (figure,) = metrics(TODAY)
        self.assertEqual(figure.value, 1)

    def test_one_query_however_many_tickets(self):
        self.ticket("high")
        with self.assertNumQueries(1):
            metrics(TODAY)
        for _ in range(15):
            self.ticket("low")
        with self.assertNumQueries(1):
            (figure,) = metrics(TODAY)
        self.assertEqual(figure.value, 16)
