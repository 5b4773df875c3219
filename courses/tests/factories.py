"""Factories for courses: a course tree under the home page, sessions, reservations, companies."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

import factory

from accounts.tests.factories import UserFactory
from courses.models import Company, CourseCategory, CourseIndexPage, CoursePage, Reservation, Session
from home.models import HomePage


def course_index():
    """The one course index under the home page, created on first use."""
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(title="Cursos", slug="cursos", show_in_menus=True)
        HomePage.objects.get().add_child(instance=index)
    return index


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Categoría {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def make_course(title=None, *, price=Decimal("0"), requires=(), tags=(), parent=None, **fields):
    """A live course page under the course index."""
    title = title or f"Curso {CoursePage.objects.count() + 1}"
    course = CoursePage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        summary=fields.pop("summary", f"Resumen de {title}."),
        price=price,
        **fields,
    )
    (parent or course_index()).add_child(instance=course)
    if tags:
        course.tags.add(*tags)
    if requires:
        course.requires_courses.set(requires)
    if tags or requires:
        course.save_revision().publish()
    return course


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.LazyFunction(make_course)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    modality = Session.Modality.ON_SITE
    place = "Aula 1, Calle de la Luz 12, Madrid"
    capacity = 10


class ReservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reservation

    session = factory.SubFactory(SessionFactory)
    member = factory.SubFactory(UserFactory)
    status = Reservation.Status.CONFIRMED
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Reservation.Status.WAITLISTED else None
    )


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Empresa {n} S.L.")
    tax_id = factory.Sequence(lambda n: f"B{n:08d}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        if create and extracted:
            self.managers.add(*extracted)
            self.members.add(*extracted)


def fill(session, count, status=Reservation.Status.CONFIRMED):
    """`count` other people holding places in `session`, bypassing the services (test set-up only)."""
    return [ReservationFactory(session=session, status=status) for _ in range(count)]
