"""Who follows which session's course, and what they have done in it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Enrolment.Status.ACTIVE)

    def visible_to(self, user):
        """Their own; company managers see their companies' people; instructors their sessions; staff all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("learning.view_enrolment"):
            return self
        return self.filter(
            Q(member=user)
            | Q(member__companies__managers=user)
            | Q(session__instructor=user)
            | Q(course__instructors=user)
        ).distinct()


class Enrolment(models.Model):
    """A member's enrolment in one session (and through it, the session's course).

    A seat that is confirmed, paid or attended enrols; cancelling the seat ends the enrolment
    (see learning/signals.py). Staff may enrol by hand: those stay until staff end them.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class Source(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        MANUAL = "manual", _("Enrolled by staff")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="enrolments"
    )
    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    reservation = models.ForeignKey(
        "courses.Reservation",
        verbose_name=_("reservation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.RESERVATION)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    last_lesson = models.ForeignKey(
        "learning.LessonPage",
        verbose_name=_("last lesson opened"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "session"],
                condition=Q(status="active"),
                name="learning_one_active_enrolment_per_session",
                violation_error_message=_("This person is already enrolled in this session."),
            )
        ]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self):
        return f"{self.member} · {self.session}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class LessonCompletion(models.Model):
    """A lesson the member marked complete. Progress belongs to the course, whichever session."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="completions"
    )
    lesson = models.ForeignKey(
        "learning.LessonPage", verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("completed lesson")
        verbose_name_plural = _("completed lessons")
        constraints = [models.UniqueConstraint(fields=["member", "lesson"], name="learning_one_completion_per_lesson")]

    def __str__(self):
        return f"{self.member} · {self.lesson}"
