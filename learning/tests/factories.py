"""A course taught in modules of lessons, enrolled learners, assessments and scores."""

from decimal import Decimal

from django.utils.text import slugify

from courses.models import Reservation
from courses.tests.factories import ReservationFactory, SessionFactory, make_course
from learning.models import Assessment, Enrolment, LessonPage, ModulePage, Score


def add_module(course, title, lessons=(), **fields):
    module = ModulePage(title=title, slug=slugify(title), intro=fields.pop("intro", ""), **fields)
    course.add_child(instance=module)
    for spec in lessons:
        spec = {"title": spec} if isinstance(spec, str) else dict(spec)
        lesson = LessonPage(
            title=spec["title"],
            slug=slugify(spec["title"]),
            summary=spec.get("summary", ""),
            estimated_minutes=spec.get("minutes", 10),
            required=spec.get("required", True),
            body=spec.get("body", [("paragraph", f"<p>Contenido de {spec['title']}.</p>")]),
        )
        module.add_child(instance=lesson)
    return module


def taught_course(title="Python desde cero", *, modules=2, lessons=2, **fields):
    """A live course with `modules` modules of `lessons` lessons each, and one session."""
    course = make_course(title, **fields)
    for m in range(1, modules + 1):
        add_module(course, f"Módulo {m}", [f"Lección {m}.{n}" for n in range(1, lessons + 1)])
    session = SessionFactory(course=course)
    return course, session


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).live().order_by("path"))


def enrol(session, member):
    """A confirmed seat (bypassing the services): the reservation's save enrols the member."""
    ReservationFactory(session=session, member=member, status=Reservation.Status.CONFIRMED)
    return Enrolment.objects.active().get(session=session, member=member)


def assessment(session, name="Examen", weight="1", maximum="10", passing="5"):
    return Assessment.objects.create(
        session=session, name=name, weight=Decimal(weight), maximum=Decimal(maximum), passing_score=Decimal(passing)
    )


def score(assessment, member, points):
    return Score.objects.create(assessment=assessment, member=member, points=Decimal(str(points)))


__all__ = ["ModulePage", "add_module", "assessment", "enrol", "lessons_of", "score", "taught_course"]
