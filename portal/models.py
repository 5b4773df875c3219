from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class OutboundEmail(models.Model):
    """One e-mail waiting to be sent, or the record that it was.

    Written in the same transaction as the change that caused it, so a crash between the
    commit and the enqueue loses nothing: the sweep finds the row and sends it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=998)
    recipients = models.TextField(_("recipients"))
    payload = models.JSONField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"


class Metrics(models.Model):
    """No table: the holder of the permission to see the organisation's figures (portal/metrics.py),
    which managers have and an administrator may give to any group in Settings › Groups."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_metrics", _("Can see the metrics dashboard and /api/v1/metrics/"))]
        verbose_name = _("metrics")
        verbose_name_plural = _("metrics")
