"""Tickets, their queues and categories, conversation, evidence, history and import jobs.

What a person may do with a ticket is decided here (`Ticket.may_reply(user)`,
`allowed_transitions(user)`), once; views, templates and the API ask.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from portal.storage import private_storage

from .access import agent_queue_ids, is_agent, is_supervisor
from .conf import setting


class Queue(models.Model):
    """Where tickets wait for agents. An agent works the queues she belongs to."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("agents"), related_name="helpdesk_queues", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")

    def __str__(self):
        return self.name


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    default_queue = models.ForeignKey(
        Queue, verbose_name=_("default queue"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class TicketTag(TagBase):
    """Tickets' own tags: they never mix with the public site's tags (search facets, tag pages)."""

    class Meta:
        verbose_name = _("ticket tag")
        verbose_name_plural = _("ticket tags")


class TaggedTicket(ItemBase):
    tag = models.ForeignKey(TicketTag, on_delete=models.CASCADE, related_name="tagged_tickets")
    content_object = models.ForeignKey("Ticket", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "content_object"], name="helpdesk_tag_once")]


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Supervisors see every ticket; agents their queues', their own and those assigned to them;
        anyone else only the tickets they requested."""
        if not user.is_authenticated:
            return self.none()
        if is_supervisor(user):
            return self.all()
        if is_agent(user):
            return self.filter(Q(queue__agents=user) | Q(assignee=user) | Q(requester=user)).distinct()
        return self.filter(requester=user)

    def open(self):
        return self.exclude(status__in=Ticket.FINISHED_STATUSES)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())


class Ticket(models.Model):
    class Kind(models.TextChoices):
        INCIDENT = "incident", _("Incident")
        REQUEST = "request", _("Request")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Impact(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for requester")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    FINISHED_STATUSES = (Status.RESOLVED, Status.CLOSED)
    # The workflow: target statuses an agent may move a ticket to, from each status. Reopening
    # (resolved/closed → back to work) is its own service with a time limit, not listed here.
    TRANSITIONS = {
        Status.NEW: (Status.ASSIGNED,),
        Status.ASSIGNED: (Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED),
        Status.IN_PROGRESS: (Status.WAITING, Status.RESOLVED),
        Status.WAITING: (Status.IN_PROGRESS, Status.RESOLVED),
        Status.RESOLVED: (Status.CLOSED,),
        Status.CLOSED: (),
    }

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True, editable=False)
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True, db_index=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.INCIDENT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    impact = models.CharField(_("impact"), max_length=10, choices=Impact.choices, default=Impact.LOW)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="tickets"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    queue = models.ForeignKey(Queue, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="tickets")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    # requester e-mail + normalised title + date: how an import recognises a ticket without an external reference.
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    tags = TaggableManager(through=TaggedTicket, blank=True, verbose_name=_("tags"))

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["external_reference"],
                condition=~Q(external_reference=""),
                name="helpdesk_external_reference_unique",
            )
        ]

    def __str__(self):
        return f"{self.reference or '—'} · {self.title}"

    # --- facts about this ticket -------------------------------------------------------------

    @property
    def is_open(self):
        return self.status not in self.FINISHED_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    @property
    def sla_state(self):
        """ "met", "missed", "overdue", "at_risk", "on_track" or "" (no SLA)."""
        from .sla import sla_state

        return sla_state(self)

    @property
    def sla_label(self):
        from .sla import SLA_LABELS

        return SLA_LABELS.get(self.sla_state, "")

    @property
    def status_badge(self):
        """The CSS modifier of the status badge (display only)."""
        return {
            self.Status.NEW: "badge--warning",
            self.Status.WAITING: "badge--warning",
            self.Status.RESOLVED: "badge--success",
        }.get(self.status, "")

    @property
    def sla_badge(self):
        return {
            "overdue": "badge--danger",
            "missed": "badge--danger",
            "at_risk": "badge--warning",
            "met": "badge--success",
        }.get(self.sla_state, "")

    @property
    def reopen_until(self):
        if self.resolved_at is None:
            return None
        return self.resolved_at + timedelta(days=setting("LUMINO_HELPDESK_REOPEN_DAYS"))

    # --- what a person may do ----------------------------------------------------------------

    def is_staff_for(self, user):
        """An agent of the ticket's queue, its assignee, or a supervisor."""
        if not user.is_authenticated:
            return False
        if is_supervisor(user) or (self.assignee_id and self.assignee_id == user.pk):
            return True
        return self.queue_id in agent_queue_ids(user)

    def may_see(self, user):
        return user.is_authenticated and (self.requester_id == user.pk or self.is_staff_for(user))

    def may_see_internal(self, user):
        return self.is_staff_for(user)

    def may_reply(self, user):
        if self.merged_into_id or self.status == self.Status.CLOSED:
            return False
        return self.may_see(user)

    def may_add_note(self, user):
        return self.merged_into_id is None and self.is_staff_for(user)

    def may_reopen(self, user):
        if self.merged_into_id or self.is_open or not self.may_see(user):
            return False
        return self.reopen_until is None or timezone.now() <= self.reopen_until

    def may_assign(self, user):
        """Supervisors (re)assign anything; agents take or hand over tickets nobody else holds."""
        if not self.is_open or self.merged_into_id or not self.is_staff_for(user):
            return False
        return is_supervisor(user) or self.assignee_id in (None, user.pk)

    def may_merge(self, user):
        return self.is_open and self.merged_into_id is None and self.is_staff_for(user)

    def allowed_transitions(self, user):
        """The statuses `user` may move this ticket to now, as (value, label) choices."""
        if self.merged_into_id or not self.is_staff_for(user):
            return []
        targets = self.TRANSITIONS[self.status]
        if self.assignee_id is None:
            # Work starts once someone holds the ticket: assigning is its own step.
            targets = () if self.status == self.Status.NEW else targets
        return [(target, self.Status(target).label) for target in targets if target != self.Status.ASSIGNED]


