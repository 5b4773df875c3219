"""Demo learning: modules and lessons for the demo courses, the demo member half-way through
"Python desde cero", a colleague of the demo company with some progress, and an issued
certificate. Idempotent: existing slugs, enrolments, scores and certificates are kept.
`--scale N` gives lessons to 3 × N courses.
"""

from decimal import Decimal

from django.utils.text import slugify

from courses.models import CoursePage
from home.demo import publish

from . import services
from .models import Assessment, Certificate, CertificatePolicy, Enrolment, LessonPage, ModulePage, Score

MODULES = [
    ("Primeros pasos", ["Qué vas a aprender", "Prepara tu entorno", "Tu primer ejercicio"]),
    ("Conceptos clave", ["Las piezas básicas", "Buenas prácticas", "Errores frecuentes"]),
    ("Proyecto final", ["Planifica el proyecto", "Manos a la obra", "Revisión y entrega"]),
]
COURSES_PER_SCALE = 3


def _body(course, lesson):
    return [
        ("heading", {"text": lesson, "level": "h2"}),
        (
            "paragraph",
            f"<p>En esta lección de <b>{course}</b> trabajamos «{lesson.lower()}» paso a paso, "
            "con ejemplos que puedes copiar y adaptar.</p>",
        ),
        ("code", {"language": "python", "code": "def saluda(nombre):\n    return f'Hola, {nombre}'\n", "caption": ""}),
        ("callout", {"kind": "tip", "title": "Consejo", "text": "<p>Marca la lección como completada al acabar.</p>"}),
    ]


def _lessons_for(course):
    existing = {page.slug: page for page in ModulePage.objects.child_of(course)}
    for number, (title, lessons) in enumerate(MODULES, start=1):
        slug = f"modulo-{number}-{slugify(title)}"
        module = existing.get(slug)
        if module is None:
            module = ModulePage(title=title, slug=slug, intro=f"Módulo {number} de {course.title}.")
            course.add_child(instance=module)
            publish(module)
        have = set(LessonPage.objects.child_of(module).values_list("slug", flat=True))
        for position, lesson in enumerate(lessons, start=1):
            lesson_slug = slugify(lesson)
            if lesson_slug in have:
                continue
            page = LessonPage(
                title=lesson,
                slug=lesson_slug,
                summary=f"{lesson} en {course.title}.",
                estimated_minutes=10 + 5 * position,
                required=position != 1 or number != 1,
                body=_body(course.title, lesson),
            )
            module.add_child(instance=page)
            publish(page)


def seed(context):
    courses = list(CoursePage.objects.live().order_by("path")[: COURSES_PER_SCALE * context.scale])
    for course in courses:
        _lessons_for(course)
    member, manager = context.people.get("member"), context.people.get("manager")
    if not member or not manager or not courses:
        return
    _half_way(member, "Python desde cero")
    _colleague_progress()
    certified = next((c for c in courses if c.title != "Python desde cero"), None)
    if certified is not None:
        _certificate(member, manager, certified)


def _lessons(course):
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def _complete(member, lessons):
    for lesson in lessons:
        services.complete_lesson(member=member, lesson=lesson)


def _half_way(member, title):
    enrolment = Enrolment.objects.active().filter(member=member, course__title=title).first()
    if enrolment is None:
        return
    lessons = _lessons(enrolment.course)
    _complete(member, lessons[: len(lessons) // 2])
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lessons[len(lessons) // 2])


def _colleague_progress():
    """A colleague of the demo company has started the course the company booked."""
    enrolment = Enrolment.objects.active().filter(member__companies__name="Acme Formación S.L.").first()
    if enrolment is not None and _lessons(enrolment.course):
        _complete(enrolment.member, _lessons(enrolment.course)[:2])


def _certificate(member, manager, course):
    session = course.sessions.order_by("starts_at").first()
    if session is None or Certificate.objects.filter(member=member, course=course).exists():
        return
    CertificatePolicy.objects.get_or_create(
        course=course,
        defaults={"validity_months": 24, "signatory_name": "Lucía Directora", "signatory_title": "Dirección académica"},
    )
    enrolment = Enrolment.objects.active().filter(member=member, session=session).first()
    if enrolment is None:
        enrolment = services.enrol_member(session=session, member=member, by=manager)
    exam, _created = Assessment.objects.get_or_create(
        session=session, name="Proyecto final", defaults={"weight": Decimal("1"), "maximum": Decimal("10")}
    )
    Score.objects.get_or_create(
        assessment=exam, member=member, defaults={"points": Decimal("8.5"), "graded_by": manager}
    )
    _complete(member, _lessons(course))
    certificate = Certificate.objects.valid().filter(member=member, session=session).first()
    if certificate is None:
        certificate = services.issue_certificate(enrolment=enrolment, by=manager)
    # Made here rather than by the worker, so the demo shows a finished certificate at once.
    services.produce_certificate(certificate.pk)
