"""/api/v1/tickets/: members their own, agents their queues; the shared error body on every refusal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rest_framework.test import APIClient

from helpdesk import services
from helpdesk.access import forget
from helpdesk.models import Ticket
from portal.testing import LuminoTestCase

from .factories import assigned_ticket, make_category, make_queue, open_ticket

URL = "/api/v1/tickets/"


class TicketsAPITests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])
        cls.other_queue = make_queue("Facturación", "facturacion")
        cls.category = make_category(queue=cls.queue)

    def setUp(self):
        self.api = APIClient()

    def as_(self, user):
        self.api.force_authenticate(user)
        return self.api

    def test_anonymous_gets_401_in_the_shared_shape(self):
        response = self.api.get(URL)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["success"], False)

    def test_a_member_lists_only_her_tickets(self):
        mine = open_ticket(self.member, self.queue)
        open_ticket(self.other_member, self.queue)
        data = self.as_(self.member).get(URL).json()
        self.assertEqual([item["reference"] for item in data["results"]], [mine.reference])
        self.assertEqual(data["results"][0]["allowed_transitions"], [])
        self.assertTrue(data["results"][0]["may_reply"])

    def test_an_agent_lists_her_queues_tickets(self):
        here = open_ticket(self.member, self.queue)
        open_ticket(self.member, self.other_queue)
        data = self.as_(self.agent).get(URL).json()
        self.assertEqual([item["reference"] for item in data["results"]], [here.reference])

    def test_someone_elses_ticket_is_a_404(self):
        theirs = open_ticket(self.other_member, self.queue)
        response = self.as_(self.member).get(f"{URL}{theirs.reference}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.as_(self.member).get(f"{URL}SD-1-x/").status_code, 404)

    def test_a_member_opens_a_ticket(self):
        response = self.as_(self.member).post(
            URL, {"title": "No veo mis notas", "description": "Desde ayer.", "category": "plataforma"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        ticket = Ticket.objects.get(reference=response.json()["reference"])
        self.assertEqual((ticket.requester, ticket.queue, ticket.status), (self.member, self.queue, "new"))

    def test_bad_input_names_the_field(self):
        response = self.as_(self.member).post(URL, {"title": "", "category": "nope"}, format="json")
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(set(body["errors"]), {"title", "description", "category"})
        self.assertFalse(Ticket.objects.exists())

    def test_members_cannot_read_or_write_internal_notes(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        services.reply_to_ticket(ticket=ticket, by=self.agent, body="pública")
        services.reply_to_ticket(
            ticket=ticket, by=self.agent, body="interna", internal=True, files=[SimpleUploadedFile("n.txt", b"x")]
        )
        comments = self.as_(self.member).get(f"{URL}{ticket.reference}/comments/").json()
        self.assertEqual([c["body"] for c in comments], ["pública"])
        self.assertNotIn("n.txt", str(comments))
        response = self.as_(self.member).post(
            f"{URL}{ticket.reference}/comments/", {"body": "me cuelo", "internal": True}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "not_allowed")
        staff = self.as_(self.agent).get(f"{URL}{ticket.reference}/comments/").json()
        self.assertEqual([c["body"] for c in staff], ["pública", "interna"])
        url = staff[1]["attachments"][0]["url"]
        self.client.force_login(self.agent)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_forbidden_transition_is_a_409_naming_it(self):
        ticket = open_ticket(self.member, self.queue)
        response = self.as_(self.agent).post(
            f"{URL}{ticket.reference}/transition/", {"status": "closed"}, format="json"
        )
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual(body["code"], "forbidden_transition")
        self.assertIn("New", body["message"])
        self.assertIn("Closed", body["message"])
        self.assertIn("status", body["errors"])

    def test_an_agent_takes_and_works_a_ticket(self):
        ticket = open_ticket(self.member, self.queue)
        api = self.as_(self.agent)
        response = api.post(f"{URL}{ticket.reference}/assign/", {"assignee_id": self.agent.pk}, format="json")
        self.assertEqual(response.json()["status"], "assigned")
        response = api.post(f"{URL}{ticket.reference}/transition/", {"status": "resolved"}, format="json")
        self.assertEqual(response.json()["status"], "resolved")
        response = self.as_(self.member).post(f"{URL}{ticket.reference}/reopen/")
        self.assertEqual(response.json()["status"], "assigned")

    def test_members_cannot_move_tickets_or_assign(self):
        ticket = open_ticket(self.member, self.queue)
        api = self.as_(self.member)
        self.assertEqual(api.post(f"{URL}{ticket.reference}/transition/", {"status": "resolved"}).status_code, 403)
        self.assertEqual(
            api.post(f"{URL}{ticket.reference}/assign/", {"assignee_id": self.member.pk}, format="json").status_code,
            403,
        )
        unknown = api.post(f"{URL}{ticket.reference}/assign/", {"assignee_id": 10**17}, format="json")
        self.assertEqual(unknown.status_code, 400)

    def test_filters_are_checked(self):
        open_ticket(self.member, self.queue, priority="urgent")
        api = self.as_(self.agent)
        self.assertEqual(api.get(URL, {"priority": "urgent"}).json()["count"], 1)
        self.assertEqual(api.get(URL, {"overdue": "true"}).json()["count"], 0)
        self.assertEqual(api.get(URL, {"overdue": "maybe"}).status_code, 400)
        self.assertEqual(api.get(URL, {"queue": "no slug!"}).status_code, 400)

    def test_the_list_runs_the_same_queries_for_2_and_20_tickets(self):
        def count():
            forget(self.agent)  # every request starts with a fresh user, as in production
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.as_(self.agent).get(URL, {"page_size": 50}).status_code, 200)
            return len(queries)

        for number in range(2):
            open_ticket(self.member, self.queue, title=f"T{number}", tags=["a"])
        few = count()
        for number in range(18):
            open_ticket(self.member, self.queue, title=f"U{number}", tags=["b"])
        self.assertEqual(count(), few)
