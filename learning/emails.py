"""E-mails about certificates, in the holder's language, written to the outbox (portal/mail.py).

The outbox stores each message and retries its delivery, so an SMTP outage delays a
certificate's e-mail but never loses it. Callers claim their row first (`emailed_at`,
`reminder_sent_at`) in the same transaction, so each message is written once.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.site_url import absolute_url

from .models import Certificate


def _render(name, certificate, *, attach_pdf=False):
    recipient = certificate.member
    if not recipient.email:
        return None
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "recipient": recipient,
            "certificate": certificate,
            "language": language,
            "verify_url": absolute_url(certificate.get_verify_url()),
            "dashboard_url": absolute_url(reverse("accounts:dashboard")),
            "from_name": parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or settings.WAGTAIL_SITE_NAME,
        }
        subject = " ".join(render_to_string(f"learning/emails/{name}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"learning/emails/{name}.txt", context), to=[recipient.email]
        )
        message.attach_alternative(render_to_string(f"learning/emails/{name}.html", context), "text/html")
    if attach_pdf:
        with certificate.pdf.open("rb") as handle:
            message.attach(f"certificado-{certificate.code}.pdf", handle.read(), "application/pdf")
    return message


def send_certificate_email(certificate):
    """Write the "your certificate" e-mail, with the PDF attached, to the outbox."""
    message = _render("certificate_issued", certificate, attach_pdf=True)
    return bool(message and message.send())


def send_expiry_reminder(certificate_id):
    """Remind the holder, once, that a certificate expires within a month. Returns True if written."""
    with transaction.atomic():
        claimed = Certificate.objects.filter(
            pk=certificate_id, status=Certificate.Status.ISSUED, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=timezone.now())
        if not claimed:
            return False
        message = _render("expiry_reminder", Certificate.objects.select_related("member").get(pk=certificate_id))
        return bool(message and message.send())
