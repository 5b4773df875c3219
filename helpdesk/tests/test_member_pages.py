"""/helpdesk/: a member opens a ticket, follows it, answers, reopens; never sees anyone else's or internal notes."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from helpdesk import services
from helpdesk.models import Ticket
from portal.testing import LuminoTestCase

from .factories import assigned_ticket, make_queue, open_ticket, refresh

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class MemberPagesTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def setUp(self):
        self.client.force_login(self.member)

    def test_visitors_are_sent_to_log_in(self):
        self.client.logout()
        response = self.client.get(reverse("helpdesk:list"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_opening_a_ticket_with_evidence(self):
        response = self.client.post(
            reverse("helpdesk:new"),
            {
                "kind": "incident",
                "title": "No puedo descargar el certificado",
                "description": "Sale un error 500.",
                "files": [SimpleUploadedFile("captura.pdf", PDF, content_type="application/pdf")],
            },
        )
        ticket = Ticket.objects.get(requester=self.member)
        self.assertRedirects(response, reverse("helpdesk:ticket", args=[ticket.reference]))
        self.assertEqual(ticket.attachments.get().name, "captura.pdf")
        self.assertNotIn("/media/", ticket.attachments.get().file.path.replace("\\", "/").split("private")[0])

    def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_created(self):
        response = self.client.post(
            reverse("helpdesk:new"),
            {
                "kind": "incident",
                "title": "Adjunto raro",
                "description": "Mira esto.",
                "files": [SimpleUploadedFile("captura.pdf", b"<html><script>alert(1)</script>", "application/pdf")],
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "captura.pdf", status_code=400)
        self.assertFalse(Ticket.objects.exists())

    def test_the_list_shows_my_tickets_not_others(self):
        mine = open_ticket(self.member, self.queue, title="Mi ticket")
        open_ticket(self.other_member, self.queue, title="El ticket de Óscar")
        response = self.client.get(reverse("helpdesk:list"))
        self.assertContains(response, mine.reference)
        self.assertNotContains(response, "El ticket de Óscar")

    def test_someone_elses_ticket_is_not_found(self):
        theirs = open_ticket(self.other_member, self.queue)
        self.assertEqual(self.client.get(reverse("helpdesk:ticket", args=[theirs.reference])).status_code, 404)

    def test_internal_notes_and_their_files_stay_hidden_from_the_requester(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        services.reply_to_ticket(ticket=ticket, by=self.agent, body="Respuesta pública")
        note = services.reply_to_ticket(
            ticket=refresh(ticket),
            by=self.agent,
            body="Nota interna secreta",
            internal=True,
            files=[SimpleUploadedFile("interno.txt", b"solo staff")],
        )
        response = self.client.get(reverse("helpdesk:ticket", args=[ticket.reference]))
        self.assertContains(response, "Respuesta pública")
        self.assertNotContains(response, "Nota interna secreta")
        self.assertNotContains(response, "interno.txt")
        hidden = note.attachments.get()
        url = reverse("helpdesk:attachment", args=[ticket.reference, hidden.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.agent)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_evidence_is_served_only_through_its_ticket_to_people_who_may_see_it(self):
        ticket = open_ticket(
            self.member, self.queue, files=[SimpleUploadedFile("captura.pdf", PDF, content_type="application/pdf")]
        )
        attachment = ticket.attachments.get()
        url = reverse("helpdesk:attachment", args=[ticket.reference, attachment.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.client.force_login(self.other_member)
        self.assertEqual(self.client.get(url).status_code, 404)
        other = open_ticket(self.other_member, self.queue)
        # The file cannot be reached through another ticket either.
        self.assertEqual(
            self.client.get(reverse("helpdesk:attachment", args=[other.reference, attachment.pk])).status_code, 404
        )

    def test_replying_from_the_site(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        response = self.client.post(reverse("helpdesk:ticket", args=[ticket.reference]), {"body": "Sigue fallando"})
        self.assertRedirects(response, reverse("helpdesk:ticket", args=[ticket.reference]))
        self.assertEqual(ticket.comments.get().body, "Sigue fallando")

    def test_reopening_from_the_site(self):
        ticket = assigned_ticket(self.member, self.queue, self.agent)
        services.change_status(ticket=ticket, to="resolved", by=self.agent)
        self.assertContains(self.client.get(reverse("helpdesk:ticket", args=[ticket.reference])), "Reopen")
        self.client.post(reverse("helpdesk:reopen", args=[ticket.reference]))
        self.assertEqual(refresh(ticket).status, "assigned")

    def test_similar_open_tickets_are_suggested_while_typing(self):
        open_ticket(self.member, self.queue, title="El vídeo de la lección 3 no carga")
        open_ticket(self.other_member, self.queue, title="El vídeo de la lección 5 no carga")
        response = self.client.get(reverse("helpdesk:similar"), {"q": "no carga el video"})
        self.assertContains(response, "lección 3")
        self.assertNotContains(response, "lección 5")

    @override_settings(DEBUG=False)
    def test_hostile_query_parameters_are_harmless(self):
        for params in ({"state": "x" * 5000}, {"page": "99999999999999999999"}, {"state": "\x00"}):
            self.assertEqual(self.client.get(reverse("helpdesk:list"), params).status_code, 200)
        self.assertEqual(self.client.get(reverse("helpdesk:similar"), {"q": "\x00" * 500}).status_code, 200)
        self.assertEqual(self.client.get("/helpdesk/SD-%00/").status_code, 404)

    def test_the_list_runs_the_same_queries_for_2_and_20_tickets(self):
        for number in range(2):
            open_ticket(self.member, self.queue, title=f"Ticket {number}")
        self.client.get(reverse("helpdesk:list"))  # warm the per-site caches
        few = self._count_queries()
        for number in range(18):
            open_ticket(self.member, self.queue, title=f"Ticket extra {number}")
        self.assertEqual(self._count_queries(), few)

    def _count_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("helpdesk:list"))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_my_lumino_shows_my_open_tickets(self):
        ticket = open_ticket(self.member, self.queue, title="Problema con la factura")
        response = self.client.get(reverse("accounts:dashboard"))
        self.assertContains(response, ticket.reference)


class PublicSearchTests(LuminoTestCase):
    def test_tickets_never_appear_in_the_public_search(self):
        ticket = open_ticket(self.member, make_queue(), title="Zanahoria morada en el aula")
        for client_user in (None, self.member, self.manager):
            if client_user:
                self.client.force_login(client_user)
            response = self.client.get("/search/", {"q": "Zanahoria"})
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "Zanahoria morada")
            self.assertNotContains(response, ticket.reference)
            api = self.client.get("/api/v1/search/", {"q": "Zanahoria"})
            self.assertNotContains(api, "Zanahoria morada")
