"""The learning app's part of "My Lumino": my courses with progress and grades, my certificates,
and, for company managers, their colleagues' progress. Each panel runs a fixed number of queries."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import Panel

from .models import Assessment, Certificate, Enrolment, Score, final_grade
from .outline import outlines_for_people

COLLEAGUE_ROWS = 50


def _rows(enrolments):
    """[{enrolment, outline}], each with its member's own progress, in three queries."""
    pairs = [(e.member_id, e.course) for e in enrolments]
    outlines = outlines_for_people(pairs)
    rows = []
    for enrolment in enrolments:
        outline = outlines[(enrolment.member_id, enrolment.course_id)]
        # Each row resumes at its own last lesson (outlines are shared between rows of a course).
        outline = type(outline)(course=outline.course, modules=outline.modules, completed_ids=outline.completed_ids)
        outline.last_lesson_id = enrolment.last_lesson_id
        rows.append({"enrolment": enrolment, "outline": outline})
    return rows


def _grades(user, enrolments):
    sessions = [e.session_id for e in enrolments]
    assessments = list(Assessment.objects.filter(session_id__in=sessions))
    scores = dict(Score.objects.filter(member=user, assessment__in=assessments).values_list("assessment_id", "points"))
    result = {}
    for session_id in sessions:
        mine = [a for a in assessments if a.session_id == session_id]
        result[session_id] = (
            [(a, scores.get(a.pk)) for a in mine],
            final_grade(mine, scores),
        )
    return result


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    enrolments = list(
        Enrolment.objects.active().filter(member=user).select_related("course", "session").order_by("-enrolled_at")
    )
    if enrolments:
        rows = _rows(enrolments)
        grades = _grades(user, enrolments)
        for row in rows:
            row["scores"], row["grade"] = grades[row["enrolment"].session_id]
        result.append(Panel(_("My courses"), "learning/dashboard/courses.html", {"rows": rows}, order=15))
    certificates = list(Certificate.objects.filter(member=user).order_by("-issued_on", "-pk"))
    if certificates:
        result.append(
            Panel(
                _("My certificates"), "learning/dashboard/certificates.html", {"certificates": certificates}, order=16
            )
        )
    colleagues = _colleagues(user)
    if colleagues["rows"]:
        result.append(Panel(_("My colleagues' progress"), "learning/dashboard/colleagues.html", colleagues, order=41))
    return result


def _colleagues(user):
    certified = Certificate.objects.valid().filter(member=OuterRef("member"), session=OuterRef("session"))
    enrolments = (
        Enrolment.objects.active()
        .filter(member__companies__managers=user)
        .exclude(member=user)
        .annotate(certified=Exists(certified))
        .select_related("member", "course")
        .order_by("course__title", "member__first_name", "pk")
        .distinct()
    )
    enrolments = list(enrolments[: COLLEAGUE_ROWS + 1])
    rows = _rows(enrolments[:COLLEAGUE_ROWS])
    for row in rows:
        row["certified"] = row["enrolment"].certified
    return {"rows": rows, "more": len(enrolments) > COLLEAGUE_ROWS}
