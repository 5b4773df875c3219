"""Opening, answering, assigning, moving through the workflow, reopening and merging tickets.

Each service checks the person's right first (`ticket.may_…(by)`), then locks the ticket row,
checks the state again under the lock, writes with update_fields, records the history and leaves
e-mail to after the commit. Refusals are TicketError; a busy lock is BusyError.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..access import is_agent, is_supervisor
from ..errors import TicketError
from ..files import check_attachment
from ..models import Attachment, Comment, Queue, Ticket, TicketEvent
from ..sla import due_date
from .common import default_queue, fingerprint, locked_tickets, make_reference, record

Status = Ticket.Status
Kind = TicketEvent.Kind
MAX_FILES = 5

TRANSITION_HINTS = {
    Status.CLOSED: _("Resolve it first; a ticket is closed once it is resolved."),
    Status.RESOLVED: _("Assign it first, then resolve it."),
    Status.IN_PROGRESS: _("Assign it first, or reopen it if it was resolved."),
    Status.WAITING: _("Assign it first, or reopen it if it was resolved."),
    Status.NEW: _("A ticket goes back to “New” only when it is reopened without an assignee."),
    Status.ASSIGNED: _("Use “Assign” to give it to an agent."),
}


def check_files(files):
    """Check every file before anything is written; returns [(file, content type)]."""
    files = [upload for upload in files or [] if upload]
    if len(files) > MAX_FILES:
        raise TicketError("too_many_files", limit=MAX_FILES)
    return [(upload, check_attachment(upload, upload.name)) for upload in files]


def _store_files(ticket, checked, *, by, comment=None, now=None):
    for upload, content_type in checked:
        attachment = Attachment(
            ticket=ticket,
            comment=comment,
            name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        record(
            ticket, Kind.ATTACHED, by=by, new=attachment.name, comment=comment, internal=attachment.internal, now=now
        )


def open_ticket(
    *,
    requester,
    by,
    title,
    description,
    kind=Ticket.Kind.INCIDENT,
    category=None,
    priority=None,
    impact=None,
    queue=None,
    tags=(),
    files=(),
):
    """Open a ticket for `requester` (members open their own; agents may open one for anyone).

    The queue is the one given, else the category's default, else "General". The due date follows
    the SLA of the priority in business hours. The requester is e-mailed the reference.
    """
    checked = check_files(files)
    now = timezone.now()
    priority = priority or Ticket.Priority.NORMAL
    queue = queue or (category.default_queue if category and category.default_queue_id else None) or default_queue()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            category=category,
            priority=priority,
            impact=impact or Ticket.Impact.LOW,
            requester=requester,
            queue=queue,
            created_at=now,
            due_at=due_date(now, priority),
            fingerprint=fingerprint(requester.email, title, timezone.localdate(now)),
        )
        ticket.reference = make_reference(ticket)
        ticket.save(update_fields=["reference"])
        if tags:
            ticket.tags.set(list(tags))
        record(ticket, Kind.CREATED, by=by, new=ticket.reference, now=now)
        _store_files(ticket, checked, by=by, now=now)
    return ticket


def _refuse_transition(ticket, target):
    raise TicketError(
        "forbidden_transition",
        current=ticket.get_status_display(),
        target=Status(target).label,
        hint=TRANSITION_HINTS.get(target, ""),
        extra={"allowed": list(Ticket.TRANSITIONS[ticket.status])},
    )


def _set_status(ticket, target, *, by, now):
    previous = ticket.status
    ticket.status = target
    fields = ["status", "updated_at"]
    if target == Status.RESOLVED:
        ticket.resolved_at = now
        fields.append("resolved_at")
    elif target == Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    ticket.save(update_fields=fields)
    kind = Kind.RESOLVED if target == Status.RESOLVED else Kind.STATUS
    record(ticket, kind, by=by, field="status", old=previous, new=target, now=now)


def change_status(*, ticket, to, by):
    """Move a ticket along the workflow. A target not allowed from the current status is refused
    with a message that names both; only staff of the ticket move it."""
    if to not in Status.values:
        raise TicketError("forbidden_transition", current=ticket.get_status_display(), target=to, hint="")
    if not ticket.is_staff_for(by):
        raise TicketError("not_allowed", reference=ticket.reference)
    with locked_tickets(ticket) as (locked,):
        if locked.merged_into_id:
            raise TicketError("merged", reference=locked.reference, target=locked.merged_into.reference)
        if to not in dict(locked.allowed_transitions(by)):
            _refuse_transition(locked, to)
        _set_status(locked, to, by=by, now=timezone.now())
    return locked


def assign_ticket(*, ticket, assignee, by):
    """Give a ticket to someone who works it. Agents take unassigned tickets (or hand over their
    own) to agents of the queue; supervisors reassign anything to any agent. A new ticket becomes
    "assigned"."""
    if not ticket.may_assign(by):
        raise TicketError("not_allowed", reference=ticket.reference)
    with locked_tickets(ticket) as (locked,):
        if not locked.may_assign(by):
            raise TicketError("not_allowed", reference=locked.reference)
        if assignee is not None and not _may_hold(locked, assignee, by):
            raise TicketError("not_an_agent", name=assignee.get_full_name() or assignee.email, queue=locked.queue)
        previous = locked.assignee
        if previous == assignee:
            return locked
        now = timezone.now()
        locked.assignee = assignee
        fields = ["assignee", "updated_at"]
        # Taken: a new ticket becomes "assigned"; released before work started: back to "new".
        step = {(Status.NEW, True): Status.ASSIGNED, (Status.ASSIGNED, False): Status.NEW}
        target = step.get((locked.status, assignee is not None))
        if target is not None:
            record(locked, Kind.STATUS, by=by, field="status", old=locked.status, new=target, now=now)
            locked.status = target
            fields.append("status")
        locked.save(update_fields=fields)
        record(
            locked,
            Kind.ASSIGNED,
            by=by,
            field="assignee",
            old=previous.email if previous else "",
            new=assignee.email if assignee else "",
            now=now,
        )
    return locked


def _may_hold(ticket, assignee, by):
    """Agents hand tickets to agents of the queue (or a supervisor); supervisors to any agent."""
    if is_supervisor(assignee) or ticket.queue.agents.filter(pk=assignee.pk).exists():
        return True
    return is_supervisor(by) and is_agent(assignee)


def reply_to_ticket(*, ticket, by, body, internal=False, files=()):
    """Add a public reply (the requester sees it and is e-mailed) or an internal note (staff only).

    A requester answering a ticket that waits for her puts it back in progress.
    """
    allowed = ticket.may_add_note(by) if internal else ticket.may_reply(by)
    if not allowed:
        if ticket.merged_into_id:
            raise TicketError("merged", reference=ticket.reference, target=ticket.merged_into.reference)
        if ticket.status == Status.CLOSED and ticket.may_see(by):
            raise TicketError("closed", reference=ticket.reference)
        raise TicketError("not_allowed", reference=ticket.reference)
    body = (body or "").strip()
    checked = check_files(files)
    if not body and not checked:
        raise TicketError("empty_reply")
    with locked_tickets(ticket) as (locked,):
        if locked.status == Status.CLOSED and not internal:
            raise TicketError("closed", reference=locked.reference)
        now = timezone.now()
        comment = Comment.objects.create(ticket=locked, author=by, body=body, internal=internal, created_at=now)
        record(locked, Kind.NOTE if internal else Kind.REPLIED, by=by, comment=comment, internal=internal, now=now)
        _store_files(locked, checked, by=by, comment=comment, now=now)
        if not internal and by.pk == locked.requester_id and locked.status == Status.WAITING:
            _set_status(locked, Status.IN_PROGRESS, by=by, now=now)
        else:
            locked.save(update_fields=["updated_at"])
    return comment


def reopen_ticket(*, ticket, by):
    """A resolved or closed ticket goes back to work (to its assignee, or the queue) within
    LUMINO_HELPDESK_REOPEN_DAYS of its resolution; later, the requester opens a new one."""
    if not ticket.may_see(by):
        raise TicketError("not_allowed", reference=ticket.reference)
    with locked_tickets(ticket) as (locked,):
        if locked.merged_into_id:
            raise TicketError("merged", reference=locked.reference, target=locked.merged_into.reference)
        if locked.is_open:
            raise TicketError(
                "forbidden_transition",
                current=locked.get_status_display(),
                target=_("Reopened"),
                hint=_("Only resolved or closed tickets are reopened."),
            )
        if not locked.may_reopen(by):
            from ..conf import setting

            raise TicketError("reopen_expired", reference=locked.reference, days=setting("LUMINO_HELPDESK_REOPEN_DAYS"))
        now = timezone.now()
        previous = locked.status
        locked.status = Status.ASSIGNED if locked.assignee_id else Status.NEW
        locked.resolved_at = locked.closed_at = None
        locked.save(update_fields=["status", "resolved_at", "closed_at", "updated_at"])
        record(locked, Kind.REOPENED, by=by, field="status", old=previous, new=locked.status, now=now)
    return locked


def update_ticket(*, ticket, by, **changes):
    """Staff change priority, impact, category, queue or type; each change is recorded.
    A new priority recomputes the due date from the ticket's creation."""
    if not ticket.is_staff_for(by) or ticket.merged_into_id:
        raise TicketError("not_allowed", reference=ticket.reference)
    allowed = {"priority", "impact", "category", "queue", "kind"}
    with locked_tickets(ticket) as (locked,):
        now = timezone.now()
        fields = []
        for name, value in changes.items():
            if name not in allowed or getattr(locked, name) == value:
                continue
            old = getattr(locked, name)
            setattr(locked, name, value)
            fields.append(name)
            record(locked, Kind.UPDATED, by=by, field=name, old=old or "", new=value or "", now=now)
        if "priority" in fields:
            locked.due_at = due_date(locked.created_at, locked.priority)
            fields.append("due_at")
        if fields:
            locked.save(update_fields=[*fields, "updated_at"])
    return locked


