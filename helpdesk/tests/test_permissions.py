"""Who sees which ticket: members their own, agents their queues, supervisors everything."""

from helpdesk import services
from helpdesk.models import Ticket
from portal.testing import LuminoTestCase

from .factories import assigned_ticket, make_queue, open_ticket


class VisibilityTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from accounts.roles import Role
        from accounts.tests.factories import make_person

        cls.support = make_queue(agents=[cls.agent])
        cls.billing = make_queue("Facturación", "facturacion")
        cls.billing_agent = make_person("billing", Role.AGENT, first_name="Berta", last_name="Sanz")
        cls.billing.agents.add(cls.billing_agent)
        cls.mine = open_ticket(cls.member, cls.support)
        cls.others = open_ticket(cls.other_member, cls.support, title="Factura duplicada")
        cls.bill = open_ticket(cls.member, cls.billing, title="Me han cobrado dos veces")

    def visible(self, user):
        from helpdesk.access import forget

        forget(user)
        return set(Ticket.objects.visible_to(user).values_list("pk", flat=True))

    def test_a_member_sees_only_her_own_tickets(self):
        self.assertEqual(self.visible(self.member), {self.mine.pk, self.bill.pk})
        self.assertEqual(self.visible(self.other_member), {self.others.pk})

    def test_an_agent_sees_her_queues_tickets_only(self):
        self.assertEqual(self.visible(self.agent), {self.mine.pk, self.others.pk})
        self.assertEqual(self.visible(self.billing_agent), {self.bill.pk})

    def test_an_agent_keeps_seeing_a_ticket_assigned_to_her_in_another_queue(self):
        services.assign_ticket(ticket=self.bill, assignee=self.agent, by=self.manager)
        self.assertIn(self.bill.pk, self.visible(self.agent))

    def test_a_supervisor_sees_every_ticket(self):
        self.assertEqual(self.visible(self.manager), {self.mine.pk, self.others.pk, self.bill.pk})

    def test_editors_mentors_and_visitors_see_none_but_their_own(self):
        from django.contrib.auth.models import AnonymousUser

        self.assertEqual(self.visible(self.editor), set())
        self.assertEqual(self.visible(self.mentor), set())
        self.assertEqual(set(Ticket.objects.visible_to(AnonymousUser())), set())

    def test_what_each_person_may_do(self):
        ticket = assigned_ticket(self.member, self.support, self.agent)
        self.assertTrue(ticket.may_reply(self.member))
        self.assertFalse(ticket.may_add_note(self.member))
        self.assertFalse(ticket.may_see(self.other_member))
        self.assertTrue(ticket.may_add_note(self.agent))
        self.assertFalse(ticket.may_see(self.billing_agent))
        self.assertEqual(ticket.allowed_transitions(self.member), [])
        self.assertEqual(
            [value for value, _label in ticket.allowed_transitions(self.agent)], ["in_progress", "waiting", "resolved"]
        )
