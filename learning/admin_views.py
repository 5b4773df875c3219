"""Admin screens that are not plain records: the gradebook, the score import, bulk issue with its
progress, enrolling by hand and the certificate actions. Each checks its permission, then calls
one service."""

import io

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages

from courses.admin_views import neutralise
from courses.models import Session
from portal.errors import DomainError

from . import services
from .access import may_grade, may_manage_certificates
from .forms import BulkIssueForm, RevokeForm, ScoreImportForm
from .models import Assessment, BulkIssue, Certificate, Enrolment, Score, final_grade, has_passed

User = get_user_model()


def _page(request, template, title, context, *, icon="table", status=200):
    context = {"page_title": title, "header_title": title, "header_icon": icon, **context}
    return TemplateResponse(request, template, context, status=status)


def _gradable_session(request, session_id):
    session = get_object_or_404(Session.objects.select_related("course", "instructor"), pk=session_id)
    if not may_grade(request.user, session):
        raise PermissionDenied
    return session


def _grid(session, posted=None, errors=None):
    assessments = list(Assessment.objects.filter(session=session))
    enrolments = list(
        Enrolment.objects.active().filter(session=session).select_related("member").order_by("member__last_name", "pk")
    )
    scores = {}
    for member_id, assessment_id, points in Score.objects.filter(assessment__session=session).values_list(
        "member_id", "assessment_id", "points"
    ):
        scores.setdefault(member_id, {})[assessment_id] = points
    rows = []
    for enrolment in enrolments:
        mine = scores.get(enrolment.member_id, {})
        cells = []
        for assessment in assessments:
            name = f"score-{enrolment.member_id}-{assessment.pk}"
            value = posted.get(name, "") if posted is not None else mine.get(assessment.pk, "")
            cells.append({"name": name, "value": value, "assessment": assessment, "error": (errors or {}).get(name)})
        rows.append(
            {
                "enrolment": enrolment,
                "cells": cells,
                "grade": final_grade(assessments, mine),
                "passed": bool(assessments) and has_passed(assessments, mine),
            }
        )
    return assessments, rows


def gradebook(request, session_id):
    """Scores of every learner of a session in one grid; saved all or nothing."""
    session = _gradable_session(request, session_id)
    errors = {}
    if request.method == "POST":
        assessments = {a.pk: a for a in Assessment.objects.filter(session=session)}
        members = set(Enrolment.objects.active().filter(session=session).values_list("member_id", flat=True))
        entries = [
            (
                f"score-{member_id}-{assessment_id}",
                member_id,
                assessment_id,
                request.POST.get(f"score-{member_id}-{assessment_id}", ""),
            )
            for member_id in members
            for assessment_id in assessments
        ]
        try:
            report = services.save_scores(session=session, by=request.user, entries=entries)
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
        if report.ok:
            messages.success(request, _("Scores saved: %(count)s written.") % {"count": report.written})
            return redirect("learning_admin:gradebook", session_id=session.pk)
        errors = dict(report.errors)
        messages.error(request, _("Nothing was saved: correct the scores marked below."))
    assessments, rows = _grid(session, request.POST if errors else None, errors)
    context = {"session": session, "assessments": assessments, "rows": rows}
    title = _("Gradebook")
    return _page(request, "learning/admin/gradebook.html", title, context, status=400 if errors else 200)


