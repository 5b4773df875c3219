"""Merging duplicates, similar-ticket suggestions, and the checks on attached evidence."""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from helpdesk import services
from helpdesk.errors import TicketError
from helpdesk.models import Attachment, Ticket
from portal.testing import LuminoTestCase

from .factories import assigned_ticket, make_queue, open_ticket, refresh

PDF = b"%PDF-1.4\n%%EOF\n"


def png(width=4, height=4):
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(output, "PNG")
    return output.getvalue()


class MergeTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def test_replies_files_and_history_move_to_the_surviving_ticket_and_the_requester_is_told(self):
        target = assigned_ticket(self.member, self.queue, self.agent, title="No carga el vídeo")
        duplicate = open_ticket(
            self.member, self.queue, title="El vídeo no carga", files=[SimpleUploadedFile("a.pdf", PDF)]
        )
        services.reply_to_ticket(ticket=duplicate, by=self.member, body="¿Alguna novedad?")
        moved_events = duplicate.events.count()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            services.merge_tickets(source=refresh(duplicate), target=refresh(target), by=self.agent)
        duplicate, target = refresh(duplicate), refresh(target)
        self.assertEqual((duplicate.status, duplicate.merged_into), (Ticket.Status.CLOSED, target))
        self.assertEqual(list(target.comments.values_list("body", flat=True)), ["¿Alguna novedad?"])
        self.assertEqual(target.attachments.get().name, "a.pdf")
        self.assertGreaterEqual(target.events.count(), moved_events)
        self.assertEqual(list(duplicate.events.values_list("kind", flat=True)), ["merged"])
        self.assertEqual(len([m for m in mail.outbox if self.member.email in m.to]), 1)
        self.assertIn(target.reference, mail.outbox[-1].body)
        self.assertFalse(duplicate.may_reply(self.member))

    def test_tickets_of_different_requesters_are_not_merged(self):
        mine = open_ticket(self.member, self.queue)
        theirs = open_ticket(self.other_member, self.queue)
        with self.assertRaises(TicketError) as refused:
            services.merge_tickets(source=mine, target=theirs, by=self.agent)
        self.assertEqual(refused.exception.code, "merge_other_requester")
        self.assertIsNone(refresh(mine).merged_into)

    def test_a_ticket_is_not_merged_into_itself_or_a_closed_one(self):
        ticket = open_ticket(self.member, self.queue)
        with self.assertRaises(TicketError):
            services.merge_tickets(source=ticket, target=ticket, by=self.agent)
        closed = assigned_ticket(self.member, self.queue, self.agent)
        services.change_status(ticket=closed, to="resolved", by=self.agent)
        with self.assertRaises(TicketError) as refused:
            services.merge_tickets(source=ticket, target=refresh(closed), by=self.agent)
        self.assertEqual(refused.exception.code, "merge_target_closed")

    def test_members_cannot_merge(self):
        first, second = open_ticket(self.member, self.queue), open_ticket(self.member, self.queue, title="Otro")
        with self.assertRaises(TicketError):
            services.merge_tickets(source=first, target=second, by=self.member)

    def test_similar_suggestions_ignore_accents_case_and_other_peoples_tickets(self):
        match = open_ticket(self.member, self.queue, title="El VIDEO de la lección no carga")
        open_ticket(self.member, self.queue, title="Factura duplicada")
        open_ticket(self.other_member, self.queue, title="El vídeo de la lección no carga")
        found = services.similar_open_tickets(requester=self.member, text="no se carga el vídeo de la leccion")
        self.assertEqual(found, [match])
        self.assertEqual(services.similar_open_tickets(requester=self.member, text="de la"), [])


class AttachmentCheckTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.queue = make_queue(agents=[cls.agent])

    def attach(self, name, data):
        ticket = open_ticket(self.member, self.queue)
        return services.reply_to_ticket(
            ticket=ticket, by=self.member, body="adjunto", files=[SimpleUploadedFile(name, data)]
        )

    def refused(self, name, data, code):
        with self.assertRaises(TicketError) as refused:
            self.attach(name, data)
        self.assertEqual(refused.exception.code, code)
        self.assertIn(name, str(refused.exception.message))
        self.assertFalse(Attachment.objects.exists())

    def test_real_files_are_accepted_and_stored_privately(self):
        for name, data in (("a.pdf", PDF), ("b.png", png()), ("c.txt", "ñandú".encode()), ("d.csv", b"a,b\n1,2\n")):
            self.attach(name, data)
        self.assertEqual(Attachment.objects.count(), 4)
        for attachment in Attachment.objects.all():
            # In the private storage, outside the folder the web server publishes under MEDIA_URL.
            path = Path(attachment.file.path).resolve()
            self.assertTrue(path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve()))
            self.assertFalse(path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()))

    def test_a_file_whose_content_is_not_its_extension(self):
        self.refused("foto.png", PDF, "file_mismatch")
        self.refused("doc.pdf", png(), "file_mismatch")
        self.refused("nota.txt", b"<html><script>alert(1)</script></html>", "file_mismatch")
        self.refused("nota.txt", b"\x00\x01\x02binary", "file_mismatch")

    def test_kinds_not_accepted(self):
        self.refused("programa.exe", b"MZ\x90\x00", "file_type")
        self.refused("pagina.html", b"<p>hola</p>", "file_type")
        self.refused("dibujo.svg", b"<svg/>", "file_type")

    @override_settings(LUMINO_HELPDESK_MAX_ATTACHMENT=1000)
    def test_too_big(self):
        self.refused("grande.txt", b"a" * 2000, "file_too_large")

    def test_empty(self):
        self.refused("vacio.txt", b"", "file_empty")

    def test_a_zip_bomb(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("zeros.bin", b"\x00" * (20 * 1024 * 1024))
        self.refused("logs.zip", buffer.getvalue(), "file_zip_bomb")

    def test_a_pixel_bomb(self):
        from unittest import mock

        with mock.patch("helpdesk.files.MAX_IMAGE_PIXELS", 10):
            self.refused("enorme.png", png(5, 5), "file_mismatch")

    def test_more_than_five_files(self):
        ticket = open_ticket(self.member, self.queue)
        files = [SimpleUploadedFile(f"{n}.txt", b"hola") for n in range(6)]
        with self.assertRaises(TicketError) as refused:
            services.reply_to_ticket(ticket=ticket, by=self.member, body="x", files=files)
        self.assertEqual(refused.exception.code, "too_many_files")
        self.assertFalse(ticket.comments.exists())
