"""The learning app's part of "My Lumino": my courses with progress and grades, my certificates,
and, for company managers, their colleagues' progress. Each panel runs a fixed number of queries."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import Panel

from .models import Assessment, Certificate, Enrolment, Score, final_grade
from .outline import outlines_for_enrolments

COLLEAGUE_ROWS = 50


def _rows(enrolments, rows):
    """[{enrolment, outline}] for `rows` (taken from the `enrolments` queryset), in three queries."""
    outlines = outlines_for_enrolments(enrolments, rows)
    result = []
    for enrolment in rows:
        shared = outlines[(enrolment.member_id, enrolment.course_id)]
        # Each row resumes at its own last lesson (rows of one person and course share an outline).
        outline = type(shared)(course=shared.course, modules=shared.modules, completed_ids=shared.completed_ids)
        outline.last_lesson_id = enrolment.last_lesson_id
        result.append({"enrolment": enrolment, "outline": outline})
    return result


def _grades(user, enrolments, rows):
    """{session id: ([(assessment, points or None)], final grade)}: two queries, always."""
    sessions = enrolments.values("session_id")
    assessments = list(Assessment.objects.filter(session__in=sessions))
    scores = dict(
        Score.objects.filter(member=user, assessment__session__in=sessions).values_list("assessment_id", "points")
    )
    result = {}
    for enrolment in rows:
        mine = [a for a in assessments if a.session_id == enrolment.session_id]
        result[enrolment.session_id] = ([(a, scores.get(a.pk)) for a in mine], final_grade(mine, scores))
    return result


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    # Every panel runs the same queries whether it has rows or not (subqueries, no early exits),
    # so My Lumino's query count stays flat as a person's courses come and go.
    enrolments = Enrolment.objects.active().filter(member=user)
    mine = list(enrolments.select_related("course", "session").order_by("-enrolled_at"))
    rows = _rows(enrolments, mine)
    grades = _grades(user, enrolments, mine)
    for row in rows:
        row["scores"], row["grade"] = grades[row["enrolment"].session_id]
    if rows:
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
    colleagues = Enrolment.objects.active().filter(member__companies__managers=user).exclude(member=user)
    enrolments = (
        colleagues.annotate(certified=Exists(certified))
        .select_related("member", "course")
        .order_by("course__title", "member__first_name", "pk")
        .distinct()
    )
    enrolments = list(enrolments[: COLLEAGUE_ROWS + 1])
    rows = _rows(colleagues, enrolments[:COLLEAGUE_ROWS])
    for row in rows:
        row["certified"] = row["enrolment"].certified
    return {"rows": rows, "more": len(enrolments) > COLLEAGUE_ROWS}
