"""Importing tickets from a workbook: preview, then all or nothing.

`import_workbook` reads and checks every row first (streaming), finds duplicates inside the file
and against the database, and only when no row is rejected writes everything in one transaction:
any failure rolls the whole import back. With dry_run it writes nothing and returns the same
report. `start_import` / `run_import_job` do the same as a background task with progress.

Duplicates: rows with an external reference match on it (also against Lumino's own references, so
an exported workbook matches its tickets); rows without one match on requester + normalised title
+ opening date. A duplicate inside the file is skipped (the report names the first row); one that
already exists is skipped or updated, as chosen. Updating changes the descriptive fields (type,
title, description, category, priority, impact, queue, tags), never the workflow status.
"""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.tasks import enqueue_on_commit

from ..errors import TicketError
from ..files import check_workbook
from ..models import ImportJob, TaggedTicket, Ticket, TicketEvent, TicketTag
from ..services.common import default_queue, fingerprint, reference_expression
from ..sla import due_date
from ..tasks import run_import
from .reader import read_rows
from .validation import CHUNK, Lookups, clean_row, opened_at

logger = logging.getLogger(__name__)
Outcome = ("created", "updated", "skipped", "rejected")
UPDATABLE = ("kind", "title", "description", "category", "priority", "impact", "queue")
BATCH = 1000


@dataclass
class ImportResult:
    dry_run: bool
    counts: dict = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    report: list = field(default_factory=list)

    def add(self, row, outcome, reference="", message=""):
        self.counts[outcome] += 1
        self.report.append({"row": row, "outcome": outcome, "reference": reference, "message": message})


def _key(cleaned):
    reference = cleaned["external_reference"]
    return ("ref", reference) if reference else ("fp", cleaned["fingerprint"])


