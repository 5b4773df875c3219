"""Certificates: recorded at once ("pending"), their PDF made and e-mailed by a task.

The code is 20 random characters from an unambiguous alphabet (about 100 bits): it cannot
be guessed, and it is what the QR code and the verify page use. The PDF is kept in the
private storage and served only through a view that checks who asks.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 20
EXPIRY_REMINDER = timedelta(days=30)


def new_certificate_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def certificate_path(instance, filename):
    return f"certificates/{instance.code}/{filename}"


class CertificatePolicy(models.Model):
    """How a course's certificates look and how long they last."""

    course = models.OneToOneField(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="certificate_policy"
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: certificates never expire. The holder is reminded a month before they do."),
    )
    signatory_name = models.CharField(
        _("signed by"), max_length=120, blank=True, help_text=_("Empty: the session's instructor.")
    )
    signatory_title = models.CharField(_("signatory's title"), max_length=120, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")

    def __str__(self):
        return str(self.course)


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("learning.view_certificate"):
            return self
        return self.filter(member=user)

    def valid(self):
        return self.exclude(status=Certificate.Status.REVOKED)


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(_("code"), max_length=32, unique=True, default=new_certificate_code, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    # What the PDF says, frozen when it is recorded: later edits to the course do not change it.
    holder_name = models.CharField(_("holder's name"), max_length=200)
    course_title = models.CharField(_("course title"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("hours"))
    grade = models.DecimalField(_("final grade"), max_digits=4, decimal_places=1, null=True, blank=True)
    instructor_name = models.CharField(_("instructor"), max_length=200, blank=True)
    issued_on = models.DateField(_("date of issue"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when issued automatically on completion."),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=certificate_path, blank=True)
    pdf_made_at = models.DateTimeField(_("PDF made"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    emailed_at = models.DateTimeField(_("e-mail written"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)
    reminder_sent_at = models.DateTimeField(_("expiry reminder written"), null=True, blank=True)
    # What the holder agreed to show on the public verify page.
    show_name = models.BooleanField(_("show my name on the verify page"), default=False)
    show_grade = models.BooleanField(_("show my grade on the verify page"), default=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "session"],
                condition=~Q(status="revoked"),
                name="learning_one_valid_certificate_per_session",
                violation_error_message=_("This person already has a certificate for this session."),
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False), name="learning_revoked_has_date"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["status", "expires_on"])]

    def __str__(self):
        return f"{self.code} · {self.holder_name} · {self.course_title}"

    def get_verify_url(self):
        return reverse("certificate_verify", args=[self.code])

    def get_download_url(self):
        return reverse("learning:certificate_pdf", args=[self.pk])

    @property
    def is_revoked(self):
        return self.status == self.Status.REVOKED

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def has_pdf(self):
        return self.status == self.Status.ISSUED and bool(self.pdf)

    @property
    def public_state(self):
        """ "valid", "expired", "revoked" or "pending": what the verify page says."""
        if self.is_revoked:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "valid" if self.status == self.Status.ISSUED else "pending"


class BulkIssue(models.Model):
    """Certificates for a whole session, made in the background; the manager follows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="bulk_issues"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    only_eligible = models.BooleanField(
        _("only learners who finished"),
        default=True,
        help_text=_("Untick to certify every active learner of the session."),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("learners"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    issued = models.PositiveIntegerField(_("certificates issued"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk certificate issue")
        verbose_name_plural = _("bulk certificate issues")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=~Q(status="done"),
                name="learning_one_running_bulk_issue_per_session",
            )
        ]

    def __str__(self):
        return f"{self.session} · {self.get_status_display()}"

    @property
    def percent(self):
        return 100 if not self.total else round(self.processed * 100 / self.total)
