"""Real threads against PostgreSQL: the ticket lock and the import lock under contention."""

import io
import random
import threading
import time

from django.db import connection
from django.test import TransactionTestCase

from accounts.roles import Role
from accounts.tests.factories import make_person
from helpdesk import services
from helpdesk.errors import TicketError
from helpdesk.imports.service import import_workbook
from helpdesk.models import Ticket, TicketEvent
from portal.errors import BusyError
from portal.testing import requires_postgres

from .factories import make_queue, open_ticket, row, workbook_bytes

AGENTS = 12


def run_together(count, work):
    """Run work(index) in `count` threads released at once; returns (outcomes, unexpected failures)."""
    start = threading.Barrier(count)
    outcomes, unexpected = [], []

    def attempt(index):
        try:
            start.wait()
            for _try in range(50):
                try:
                    outcomes.append(work(index))
                    return
                except BusyError:
                    time.sleep(random.uniform(0.01, 0.1))
            unexpected.append(f"{index} never got through")
        except TicketError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - every other failure is what these tests look for
            unexpected.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, unexpected


@requires_postgres
class ConcurrentTicketTests(TransactionTestCase):
    serialized_rollback = True

    def test_twelve_agents_taking_one_ticket_leave_exactly_one_assignee(self):
        requester = make_person("requester", Role.MEMBER)
        agents = [make_person(f"agent{n}", Role.AGENT) for n in range(AGENTS)]
        queue = make_queue(agents=agents)
        ticket = open_ticket(requester, queue)

        def take(index):
            agent = agents[index]
            services.assign_ticket(ticket=Ticket.objects.get(pk=ticket.pk), assignee=agent, by=agent)
            return "assigned"

        outcomes, unexpected = run_together(AGENTS, take)
        self.assertEqual(unexpected, [])
        self.assertEqual(outcomes.count("assigned"), 1)
        self.assertEqual(outcomes.count("not_allowed"), AGENTS - 1)
        self.assertEqual(TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.ASSIGNED).count(), 1)

    def test_the_same_workbook_imported_twice_at_once_creates_its_tickets_once(self):
        requester = make_person("requester", Role.MEMBER)
        agent = make_person("agent", Role.AGENT)
        make_queue(agents=[agent])
        rows = [row(title=f"Ticket {n}", description="x", requester=requester.email) for n in range(50)]
        data = workbook_bytes(rows)

        def run(_index):
            result = import_workbook(fileobj=io.BytesIO(data), filename="t.xlsx", by=agent, dry_run=False)
            return "created" if result.counts["created"] else "skipped"

        outcomes, unexpected = run_together(4, run)
        self.assertEqual(unexpected, [])
        self.assertEqual(outcomes.count("created"), 1)
        self.assertEqual(Ticket.objects.count(), 50)
