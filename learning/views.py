"""Learners' screens: completing lessons, their progress on a course page, their certificates,
and the public certificate check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from portal.errors import DomainError

from . import services
from .access import active_enrolment
from .forms import VerifyForm, VisibilityForm
from .models import Certificate, LessonPage
from .outline import course_outline


def _back(request, default):
    candidate = request.POST.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


def _lesson_or_404(lesson_id):
    return get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)


@require_POST
@login_required
def complete_lesson(request, lesson_id):
    lesson = _lesson_or_404(lesson_id)
    try:
        services.complete_lesson(member=request.user, lesson=lesson)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(lesson.get_url(request))
    messages.success(request, _("Lesson marked as complete."))
    following = course_outline(lesson.course, member=request.user).neighbours(lesson)[0]
    return redirect(_back(request, following.get_url(request) if following else lesson.get_url(request)))


@require_POST
@login_required
def undo_lesson(request, lesson_id):
    lesson = _lesson_or_404(lesson_id)
    try:
        services.undo_completion(member=request.user, lesson=lesson)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The lesson is marked as not done."))
    return redirect(_back(request, lesson.get_url(request)))


@never_cache
def course_progress(request, page_id):
    """The personal part of a course page: progress, "resume", certificate. 204 for others."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    enrolment = active_enrolment(request.user, course)
    if enrolment is None:
        return HttpResponse(status=204)
    outline = course_outline(course, member=request.user, last_lesson_id=enrolment.last_lesson_id)
    certificate = Certificate.objects.valid().filter(member=request.user, session__course=course).first()
    context = {"course": course, "enrolment": enrolment, "outline": outline, "certificate": certificate}
    return render(request, "learning/includes/course_progress.html", context)


@never_cache
@login_required
def certificate_detail(request, pk):
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user).select_related("course"), pk=pk)
    form = VisibilityForm(request.POST or None, instance=certificate)
    if request.method == "POST":
        if certificate.member_id != request.user.pk:
            raise Http404
        if form.is_valid():
            services.set_visibility(
                certificate=certificate,
                by=request.user,
                show_name=form.cleaned_data["show_name"],
                show_grade=form.cleaned_data["show_grade"],
            )
            messages.success(request, _("Your choice is saved: the verify page now shows exactly that."))
            return redirect("learning:certificate", pk=certificate.pk)
    return render(request, "learning/certificate.html", {"certificate": certificate, "form": form})


@never_cache
@login_required
def certificate_pdf(request, pk):
    """The PDF, to its holder and certificate staff only; never from a public media URL."""
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user), pk=pk)
    if certificate.is_revoked and certificate.member_id == request.user.pk:
        raise Http404
    if not certificate.has_pdf:
        messages.info(request, _("Your certificate is being made; it will be ready in a minute."))
        return redirect("learning:certificate", pk=certificate.pk)
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=f"certificado-{certificate.code}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify_lookup(request):
    """A form to type a code in (a visitor with a paper certificate and no QR reader)."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificate_verify", code=form.cleaned_data["code"])
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "learning/verify_lookup.html", {"form": form}, status=status)


def verify(request, code):
    """The public check: valid, expired or revoked, with only what the holder agreed to show."""
    certificate = (
        Certificate.objects.select_related("session")
        .exclude(status=Certificate.Status.PENDING)
        .filter(code=code.upper())
    ).first()
    if certificate is None:
        return render(request, "learning/verify_unknown.html", {"code": code[:40], "form": VerifyForm()}, status=404)
    response = render(request, "learning/verify.html", {"certificate": certificate, "state": certificate.public_state})
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