def score_template(request, session_id):
    """A workbook to fill in: the headers and one row per learner, with the scores already entered."""
    from openpyxl import Workbook

    session = _gradable_session(request, session_id)
    assessments, rows = _grid(session)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scores")[:31]
    sheet.append(["email", *[neutralise(a.name) for a in assessments]])
    for row in rows:
        sheet.append([neutralise(row["enrolment"].member.email), *[cell["value"] for cell in row["cells"]]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="notas-sesion-{session.pk}.xlsx"'
    return response


def import_scores(request, session_id):
    session = _gradable_session(request, session_id)
    form = ScoreImportForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_scores(
                session=session, upload=form.cleaned_data["file"], by=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status
        else:
            if report.ok and not form.cleaned_data["dry_run"]:
                messages.success(request, _("Scores imported: %(count)s written.") % {"count": report.written})
                return redirect("learning_admin:gradebook", session_id=session.pk)
            status = 200 if report.ok else 400
    elif request.method == "POST":
        status = 400
    context = {"session": session, "form": form, "report": report}
    return _page(
        request, "learning/admin/import_scores.html", _("Import scores"), context, icon="upload", status=status
    )


def bulk_issue(request, session_id):
    if not may_manage_certificates(request.user):
        raise PermissionDenied
    session = get_object_or_404(Session.objects.select_related("course"), pk=session_id)
    form = BulkIssueForm(request.POST or None, initial={"only_eligible": True})
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_bulk_issue(
                session=session, by=request.user, only_eligible=form.cleaned_data["only_eligible"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            running = BulkIssue.objects.filter(session=session).exclude(status=BulkIssue.Status.DONE).first()
            if running:
                return redirect("learning_admin:bulk_progress", job_id=running.pk)
        else:
            return redirect("learning_admin:bulk_progress", job_id=job.pk)
    context = {
        "session": session,
        "form": form,
        "learners": Enrolment.objects.active().filter(session=session).count(),
        "jobs": BulkIssue.objects.filter(session=session)[:5],
    }
    return _page(request, "learning/admin/bulk_issue.html", _("Issue certificates"), context, icon="doc-full")


def bulk_progress(request, job_id):
    """Progress the manager can leave and come back to; the page refreshes itself while it runs."""
    if not may_manage_certificates(request.user):
        raise PermissionDenied
    job = get_object_or_404(BulkIssue.objects.select_related("session__course"), pk=job_id)
    return _page(request, "learning/admin/bulk_progress.html", _("Issuing certificates"), {"job": job}, icon="doc-full")


def enrol(request):
    """Staff enrol a member by hand: the session and the member's e-mail."""
    from courses.services import is_course_staff

    if not is_course_staff(request.user):
        raise PermissionDenied
    from .forms import EnrolForm

    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.enrol_member(
                session=form.cleaned_data["session"], member=form.cleaned_data["member"], by=request.user
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("Enrolled."))
            return redirect(reverse("wagtailsnippets_learning_enrolment:list"))
    elif request.method == "POST":
        status = 400
    return _page(request, "learning/admin/form.html", _("Enrol by hand"), {"form": form}, icon="user", status=status)


def _confirm(request, title, obj, question, *, icon="doc-full"):
    context = {"object": obj, "question": question}
    return _page(request, "learning/admin/confirm.html", title, context, icon=icon)


def end_enrolment(request, enrolment_id):
    enrolment = get_object_or_404(Enrolment.objects.select_related("member", "session__course"), pk=enrolment_id)
    if request.method != "POST":
        question = _("End this enrolment? Progress and grades are kept.")
        return _confirm(request, _("End enrolment"), enrolment, question, icon="cross")
    try:
        services.end_enrolment(enrolment=enrolment, by=request.user)
        messages.success(request, _("The enrolment has ended."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("wagtailsnippets_learning_enrolment:list"))


def issue_for_enrolment(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.active().select_related("member", "session__course"), pk=enrolment_id
    )
    if request.method != "POST":
        question = _("Issue a certificate to this learner now, whether or not they finished the course?")
        return _confirm(request, _("Issue certificate"), enrolment, question)
    try:
        certificate = services.issue_certificate(enrolment=enrolment, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("wagtailsnippets_learning_enrolment:list"))
    messages.success(request, _("Certificate %(code)s recorded; its PDF is being made.") % {"code": certificate.code})
    return redirect(reverse("wagtailsnippets_learning_certificate:list"))


def reissue(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    if request.method != "POST":
        question = _("Make this certificate again with today's name, grade and instructor? The code stays the same.")
        return _confirm(request, _("Re-issue certificate"), certificate, question, icon="repeat")
    try:
        services.reissue_certificate(certificate=certificate, by=request.user)
        messages.success(request, _("The certificate is being made again; the holder will get it by e-mail."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("wagtailsnippets_learning_certificate:list"))


def revoke(request, pk):
    if not may_manage_certificates(request.user):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_certificate(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("Certificate %(code)s revoked.") % {"code": certificate.code})
            return redirect(reverse("wagtailsnippets_learning_certificate:list"))
    elif request.method == "POST":
        status = 400
    context = {"form": form, "object": certificate}
    return _page(request, "learning/admin/form.html", _("Revoke certificate"), context, icon="warning", status=status)
