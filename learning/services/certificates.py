"""Issuing, making, e-mailing, re-issuing and revoking certificates.

A certificate is recorded first (status "pending", in the caller's transaction) and made by
the `make_certificate` task after commit: the PDF is written to private storage, then the
e-mail goes to the outbox. Each step claims its row, so running the task twice makes one
PDF and one e-mail; the sweep re-enqueues what is stuck (see learning/sweeps.py).
"""

import calendar
import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tasks import enqueue_on_commit

from ..access import may_manage_certificates
from ..errors import LearningError
from ..models import Assessment, Certificate, CertificatePolicy, Enrolment, Score, final_grade, has_passed
from ..outline import course_outline

logger = logging.getLogger(__name__)


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grades_of(enrolment):
    """(assessments, {assessment id: points}) of the enrolment's session for its member."""
    assessments = list(Assessment.objects.filter(session_id=enrolment.session_id))
    scores = dict(
        Score.objects.filter(assessment__session_id=enrolment.session_id, member_id=enrolment.member_id).values_list(
            "assessment_id", "points"
        )
    )
    return assessments, scores


def eligibility(enrolment):
    """(True, None) when the learner finished: required lessons done and every assessment passed.

    A course with neither lessons nor assessments has nothing to finish: it is never automatic.
    """
    outline = course_outline(enrolment.course, member=enrolment.member)
    assessments, scores = grades_of(enrolment)
    if not outline.total and not assessments:
        return False, _("the course has no lessons or assessments yet.")
    if not outline.required_done:
        return False, _("some required lessons are not complete.")
    if not all(a.pk in scores for a in assessments):
        return False, _("some assessments have no score yet.")
    if not has_passed(assessments, scores):
        return False, _("some assessments are below their passing score.")
    return True, None


def _instructor_name(session, course):
    person = session.instructor or course.instructors.order_by("pk").first()
    return (person.get_full_name() or person.email) if person else ""


