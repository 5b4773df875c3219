"""Certificates for a whole session, in the background, with progress the manager can follow."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.tasks import enqueue_on_commit

from ..access import may_manage_certificates
from ..errors import LearningError
from ..models import BulkIssue, Certificate, Enrolment
from .certificates import _lock_enrolment, _record, eligibility, produce_certificate


def start_bulk_issue(*, session, by, only_eligible=True):
    """Record a bulk issue and start it after commit. One at a time per session (bulk_running)."""
    if not may_manage_certificates(by):
        raise LearningError("forbidden")
    try:
        with transaction.atomic():
            job = BulkIssue.objects.create(
                session=session,
                requested_by=by,
                only_eligible=only_eligible,
                total=Enrolment.objects.active().filter(session=session).count(),
            )
            enqueue_bulk(job)
    except IntegrityError as exc:
        raise LearningError("bulk_running") from exc
    return job


def enqueue_bulk(job):
    from ..tasks import run_bulk_issue as task

    enqueue_on_commit(task, job.pk)


def run_bulk_issue(job_id):
    """Work through the session's active enrolments in id order; safe to run again after a crash.

    Each learner is one short transaction (lock the enrolment, re-check, record), then the PDF
    and e-mail are made right away. Someone who already holds a valid certificate is skipped,
    so a second run issues nothing twice. Counters start again from zero on each run.
    """
    session_id = BulkIssue.objects.filter(pk=job_id).values_list("session_id", flat=True).first()
    claimed = BulkIssue.objects.filter(pk=job_id).exclude(status=BulkIssue.Status.DONE)
    enrolments = Enrolment.objects.active().filter(session_id=session_id)
    fresh = {"processed": 0, "issued": 0, "skipped": 0, "total": enrolments.count(), "updated_at": timezone.now()}
    if not claimed.update(status=BulkIssue.Status.RUNNING, **fresh):
        return None
    job = BulkIssue.objects.get(pk=job_id)
    for enrolment_id in enrolments.order_by("pk").values_list("pk", flat=True):
        certificate = _issue_one(enrolment_id, job)
        if certificate is not None:
            produce_certificate(certificate.pk)
        counters = {"processed": F("processed") + 1}
        counters["issued" if certificate is not None else "skipped"] = (
            F("issued" if certificate is not None else "skipped") + 1
        )
        BulkIssue.objects.filter(pk=job_id).update(**counters, updated_at=timezone.now())
    BulkIssue.objects.filter(pk=job_id).update(status=BulkIssue.Status.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def _issue_one(enrolment_id, job):
    with transaction.atomic():
        enrolment = _lock_enrolment(Enrolment(pk=enrolment_id))
        if (
            not enrolment.is_active
            or Certificate.objects.valid()
            .filter(member_id=enrolment.member_id, session_id=enrolment.session_id)
            .exists()
        ):
            return None
        if job.only_eligible and not eligibility(enrolment)[0]:
            return None
        # Made right below, not by its own task; if this run dies first, the sweep makes it.
        certificate = _record(enrolment, by=job.requested_by, enqueue=False)
    return certificate