class Comment(models.Model):
    """A public reply (the requester sees it) or an internal note (staff only)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.ticket.reference}: {self.body[:40]}"


def attachment_path(instance, filename):
    return f"helpdesk/{timezone.now():%Y/%m}/{filename}"


class Attachment(models.Model):
    """Evidence attached to a ticket, stored in the private storage and served by a permission-checking view."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments")
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    @property
    def internal(self):
        return self.comment is not None and self.comment.internal


class TicketEventQuerySet(models.QuerySet):
    def visible_to(self, user, ticket):
        return self if ticket.may_see_internal(user) else self.filter(internal=False)


class TicketEvent(models.Model):
    """One change of a ticket, who made it and when: the ticket's full history."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        IMPORTED = "imported", _("Imported")
        UPDATED = "updated", _("Updated")
        STATUS = "status", _("Status changed")
        REOPENED = "reopened", _("Reopened")
        ASSIGNED = "assigned", _("Assigned")
        REPLIED = "replied", _("Replied")
        NOTE = "note", _("Internal note")
        ATTACHED = "attached", _("File attached")
        MERGED = "merged", _("Merged")
        RESOLVED = "resolved", _("Resolved")

    EMAIL_KINDS = (Kind.CREATED, Kind.ASSIGNED, Kind.REPLIED, Kind.RESOLVED, Kind.MERGED)

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    field = models.CharField(max_length=40, blank=True)
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    internal = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = TicketEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.old_value} → {self.new_value}"


class ImportJob(models.Model):
    """One upload of a workbook: previewed (dry run) first, then imported, each by a background task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Running")
        PREVIEWED = "previewed", _("Preview ready")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed: nothing was imported")

    class OnDuplicate(models.TextChoices):
        SKIP = "skip", _("Skip tickets that already exist")
        UPDATE = "update", _("Update tickets that already exist")

    file = models.FileField(storage=private_storage, upload_to="helpdesk/imports/%Y/%m/", max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("preview only"), default=True)
    on_duplicate = models.CharField(
        _("existing tickets"), max_length=10, choices=OnDuplicate.choices, default=OnDuplicate.SKIP
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    # [{"row", "outcome", "reference", "message"}], one entry per data row.
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ticket import")
        verbose_name_plural = _("ticket imports")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.PREVIEWED, self.Status.DONE, self.Status.FAILED)

    @property
    def progress_percent(self):
        if self.is_finished:
            return 100
        return min(99, self.processed_rows * 100 // self.total_rows) if self.total_rows else 0

    @property
    def may_import_for_real(self):
        return self.status == self.Status.PREVIEWED
