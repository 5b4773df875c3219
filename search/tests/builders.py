"""Pages for the search tests: one index per kind under the home page, items with text and tags."""

import datetime
import itertools

from django.utils.text import slugify

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from home.models import HomePage

_numbers = itertools.count()


def _slug(title):
    return f"{slugify(title)[:40]}-{next(_numbers)}"


def _paragraphs(body):
    return [("paragraph", RichText(f"<p>{body}</p>"))] if body else []


def _add(parent, page, tags):
    for tag in tags:
        page.tags.add(tag)
    parent.add_child(instance=page)
    return page


def indexes():
    from courses.models import CourseIndexPage
    from library.models import LibraryIndexPage
    from mentors.models import MentorIndexPage
    from news.models import NewsIndexPage

    home = HomePage.objects.get()
    made = {}
    for kind, model, title in (
        ("news", NewsIndexPage, "Noticias"),
        ("library", LibraryIndexPage, "Biblioteca"),
        ("course", CourseIndexPage, "Cursos"),
        ("mentor", MentorIndexPage, "Mentores"),
    ):
        made[kind] = home.add_child(instance=model(title=title, slug=_slug(title)))
    return made


def news(parent, title, *, intro="Novedades de Lumino.", body="", tags=(), date=None):
    from news.models import NewsPage

    page = NewsPage(title=title, slug=_slug(title), intro=intro, body=_paragraphs(body))
    page.date = date or datetime.date(2024, 5, 1)
    return _add(parent, page, tags)


def article(parent, title, *, intro="Un artículo de la biblioteca.", body="", tags=(), category=None, date=None):
    from library.models import LibraryArticlePage

    page = LibraryArticlePage(title=title, slug=_slug(title), intro=intro, body=_paragraphs(body), category=category)
    page.date = date or datetime.date(2023, 3, 1)
    return _add(parent, page, tags)


def course(parent, title, *, summary="Un curso práctico.", tags=(), category=None):
    from courses.models import CoursePage

    page = CoursePage(title=title, slug=_slug(title), summary=summary, category=category)
    return _add(parent, page, tags)


def mentor(parent, title, *, intro="Mentora de proyectos de datos.", tags=()):
    from mentors.models import Mentor, MentorPage

    record = Mentor.objects.create(full_name=title)
    page = MentorPage(title=title, slug=_slug(title), intro=intro, mentor=record)
    return _add(parent, page, tags)


def library_category(name):
    from library.models import Category

    return Category.objects.create(name=name, slug=slugify(name))


def course_category(name="Imagen digital", slug="imagen"):
    from courses.models import CourseCategory

    return CourseCategory.objects.create(name=name, slug=slug)


def restrict(page, kind=PageViewRestriction.LOGIN, *, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password=password)
    restriction.groups.set(groups)
    return restriction
