"""Projects, groups and hours for the tests, and a base case with the people of projects.

`ProjectsTestCase` adds to the shared cast: the mentor (Miguel) with his record, a second mentor
with hers (Nuria), and a supervisor of the main project who logs no hours herself (Sara).
"""

import datetime

from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_person
from mentors.models import HoursEntry, Mentor, Project, ProjectGroup
from portal.testing import LuminoTestCase


def past_monday(weeks_ago=2):
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks_ago)


def make_project(name="Campus digital", code=None, *, status=Project.Status.ACTIVE, supervisors=(), **fields):
    fields.setdefault("starts_on", timezone.localdate() - datetime.timedelta(days=365))
    project = Project(name=name, code=code or name.lower().replace(" ", "-"), status=status, **fields)
    project.supervisors.set(supervisors)
    project.save()
    return project


def make_group(project, name="Grupo A", *, mentors=(), learners=(), status=ProjectGroup.Status.ACTIVE):
    group = ProjectGroup(project=project, name=name, status=status)
    group.mentors.set(mentors)
    group.learners.set(learners)
    group.save()
    return group


def make_entry(mentor, project, date, *, minutes=None, start=None, end=None, status=HoursEntry.Status.PENDING, **kw):
    """An entry written directly (no rules): for the state a test starts from."""
    starts_at = datetime.time(*start) if isinstance(start, tuple) else (datetime.time(start) if start else None)
    ends_at = datetime.time(*end) if isinstance(end, tuple) else (datetime.time(end) if end else None)
    if minutes is None:
        minutes = (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)
    return HoursEntry.objects.create(
        mentor=mentor,
        project=project,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        minutes=minutes,
        description=kw.pop("description", "Tutorías"),
        status=status,
        **kw,
    )


class ProjectsTestCase(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mentor_record = Mentor.objects.create(user=cls.mentor, full_name="Miguel Tamarit")
        cls.other_mentor = make_person("nuria", Role.MENTOR, first_name="Nuria", last_name="Vela")
        cls.other_record = Mentor.objects.create(user=cls.other_mentor, full_name="Nuria Vela")
        cls.supervisor = make_person("sara", Role.MENTOR, first_name="Sara", last_name="Lobo")
        cls.project = make_project("Campus digital", supervisors=[cls.supervisor])
        cls.group = make_group(cls.project, mentors=[cls.mentor_record, cls.other_record], learners=[cls.member])
        cls.other_project = make_project("Datos abiertos")
        make_group(cls.other_project, mentors=[cls.other_record])
        cls.monday = past_monday(2)
