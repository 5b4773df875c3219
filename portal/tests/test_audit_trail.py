"""Staff actions on members' reservations, orders and tickets appear in Wagtail's site history."""

from django.test import TestCase

from wagtail.models import ModelLogEntry

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from courses.services import cancel_reservation, reserve_seat
from courses.tests.factories import SessionFactory
from helpdesk.services import assign_ticket, open_ticket


class AuditTrailTests(TestCase):
    def setUp(self):
        self.manager = UserFactory(roles=[Role.MANAGER])
        self.member = UserFactory()

    def test_a_manager_cancelling_a_members_seat_is_in_the_site_history(self):
        reservation = reserve_seat(session=SessionFactory(), member=self.member, by=self.member)
        self.assertFalse(ModelLogEntry.objects.exists())  # the member's own action is not a staff action

        cancel_reservation(reservation=reservation, by=self.manager)

        entry = ModelLogEntry.objects.get()
        self.assertEqual(entry.action, "courses.reservation.cancelled")
        self.assertEqual(entry.user, self.manager)
        self.assertEqual(entry.data["from"], "confirmed")
        self.assertEqual(str(entry.object_id), str(reservation.pk))
        self.assertEqual(entry.message, "Reservation: Cancelled")

    def test_the_site_history_report_lists_it_for_managers(self):
        reservation = reserve_seat(session=SessionFactory(), member=self.member, by=self.member)
        cancel_reservation(reservation=reservation, by=self.manager)
        self.client.force_login(self.manager)
        response = self.client.get("/admin/reports/site-history/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Reservation: Cancelled")

    def test_an_agent_assigning_a_members_ticket_is_in_the_site_history(self):
        agent = UserFactory(roles=[Role.AGENT])
        ticket = open_ticket(requester=self.member, by=self.member, title="No puedo entrar", description="Error 403")
        self.assertFalse(ModelLogEntry.objects.exists())

        assign_ticket(ticket=ticket, assignee=agent, by=self.manager)

        entry = ModelLogEntry.objects.get(action="helpdesk.ticket.assigned")
        self.assertEqual((entry.user, str(entry.object_id)), (self.manager, str(ticket.pk)))