def _record(enrolment, *, by, enqueue=True):
    session, course, member = enrolment.session, enrolment.course, enrolment.member
    policy = CertificatePolicy.objects.filter(course=course).first()
    today = timezone.localdate()
    assessments, scores = grades_of(enrolment)
    certificate = Certificate(
        member=member,
        session=session,
        course=course,
        holder_name=member.get_full_name() or member.email,
        course_title=course.title,
        hours=course.duration_hours,
        grade=final_grade(assessments, scores),
        instructor_name=_instructor_name(session, course),
        issued_on=today,
        expires_on=add_months(today, policy.validity_months) if policy and policy.validity_months else None,
        issued_by=by,
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as exc:
        raise LearningError("already_certified", name=certificate.holder_name) from exc
    if enqueue:
        enqueue_make(certificate)
    return certificate


def enqueue_make(certificate):
    from ..tasks import make_certificate

    enqueue_on_commit(make_certificate, certificate.pk)


def _lock_enrolment(enrolment):
    return Enrolment.objects.select_for_update().select_related("session", "course", "member").get(pk=enrolment.pk)


def issue_if_eligible(enrolment):
    """Record the certificate when the learner has just finished; None otherwise. Idempotent."""
    with transaction.atomic():
        enrolment = _lock_enrolment(enrolment)
        if (
            not enrolment.is_active
            or Certificate.objects.valid()
            .filter(member_id=enrolment.member_id, session_id=enrolment.session_id)
            .exists()
        ):
            return None
        eligible, _reason = eligibility(enrolment)
        return _record(enrolment, by=None) if eligible else None


def issue_certificate(*, enrolment, by, check_eligibility=False):
    """Staff issue a certificate by hand (by default whether or not the learner finished).

    Raises forbidden, already_certified or, with check_eligibility, not_eligible.
    """
    if not may_manage_certificates(by):
        raise LearningError("forbidden")
    with transaction.atomic():
        enrolment = _lock_enrolment(enrolment)
        if Certificate.objects.valid().filter(member_id=enrolment.member_id, session_id=enrolment.session_id).exists():
            raise LearningError("already_certified", name=enrolment.member.get_full_name() or enrolment.member.email)
        if check_eligibility:
            eligible, reason = eligibility(enrolment)
            if not eligible:
                raise LearningError("not_eligible", name=enrolment.member.get_full_name(), reason=reason)
        return _record(enrolment, by=by)


def reissue_certificate(*, certificate, by):
    """Make the PDF again with today's name, grade and instructor, keeping the code (printed
    QR codes still verify), and e-mail it again. Raises forbidden or revoked."""
    if not may_manage_certificates(by):
        raise LearningError("forbidden")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise LearningError("revoked")
        enrolment = Enrolment.objects.filter(member=certificate.member, session=certificate.session).order_by("-pk")
        enrolment = enrolment.select_related("member", "session", "course").first()
        member = certificate.member
        certificate.holder_name = member.get_full_name() or member.email
        certificate.course_title = certificate.course.title
        if enrolment is not None:
            assessments, scores = grades_of(enrolment)
            certificate.grade = final_grade(assessments, scores)
        certificate.instructor_name = _instructor_name(certificate.session, certificate.course)
        certificate.status = Certificate.Status.PENDING
        certificate.version += 1
        certificate.emailed_at = None
        certificate.attempts = 0
        certificate.last_error = ""
        certificate.save()
        enqueue_make(certificate)
    return certificate


def revoke_certificate(*, certificate, by, reason):
    """Revoke: the verify page says so, with the date, and the PDF is no longer served."""
    if not may_manage_certificates(by):
        raise LearningError("forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise LearningError("reason_required")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise LearningError("already_revoked", date=timezone.localtime(certificate.revoked_at).date().isoformat())
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason[:255]
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    return certificate


def set_visibility(*, certificate, by, show_name, show_grade):
    """The holder chooses what the public verify page shows."""
    if certificate.member_id != by.pk:
        raise LearningError("forbidden")
    Certificate.objects.filter(pk=certificate.pk).update(show_name=bool(show_name), show_grade=bool(show_grade))
    certificate.show_name, certificate.show_grade = bool(show_name), bool(show_grade)
    return certificate


def produce_certificate(certificate_id):
    """Make the PDF (if not made) and write the e-mail (if not written). Safe to run twice.

    Returns "made", "emailed", "done" (nothing left to do) or "revoked". The PDF is drawn
    outside the transaction, then stored under the row lock only if the row is still pending
    at the same version (a re-issue meanwhile wins). A failure is recorded on the row and
    raised; the sweep tries again.
    """
    from ..emails import send_certificate_email
    from ..pdf import render_certificate

    certificate = Certificate.objects.select_related("course", "session", "member").get(pk=certificate_id)
    if certificate.is_revoked:
        return "revoked"
    outcome = "done"
    if certificate.status == Certificate.Status.PENDING:
        try:
            content = render_certificate(certificate)
        except Exception as exc:
            Certificate.objects.filter(pk=certificate.pk).update(
                attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            logger.exception("Certificate %s: the PDF could not be made", certificate.code)
            raise
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate_id)
            if locked.status == Certificate.Status.PENDING and locked.version == certificate.version:
                old_name = locked.pdf.name
                name = f"certificado-{locked.code}-v{locked.version}.pdf"
                locked.pdf.save(name, ContentFile(content), save=False)
                locked.status = Certificate.Status.ISSUED
                locked.pdf_made_at = timezone.now()
                locked.last_error = ""
                locked.save(update_fields=["pdf", "status", "pdf_made_at", "last_error"])
                if old_name and old_name != locked.pdf.name:
                    transaction.on_commit(lambda: locked.pdf.storage.delete(old_name))
                outcome = "made"
    with transaction.atomic():
        claimed = Certificate.objects.filter(
            pk=certificate_id, status=Certificate.Status.ISSUED, emailed_at__isnull=True
        ).update(emailed_at=timezone.now())
        if claimed:
            send_certificate_email(
                Certificate.objects.select_related("member", "course", "session").get(pk=certificate_id)
            )
            outcome = "emailed" if outcome == "done" else outcome
    return outcome
