"""Demo projects and hours: three projects (one finished) with groups of demo mentors and members,
supervised by the demo manager, and four weeks of hours for each mentor linked to an account:
the two oldest weeks approved, one entry rejected with a note, the rest pending.

Projects are found again by code and hours are only added to a mentor without any, so a second
run creates nothing new. Hours go through the services, so the demo keeps every rule.
"""

import datetime

from django.utils import timezone

from . import hours as services
from .models import HoursEntry, Mentor, Project, ProjectGroup

# code, name, description, status, started (days ago), ended (days ago or None), groups
PROJECTS = [
    (
        "campus-digital",
        "Campus digital",
        "Acompañamiento a los alumnos de los itinerarios de programación en sus proyectos finales.",
        Project.Status.ACTIVE,
        150,
        None,
        ["Python mañana", "Python tarde"],
    ),
    (
        "datos-abiertos",
        "Laboratorio de datos abiertos",
        "Mentorías para equipos que publican y analizan datos abiertos de su ayuntamiento.",
        Project.Status.ACTIVE,
        90,
        None,
        ["Equipo de análisis"],
    ),
    (
        "nube-2025",
        "Migración a la nube 2025",
        "Proyecto cerrado: migración de las aplicaciones de una empresa cliente a contenedores.",
        Project.Status.FINISHED,
        400,
        60,
        ["Equipo de plataforma"],
    ),
]
# (weekday, project code, start hour, end hour or None, duration in minutes when no range, description)
WEEK = [
    (0, "campus-digital", 9, 13, None, "Revisión de los proyectos finales del grupo de mañana."),
    (2, "datos-abiertos", None, None, 150, "Sesión de limpieza de datos con el equipo de análisis."),
    (3, "campus-digital", 16, 19, None, "Tutorías individuales y corrección de ejercicios."),
]
REJECTION_NOTE = "Esta sesión fue de 2 h, no de 2,5 h: corrige la duración y vuelve a enviarla."


def seed(context):
    today = timezone.localdate()
    manager = context.people.get("manager")
    learners = [person for key in ("member", "company") if (person := context.people.get(key)) is not None]
    linked = list(Mentor.objects.filter(user__isnull=False, active=True).order_by("pk"))
    others = list(Mentor.objects.filter(user__isnull=True, active=True).order_by("pk")[:4])
    projects = {}
    for number, (code, name, description, status, started, ended, groups) in enumerate(PROJECTS):
        project, created = Project.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "status": status,
                "starts_on": today - datetime.timedelta(days=started),
                "ends_on": today - datetime.timedelta(days=ended) if ended is not None else None,
            },
        )
        projects[code] = project
        if not created:
            continue
        if manager is not None:
            project.supervisors.set([manager])
            project.save()
        for position, group_name in enumerate(groups):
            group = ProjectGroup(project=project, name=group_name)
            # Every linked mentor in every group (so she may log on each active project), plus two others.
            group.mentors.set([*linked, *others[(number + position) % 3 :][:2]])
            group.learners.set(learners)
            group.save()
    if manager is not None:
        for mentor in linked:
            if mentor.user_id != manager.pk:
                _hours(mentor, projects, manager, today)


def _hours(mentor, projects, manager, today):
    """Four weeks before this one: two approved, one with a rejected entry, one pending."""
    if HoursEntry.objects.filter(mentor=mentor).exists():
        return
    this_monday = today - datetime.timedelta(days=today.weekday())
    for weeks_ago in (4, 3, 2, 1):
        monday = this_monday - datetime.timedelta(weeks=weeks_ago)
        entries = []
        for weekday, code, start, end, minutes, description in WEEK:
            entries.append(
                services.log_hours(
                    by=mentor.user,
                    project=projects[code],
                    date=monday + datetime.timedelta(days=weekday),
                    starts_at=datetime.time(start) if start is not None else None,
                    ends_at=datetime.time(end) if end is not None else None,
                    minutes=minutes,
                    description=description,
                    today=today,
                )
            )
        if weeks_ago >= 3:
            services.approve_week(mentor=mentor, day=monday, by=manager)
        elif weeks_ago == 2:
            services.reject_hours(entry=entries[1], by=manager, note=REJECTION_NOTE)
