"""Projects, their groups, and the hours mentors log against them.

A mentor is assigned to a project when she is in one of its active groups; she logs hours only
there. A project's supervisors (and managers, who supervise every project) approve or reject
entries; a week (Monday to Sunday) with an approved entry of a mentor is locked for her.
The rules themselves live in mentors/hours.py.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractIsoYear, ExtractWeek
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from .records import Mentor, is_manager

MINUTES_PER_DAY = 24 * 60


def week_bounds(day):
    """Monday and Sunday of `day`'s ISO week."""
    monday = day - datetime.timedelta(days=day.weekday())
    # The last week of year 9999 ends after the largest date there is.
    return monday, min(monday, datetime.date.max - datetime.timedelta(days=6)) + datetime.timedelta(days=6)


def mentor_of(user):
    """The active mentor record linked to `user`, or None; read once per user object."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_mentors_record"):
        user._mentors_record = Mentor.objects.filter(user_id=user.pk, active=True).first()
    return user._mentors_record


def supervised_project_ids(user):
    """Ids of the projects `user` supervises by name (managers supervise all; see `supervises`)."""
    if user is None or not user.is_authenticated:
        return set()
    if not hasattr(user, "_mentors_supervised"):
        user._mentors_supervised = set(Project.objects.filter(supervisors=user).values_list("pk", flat=True))
    return user._mentors_supervised


def supervises(user, project_id):
    return is_manager(user) or project_id in supervised_project_ids(user)


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Project.Status.ACTIVE)

    def assigned_to(self, mentor):
        """Projects where `mentor` is in an active group."""
        groups = ProjectGroup.objects.filter(mentors=mentor, status=ProjectGroup.Status.ACTIVE)
        return self.filter(pk__in=groups.values("project_id"))

    def visible_to(self, user):
        """Managers see every project; supervisors theirs; mentors the ones they are assigned to."""
        if is_manager(user):
            return self.all()
        if user is None or not user.is_authenticated:
            return self.none()
        query = Q(pk__in=Project.objects.filter(supervisors=user).values("pk"))
        mentor = mentor_of(user)
        if mentor is not None:
            query |= Q(pk__in=Project.objects.assigned_to(mentor).values("pk"))
        return self.filter(query)


class Project(ClusterableModel):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("project status", "Planned")
        ACTIVE = "active", pgettext_lazy("project status", "Active")
        PAUSED = "paused", pgettext_lazy("project status", "Paused")
        FINISHED = "finished", pgettext_lazy("project status", "Finished")

    name = models.CharField(_("name"), max_length=150)
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("A short unique code, used in exports and reports.")
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    supervisors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisors"),
        blank=True,
        related_name="supervised_projects",
        help_text=_("They approve or reject the hours logged on this project (managers always may)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="mentors_project_dates",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


class ProjectGroup(ClusterableModel):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("group status", "Active")
        CLOSED = "closed", pgettext_lazy("group status", "Closed")

    project = ParentalKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    mentors = ParentalManyToManyField(Mentor, verbose_name=_("mentors"), blank=True, related_name="project_groups")
    learners = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("learners"), blank=True, related_name="project_groups"
    )

    class Meta:
        ordering = ["project", "name", "pk"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="mentors_group_name_per_project")]

    def __str__(self):
        return self.name


class HoursEntryQuerySet(models.QuerySet):
    def for_mentor(self, mentor):
        return self.filter(mentor=mentor)

    def counted(self):
        """Entries that count towards totals: pending and approved (a rejected one is not hours worked)."""
        return self.exclude(status=HoursEntry.Status.REJECTED)

    def visible_to(self, user):
        """A mentor her own entries; a supervisor her projects' entries; managers all."""
        if is_manager(user):
            return self.all()
        if user is None or not user.is_authenticated:
            return self.none()
        query = Q(project__in=Project.objects.filter(supervisors=user).values("pk"))
        mentor = mentor_of(user)
        if mentor is not None:
            query |= Q(mentor=mentor)
        return self.filter(query)

    def with_week_lock(self):
        """Annotate `week_locked`: the entry's ISO week has an approved entry of the same mentor (one query)."""
        approved = HoursEntry.objects.filter(
            mentor=OuterRef("mentor"),
            status=HoursEntry.Status.APPROVED,
            date__iso_year=ExtractIsoYear(OuterRef("date")),
            date__week=ExtractWeek(OuterRef("date")),
        )
        return self.annotate(week_locked=Exists(approved))

    def in_week(self, day):
        monday, sunday = week_bounds(day)
        return self.filter(date__gte=monday, date__lte=sunday)


class HoursEntry(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("hours status", "Pending")
        APPROVED = "approved", pgettext_lazy("hours status", "Approved")
        REJECTED = "rejected", pgettext_lazy("hours status", "Rejected")

    mentor = models.ForeignKey(Mentor, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="hours")
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="hours")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    description = models.TextField(_("description"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HoursEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-starts_at", "-pk"]
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours")
        indexes = [models.Index(fields=["mentor", "date"], name="mentors_hours_mentor_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MINUTES_PER_DAY), name="mentors_hours_minutes_in_a_day"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="mentors_hours_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True, ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__isnull=False),
                name="mentors_hours_whole_range",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} · {self.project.code} · {self.date:%Y-%m-%d} · {self.hours} h"

    @property
    def hours(self):
        """The entry's length in hours, as a decimal number with two places (1 h 30 min is 1.50)."""
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))

    @property
    def summary(self):
        return Truncator(self.description).chars(80)

    @property
    def has_range(self):
        return self.starts_at is not None and self.ends_at is not None

    @property
    def is_locked(self):
        """Its week has approved hours of the mentor (annotated by `with_week_lock` in listings)."""
        if hasattr(self, "week_locked"):
            return self.week_locked
        monday, sunday = week_bounds(self.date)
        return HoursEntry.objects.filter(
            mentor_id=self.mentor_id, status=self.Status.APPROVED, date__gte=monday, date__lte=sunday
        ).exists()

    @property
    def is_reviewable(self):
        return self.status == self.Status.PENDING
