"""Mentor records and directory pages for the tests."""

import datetime
import itertools

from django.utils.text import slugify

from home.models import HomePage
from mentors.models import (
    AvailabilitySlot,
    Certificate,
    KnowledgeArea,
    Mentor,
    MentorArea,
    MentorIndexPage,
    MentorPage,
)

_numbers = itertools.count()


def make_area(name="Python", slug=None):
    return KnowledgeArea.objects.get_or_create(slug=slug or slugify(name), defaults={"name": name})[0]


def make_mentor(full_name="Laura Gómez", *, areas=(), slots=(), **fields):
    """`areas`: [(KnowledgeArea, level)]; `slots`: [(weekday, start hour, end hour)]."""
    mentor = Mentor.objects.create(full_name=full_name, **fields)
    for area, level in areas:
        MentorArea.objects.create(mentor=mentor, area=area, level=level)
    for weekday, start, end in slots:
        AvailabilitySlot.objects.create(
            mentor=mentor, weekday=weekday, starts_at=datetime.time(start), ends_at=datetime.time(end)
        )
    return mentor


def make_certificate(mentor, name="Certificado", *, expires_in_days=None):
    expires_on = None if expires_in_days is None else datetime.date.today() + datetime.timedelta(days=expires_in_days)
    return Certificate.objects.create(mentor=mentor, name=name, expires_on=expires_on)


def make_directory(title="Mentores"):
    home = HomePage.objects.get()
    return home.add_child(instance=MentorIndexPage(title=title, slug=f"mentores-{next(_numbers)}", show_in_menus=True))


def make_page(directory, mentor, *, intro="Mentora con experiencia.", tags=()):
    page = MentorPage(
        title=mentor.full_name, slug=f"{slugify(mentor.full_name)}-{next(_numbers)}", mentor=mentor, intro=intro
    )
    for tag in tags:
        page.tags.add(tag)
    directory.add_child(instance=page)
    page.save_revision().publish()
    return page
