from django.core import mail
from django.urls import reverse

from portal.models import OutboundEmail
from portal.testing import LuminoTestCase

INDEX = "/admin/outbound_emails/"


def make_email(subject, to, status="sent", **fields):
    payload = {
        "subject": subject,
        "body": "Tu enlace secreto: https://testserver/accounts/password/reset/key/abc-123/",
        "from_email": None,
        "to": [to],
        "cc": [],
        "bcc": [],
        "reply_to": [],
        "headers": {},
        "alternatives": [],
        "attachments": [],
    }
    return OutboundEmail.objects.create(subject=subject, recipients=to, payload=payload, status=status, **fields)


class OutboxAdminTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sent = make_email("Bienvenida", "ana@example.com")
        cls.failed = make_email("Tu factura", "luis@example.com", status="failed", attempts=8, last_error="SMTP 554")

    def test_managers_see_the_list_with_a_status_filter_and_search(self):
        self.client.force_login(self.manager)
        response = self.client.get(INDEX)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bienvenida")
        self.assertContains(response, "Tu factura")

        filtered = self.client.get(INDEX, {"status": "failed"})
        self.assertContains(filtered, "Tu factura")
        self.assertNotContains(filtered, "Bienvenida")

        searched = self.client.get(INDEX, {"q": "ana@example"})
        self.assertContains(searched, "Bienvenida")
        self.assertNotContains(searched, "Tu factura")

    def test_it_is_read_only(self):
        self.client.force_login(self.manager)
        response = self.client.get(INDEX)
        self.assertNotContains(response, f"{INDEX}new/")
        self.assertNotContains(response, f"{INDEX}edit/")
        self.assertNotContains(response, f"{INDEX}delete/")
        for url in (f"{INDEX}new/", f"{INDEX}edit/{self.sent.pk}/", f"{INDEX}delete/{self.sent.pk}/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_inspecting_never_shows_the_message_body(self):
        self.client.force_login(self.manager)
        response = self.client.get(f"{INDEX}inspect/{self.failed.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "SMTP 554")
        self.assertNotContains(response, "enlace secreto")
        self.assertNotContains(response, "abc-123")

    def test_other_staff_cannot_see_the_outbox(self):
        self.client.force_login(self.editor)
        self.assertNotEqual(self.client.get(INDEX).status_code, 200)
        self.assertNotEqual(self.client.get(reverse("outbound_emails:retry")).status_code, 200)
        self.assertNotContains(self.client.get("/admin/"), INDEX)

    def test_failed_rows_offer_a_retry(self):
        self.client.force_login(self.manager)
        response = self.client.get(INDEX)
        self.assertContains(response, reverse("outbound_emails:retry", args=[self.failed.pk]))
        self.assertNotContains(response, reverse("outbound_emails:retry", args=[self.sent.pk]))
        self.assertContains(response, reverse("outbound_emails:retry"))

    def test_retry_asks_first_then_sends_again(self):
        self.client.force_login(self.manager)
        url = reverse("outbound_emails:retry", args=[self.failed.pk])
        confirm = self.client.get(url)
        self.assertContains(confirm, "Tu factura")
        self.failed.refresh_from_db()
        self.assertEqual(self.failed.status, "failed")

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url)

        self.assertRedirects(response, INDEX, fetch_redirect_response=False)
        self.failed.refresh_from_db()
        self.assertEqual((self.failed.status, self.failed.attempts), ("sent", 1))
        self.assertEqual([message.to for message in mail.outbox], [["luis@example.com"]])

    def test_retry_all_failed(self):
        other = make_email("Recordatorio", "eva@example.com", status="failed", attempts=8)
        self.client.force_login(self.manager)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("outbound_emails:retry"))
        self.assertEqual(OutboundEmail.objects.filter(pk__in=[self.failed.pk, other.pk], status="sent").count(), 2)
        self.sent.refresh_from_db()
        self.assertEqual(self.sent.attempts, 0)  # untouched

    def test_retrying_a_row_that_is_not_failed_is_404(self):
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(reverse("outbound_emails:retry", args=[self.sent.pk])).status_code, 404)