def _existing(keys):
    """{key: ticket} for the external references and fingerprints already in the database."""
    references = sorted({value for kind, value in keys if kind == "ref"})
    prints = sorted({value for kind, value in keys if kind == "fp"})
    found = {}
    for start in range(0, len(references), CHUNK // 2):
        chunk = references[start : start + CHUNK // 2]
        for ticket in Ticket.objects.filter(Q(external_reference__in=chunk) | Q(reference__in=chunk)):
            for value in (ticket.external_reference, ticket.reference):
                if value in chunk:
                    found[("ref", value)] = ticket
    for start in range(0, len(prints), CHUNK):
        for ticket in Ticket.objects.filter(fingerprint__in=prints[start : start + CHUNK]).order_by("pk"):
            found.setdefault(("fp", ticket.fingerprint), ticket)
    return found


def plan_import(raw_rows, *, on_duplicate, progress=None):
    """Check every row; returns (result, rows to create, (ticket, cleaned) pairs to update)."""
    lookups = Lookups.load(raw_rows)
    today = timezone.localdate()
    cleaned_rows = []
    for index, raw in enumerate(raw_rows, start=1):
        cleaned, errors = clean_row(raw, lookups, today)
        cleaned["fingerprint"] = fingerprint(
            cleaned["requester"].email if cleaned["requester"] else "", cleaned["title"], cleaned["opened_on"]
        )
        cleaned_rows.append((raw.number, _key(cleaned), cleaned, errors))
        if progress and index % 500 == 0:
            progress(index, len(raw_rows))
    existing = _existing([key for _number, key, _cleaned, errors in cleaned_rows if not errors])
    result = ImportResult(dry_run=True)
    to_create, to_update, first_row = [], [], {}
    for number, key, cleaned, errors in cleaned_rows:
        if errors:
            result.add(number, "rejected", message=" ".join(errors))
            continue
        if key in first_row:
            result.add(number, "skipped", message=_("Same ticket as row %(row)s.") % {"row": first_row[key]})
            continue
        first_row[key] = number
        ticket = existing.get(key)
        if ticket is None:
            to_create.append((number, cleaned))
            result.add(number, "created", reference=cleaned["external_reference"])
        elif on_duplicate == ImportJob.OnDuplicate.UPDATE:
            to_update.append((ticket, cleaned))
            result.add(number, "updated", reference=ticket.reference)
        else:
            result.add(number, "skipped", reference=ticket.reference, message=_("Already exists."))
    return result, to_create, to_update


def import_workbook(*, fileobj, filename, by, dry_run=True, on_duplicate=ImportJob.OnDuplicate.SKIP, progress=None):
    """Check, then (unless dry_run) import the workbook in one transaction. Returns ImportResult.

    Raises TicketError for a bad file or when any row is rejected (its `extra["result"]` holds
    the report); nothing is written then. Imported tickets are not e-mailed about.
    """
    raw_rows = read_rows(fileobj, filename, progress=progress)
    result, to_create, to_update = plan_import(raw_rows, on_duplicate=on_duplicate, progress=progress)
    if result.counts["rejected"]:
        raise TicketError("workbook_rows_rejected", count=result.counts["rejected"], extra={"result": result})
    result.dry_run = dry_run
    if dry_run:
        return result
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # One import writes at a time, so two uploads of one file cannot both create its tickets.
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext('helpdesk.import'))")
            # Checked again under the lock: another import may have created some of these meanwhile.
            if _existing([_key(cleaned) for _number, cleaned in to_create]):
                raise TicketError("import_changed", extra={"result": result})
            created = _create(to_create, by=by)
            _update(to_update, by=by)
    except IntegrityError as exc:
        logger.warning("Import of %s refused by a constraint: %s", filename, exc)
        raise TicketError("import_changed", extra={"result": result}) from exc
    references = iter(created)
    for entry in result.report:
        if entry["outcome"] == "created":
            entry["reference"] = next(references)
    return result


def _create(rows, *, by):
    now = timezone.now()
    fallback = None
    references = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        tickets = []
        for _number, cleaned in batch:
            queue = cleaned["queue"] or fallback or default_queue()
            fallback = queue if cleaned["queue"] is None else fallback
            created_at = opened_at(cleaned["opened_on"])
            status = cleaned["status"]
            tickets.append(
                Ticket(
                    external_reference=cleaned["external_reference"],
                    kind=cleaned["kind"],
                    title=cleaned["title"],
                    description=cleaned["description"],
                    category=cleaned["category"],
                    priority=cleaned["priority"],
                    impact=cleaned["impact"],
                    requester=cleaned["requester"],
                    assignee=cleaned["assignee"],
                    queue=queue,
                    status=status,
                    created_at=created_at,
                    due_at=due_date(created_at, cleaned["priority"]),
                    resolved_at=now if status in Ticket.FINISHED_STATUSES else None,
                    closed_at=now if status == Ticket.Status.CLOSED else None,
                    fingerprint=cleaned["fingerprint"],
                )
            )
        Ticket.objects.bulk_create(tickets)
        # One UPDATE per batch (bulk_update's CASE per row took most of the import's time).
        ids = [ticket.pk for ticket in tickets]
        Ticket.objects.filter(pk__in=ids).update(reference=reference_expression())
        stored = dict(Ticket.objects.filter(pk__in=ids).values_list("pk", "reference"))
        for ticket in tickets:
            ticket.reference = stored[ticket.pk]
        references += [ticket.reference for ticket in tickets]
        TicketEvent.objects.bulk_create(
            TicketEvent(ticket=ticket, kind=TicketEvent.Kind.IMPORTED, by=by, new_value=ticket.reference, at=now,
                        notified_at=now)
            for ticket in tickets
        )  # fmt: skip
        _tag([(ticket, cleaned["tags"]) for ticket, (_number, cleaned) in zip(tickets, batch, strict=True)])
    return references


def _update(pairs, *, by):
    now = timezone.now()
    events, changed = [], []
    for ticket, cleaned in pairs:
        fields = []
        for name in UPDATABLE:
            old, new = getattr(ticket, name), cleaned[name] if name != "queue" else cleaned["queue"] or ticket.queue
            if old != new:
                setattr(ticket, name, new)
                fields.append(name)
                events.append(_updated_event(ticket, name, old, new, by=by, now=now))
        if "priority" in fields:
            ticket.due_at = due_date(ticket.created_at, ticket.priority)
        if fields:
            changed.append(ticket)
    for start in range(0, len(changed), BATCH):
        Ticket.objects.bulk_update(changed[start : start + BATCH], [*UPDATABLE, "due_at", "updated_at"])
    TicketEvent.objects.bulk_create(events, batch_size=BATCH)
    _tag([(ticket, cleaned["tags"]) for ticket, cleaned in pairs if cleaned["tags"]], replace=False)


def _updated_event(ticket, name, old, new, *, by, now):
    return TicketEvent(
        ticket=ticket,
        kind=TicketEvent.Kind.UPDATED,
        field=name,
        old_value=str(old or "")[:255],
        new_value=str(new or "")[:255],
        by=by,
        at=now,
        notified_at=now,
    )


def _tag(pairs, replace=False):
    names = sorted({name for _ticket, tags in pairs for name in tags})
    if not names:
        return
    known = {tag.name: tag for tag in TicketTag.objects.filter(name__in=names)}
    for name in names:
        if name not in known:
            known[name] = TicketTag.objects.create(name=name, slug=_unique_slug(name))
    existing = set(
        TaggedTicket.objects.filter(content_object__in=[ticket for ticket, _tags in pairs]).values_list(
            "content_object_id", "tag_id"
        )
    )
    TaggedTicket.objects.bulk_create(
        [
            TaggedTicket(content_object=ticket, tag=known[name])
            for ticket, tags in pairs
            for name in tags
            if (ticket.pk, known[name].pk) not in existing
        ],
        batch_size=BATCH,
    )


def _unique_slug(name):
    base = slugify(name)[:90] or "tag"
    slug, number = base, 1
    while TicketTag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# --- the background job ------------------------------------------------------------------------


def start_import(*, upload, by, on_duplicate=ImportJob.OnDuplicate.SKIP, dry_run=True):
    """Check the file, store it privately and queue its preview (or import). Returns the ImportJob.

    A file that must not be opened at all is refused here, before anything is stored."""
    check_workbook(upload, upload.name)
    with transaction.atomic():
        job = ImportJob(filename=upload.name[:255], dry_run=dry_run, on_duplicate=on_duplicate, created_by=by)
        job.file.save(upload.name, upload, save=False)
        job.enqueued_at = timezone.now()
        job.save()
        enqueue_on_commit(run_import, job.pk)
    return job


def confirm_import(*, job, by):
    """Run a previewed import for real (the rows are checked again: the database may have changed)."""
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
            status=ImportJob.Status.PENDING, dry_run=False, processed_rows=0, enqueued_at=timezone.now()
        )
        if not claimed:
            raise TicketError("import_not_previewed")
        enqueue_on_commit(run_import, job.pk)
    job.refresh_from_db()
    return job


def run_import_job(job_id):
    """Claim a pending job and run it. Harmless run twice: only a pending job is claimed."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now(), processed_rows=0
    )
    if not claimed:
        return False
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def progress(done, total):
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)

    try:
        with job.file.open("rb") as fileobj:
            result = import_workbook(
                fileobj=fileobj,
                filename=job.filename,
                by=job.created_by,
                dry_run=job.dry_run,
                on_duplicate=job.on_duplicate,
                progress=progress,
            )
    except TicketError as exc:
        found = exc.extra.get("result")
        _finish(job, ImportJob.Status.FAILED, result=found, error=str(exc.message))
        return False
    except Exception:
        logger.exception("Import job %s failed", job_id)
        _finish(job, ImportJob.Status.FAILED, error=_("Something went wrong on our side; nothing was imported."))
        return False
    _finish(job, ImportJob.Status.PREVIEWED if job.dry_run else ImportJob.Status.DONE, result=result)
    return True


def _finish(job, status, *, result=None, error=""):
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if result is not None:
        job.counts = result.counts
        job.report = result.report
        job.total_rows = job.processed_rows = len(result.report)
    job.save(update_fields=["status", "error", "finished_at", "counts", "report", "total_rows", "processed_rows"])