def merge_tickets(*, source, target, by):
    """Merge the duplicate `source` into `target`: its replies, notes, attachments and history move
    to the target, its tags are added, and it is closed pointing at the target. Both tickets are
    locked in id order. The requester is e-mailed."""
    if source.pk == target.pk:
        raise TicketError("merge_into_itself")
    if not source.may_merge(by) or not target.may_see(by) or not target.is_staff_for(by):
        raise TicketError("not_allowed", reference=source.reference)
    with locked_tickets(source, target) as (source, target):
        if source.merged_into_id:
            raise TicketError("merged", reference=source.reference, target=source.merged_into.reference)
        if target.merged_into_id or not target.is_open:
            raise TicketError("merge_target_closed", target=target.reference)
        if source.requester_id != target.requester_id:
            raise TicketError("merge_other_requester", target=target.reference)
        now = timezone.now()
        moved = {
            "comments": source.comments.update(ticket=target),
            "attachments": source.attachments.update(ticket=target),
            "events": source.events.update(ticket=target),
        }
        target.tags.add(*source.tags.all())
        source.status = Status.CLOSED
        source.closed_at = now
        source.merged_into = target
        source.save(update_fields=["status", "closed_at", "merged_into", "updated_at"])
        target.save(update_fields=["updated_at"])
        record(source, Kind.MERGED, by=by, field="merged_into", new=target.reference, now=now)
        summary = ", ".join(f"{name}={count}" for name, count in moved.items())
        record(
            target, Kind.MERGED, by=by, field="merged_from", old=source.reference, new=summary, internal=True, now=now
        )
    return target


def agents_for(queue):
    return Queue.objects.get(pk=queue.pk).agents.order_by("first_name", "last_name")
