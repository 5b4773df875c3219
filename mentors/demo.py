"""Demo mentors: a directory under the home page and 6 × scale Spanish mentors, each with knowledge
areas, weekly availability, a holiday and a certificate (one expiring soon, to show the flag).

The demo instructor (the "mentor" person, who teaches the demo courses) becomes a mentor record
through `sync_instructors`, like every instructor. Records are found again by name (numbered
after the first edition), so a second run creates nothing new.
"""

from datetime import time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from home.demo import demo_image, index_page, publish

from .booking_demo import seed_bookings
from .calendar_demo import seed_calendar
from .models import (
    AvailabilityException,
    AvailabilitySlot,
    Certificate,
    KnowledgeArea,
    Mentor,
    MentorArea,
    MentorIndexPage,
    MentorPage,
)
from .projects_demo import seed as seed_projects
from .services import sync_instructors

AREAS = [
    ("python", "Python"),
    ("datos", "Análisis de datos"),
    ("cloud", "Cloud y DevOps"),
    ("seguridad", "Ciberseguridad"),
    ("web", "Desarrollo web"),
    ("gestion", "Gestión de proyectos"),
]
# name, short bio, [(area, level)], [(weekday, from, to)], certificate, colour
MENTORS = [
    (
        "Laura Gómez Ortega",
        "Ingeniera de datos; te ayuda a pasar de la hoja de cálculo a tus primeros modelos en Python.",
        [("python", 4), ("datos", 4)],
        [(1, 9, 13), (3, 16, 19)],
        "Certificación profesional en análisis de datos",
        "#1f4fd1",
    ),
    (
        "Javier Martín Soler",
        "Arquitecto cloud con quince años desplegando servicios; resuelve dudas de contenedores y CI.",
        [("cloud", 4), ("python", 2)],
        [(2, 10, 14)],
        "Arquitecto de soluciones cloud",
        "#0f766e",
    ),
    (
        "Nuria Fernández Vela",
        "Auditora de seguridad; revisa contigo tu aplicación y te enseña a pensar como un atacante.",
        [("seguridad", 4), ("web", 3)],
        [(4, 9, 12), (5, 9, 12)],
        "Auditora de seguridad de la información",
        "#b91c1c",
    ),
    (
        "Carlos Ruiz Medina",
        "Desarrollador web full-stack; acompaña proyectos con Django de la idea a producción.",
        [("web", 4), ("python", 3)],
        [(1, 16, 19), (2, 16, 19)],
        "Desarrollador profesional de Django",
        "#7c3aed",
    ),
    (
        "Marta Iglesias Campos",
        "Jefa de proyectos ágil; te ayuda a planificar, estimar y presentar resultados a tu equipo.",
        [("gestion", 4), ("datos", 2)],
        [(3, 9, 14)],
        "Gestión de proyectos ágiles",
        "#c2410c",
    ),
    (
        "Pablo Herrera Núñez",
        "Administrador de sistemas; Linux, redes y automatización sin misterio.",
        [("cloud", 3), ("seguridad", 2)],
        [(5, 15, 18)],
        "Administración de sistemas Linux",
        "#15803d",
    ),
]
INDEX_FIELDS = {
    "title": "Mentores",
    "intro": "Profesionales en activo que te acompañan en tus cursos y proyectos. Filtra por área y nivel.",
    "search_description": "Directorio de mentores de Lumino: áreas de conocimiento, nivel y disponibilidad.",
    "show_in_menus": True,
}


def seed(context):
    index = index_page(context.home, MentorIndexPage, slug="mentores", **INDEX_FIELDS)
    areas = {slug: KnowledgeArea.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in AREAS}
    sync_instructors()
    instructor = context.people.get("mentor")
    if instructor is not None and hasattr(instructor, "mentor"):
        _profile(index, instructor.mentor, areas, _INSTRUCTOR, number=len(MENTORS))
    for edition in range(context.scale):
        for number, spec in enumerate(MENTORS):
            name = spec[0] if not edition else f"{spec[0]} ({edition + 1})"
            mentor = Mentor.objects.filter(full_name=name, user=None).first()
            if mentor is None:
                mentor = Mentor.objects.create(
                    full_name=name, email=_email(name), phone=f"+34 600 00{number} {edition:03d}"
                )
            _profile(index, mentor, areas, spec, number=number + edition * len(MENTORS))
    seed_projects(context)
    seed_calendar(context)
    seed_bookings(context)


_INSTRUCTOR = (
    "",
    "Instructor de los cursos de programación de Lumino; orienta a quien empieza con Python y Django.",
    [("python", 3), ("web", 3)],
    [(2, 9, 13), (4, 15, 18)],
    "Formador acreditado",
    "#334155",
)


def _email(name):
    first, last = (slugify(part) for part in name.split()[:2])
    return f"{first}.{last}@mentores.lumino.example"


def _profile(index, mentor, areas, spec, *, number):
    """Areas, availability, a holiday and a certificate on a record that has none, and its page."""
    _name, intro, mentor_areas, slots, certificate, colour = spec
    today = timezone.localdate()
    if not mentor.areas.exists():
        for order, (slug, level) in enumerate(mentor_areas):
            MentorArea.objects.create(mentor=mentor, area=areas[slug], level=level, sort_order=order)
    if not mentor.slots.exists():
        for order, (weekday, start, end) in enumerate(slots):
            AvailabilitySlot.objects.create(
                mentor=mentor, weekday=weekday, starts_at=time(start), ends_at=time(end), sort_order=order
            )
    if not mentor.exceptions.exists():
        start = today + timedelta(days=30 + number * 7)
        AvailabilityException.objects.create(
            mentor=mentor, kind=AvailabilityException.Kind.HOLIDAY, starts_on=start, ends_on=start + timedelta(days=4)
        )
    if not mentor.certificates.exists():
        # Every third one expires within the warning window, so the admin flag shows.
        days = 30 if number % 3 == 0 else 400 + number * 30
        Certificate.objects.create(
            mentor=mentor, name=certificate, issuer="Lumino Formación", expires_on=today + timedelta(days=days)
        )
    if MentorPage.objects.filter(mentor=mentor).exists():
        return
    page = MentorPage(
        title=mentor.full_name,
        slug=slugify(mentor.full_name),
        mentor=mentor,
        intro=intro,
        search_description=intro,
        photo=demo_image(f"Mentor: {mentor.full_name}", (640, 640), colour),
    )
    page.tags.add(*(areas[slug].name for slug, _level in mentor_areas))
    index.add_child(instance=page)
    publish(page)
