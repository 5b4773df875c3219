"""Demo courses: /cursos/ with 12 × scale courses, upcoming sessions, a company and reservations.

Pages are published from a revision, as an editor would. Existing slugs are skipped and each
course is topped up to two upcoming sessions, so a second run creates nothing new. Reservations
go through the services, like real ones; the demo member's bank-transfer order is placed again
when the previous hold has expired.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Site

from accounts.models import User
from accounts.roles import Role
from home.demo import demo_image, index_page, publish

from . import services
from .demo_content import CATEGORIES, COURSES, EMPLOYEES, FAQ, PLACES, TESTIMONIALS
from .models import (
    Company,
    CourseCategory,
    CourseIndexPage,
    CoursePage,
    Order,
    PaymentSettings,
    Session,
    bank_details,
)

MODALITIES = [Session.Modality.ON_SITE, Session.Modality.ONLINE, Session.Modality.HYBRID]
INDEX_FIELDS = {
    "intro": (
        "<p>Cursos prácticos con grupos pequeños y mentores en activo, presenciales, en línea o híbridos. "
        "Reserva tu plaza o apúntate a la lista de espera.</p>"
    ),
    "search_description": "Calendario de cursos de Lumino: programación, datos, cloud, seguridad y gestión.",
    "show_in_menus": True,
}


def seed(context):
    index = _index(context)
    categories = {
        key: CourseCategory.objects.get_or_create(slug=key, defaults={"name": name})[0]
        for key, name in CATEGORIES.items()
    }
    existing = {page.slug: page for page in CoursePage.objects.child_of(index)}
    mentor = context.people.get("mentor")
    courses = []
    for edition in range(context.scale):
        for number, spec in enumerate(COURSES):
            slug = slugify(spec[0]) + (f"-{edition + 1}" if edition else "")
            course = existing.get(slug) or _create_course(index, spec, slug, edition, categories, mentor)
            _top_up_sessions(course, number + edition * len(COURSES), mentor)
            courses.append(course)
    _prerequisite(courses)
    _bank_details()
    _company_and_reservations(context, courses)


def _bank_details():
    """The demo takes transfers: a sample IBAN (a documented test account) unless one is set."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or bank_details(site).iban:
        return
    stored = PaymentSettings.for_site(site)
    stored.bank_transfer_iban = "ES9121000418450200051332"
    stored.bank_transfer_beneficiary = stored.bank_transfer_beneficiary or "Lumino Formación (demo)"
    stored.save()


def _index(context):
    return index_page(context.home, CourseIndexPage, slug="cursos", title="Cursos", **INDEX_FIELDS)


def _create_course(index, spec, slug, edition, categories, mentor):
    title, category, level, price, hours, tags, colour, summary, objectives, modules = spec
    course = CoursePage(
        title=title if not edition else f"{title} (edición {edition + 1})",
        slug=slug,
        summary=summary,
        search_description=summary,
        category=categories[category],
        level=level,
        price=price,
        duration_hours=hours,
        image=demo_image(f"Curso: {title}", (1200, 675), colour),
        prerequisites="Ganas de aprender y un portátil con permisos para instalar programas.",
        objectives=[("objective", text) for text in objectives],
        syllabus=[
            (
                "module",
                {
                    "title": module,
                    "description": "",
                    "lessons": [{"title": lesson, "description": ""} for lesson in lessons],
                },
            )
            for module, lessons in modules
        ],
        faq=[("faq", {"question": question, "answer": answer}) for question, answer in FAQ],
        testimonials=[("testimonial", {"quote": q, "author": a, "role": r}) for q, a, r in TESTIMONIALS],
    )
    course.tags.add(*tags)
    course.instructors = [mentor] if mentor else []
    index.add_child(instance=course)
    publish(course)
    return course


def _top_up_sessions(course, number, mentor):
    """Two upcoming sessions per course (three for every third one), spread over the next months."""
    wanted = 3 if number % 3 == 0 else 2
    upcoming = course.sessions.upcoming().count()
    today = timezone.localdate()
    for slot in range(upcoming, wanted):
        day = today + timedelta(days=7 + (number * 5) % 40 + slot * 28)
        day += timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)  # weekdays only
        starts = timezone.make_aware(datetime.combine(day, time(9 if slot % 2 == 0 else 16)))
        modality = MODALITIES[(number + slot) % 3]
        Session.objects.create(
            course=course,
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            modality=modality,
            place="" if modality == Session.Modality.ONLINE else PLACES[(number + slot) % len(PLACES)],
            meeting_url="" if modality == Session.Modality.ON_SITE else f"https://meet.lumino.example/{course.slug}",
            capacity=8 + (number * 7 + slot * 5) % 23,
            instructor=mentor,
            reservation_deadline=starts - timedelta(days=1),
        )


def _prerequisite(courses):
    by_title = {course.title: course for course in courses}
    django, python = by_title.get("Django para aplicaciones web"), by_title.get("Python desde cero")
    if django and python and not django.requires_courses.exists():
        django.requires_courses.add(python)
        publish(django)


def _company_and_reservations(context, courses):
    member, boss = context.people.get("member"), context.people.get("company")
    if not member or not boss:
        return
    employees = [_employee(username, first, last) for username, first, last in EMPLOYEES]
    company, _created = Company.objects.get_or_create(tax_id="B12345674", defaults={"name": "Acme Formación S.L."})
    company.managers.add(boss)
    company.members.add(boss, *employees)

    by_title = {course.title: course for course in courses}
    _reserve(_first_session(by_title["Python desde cero"]), member)
    _fill_and_wait(_first_session(by_title["Seguridad web: OWASP Top 10"], smallest=True), member)
    _pending_order(_first_session(by_title["Análisis de datos con pandas"]), member)
    team_session = _first_session(by_title["Gestión ágil con Scrum"])
    if not team_session.reservations.active().filter(member__in=employees[:2]).exists():
        services.reserve_seats_for_colleagues(session=team_session, members=employees[:2], by=boss)


def _first_session(course, smallest=False):
    sessions = course.sessions.upcoming()
    return sessions.order_by("capacity", "starts_at").first() if smallest else sessions.first()


def _employee(username, first, last):
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@acme.example", "first_name": first, "last_name": last}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name=Role.MEMBER.group_name))
    return user


def _reserve(session, member):
    if not session.reservations.active().filter(member=member).exists():
        services.reserve_seat(session=session, member=member, by=member)


def _fill_and_wait(session, member):
    """Fill the session with demo learners so the member lands on its waiting list."""
    for number in range(session.capacity - session.seats_taken):
        learner = _employee(f"demo-alumno-{session.pk}-{number}", "Alumno", f"Demo {number + 1}")
        services.reserve_seat(session=session, member=learner, by=learner)
    _reserve(session, member)


def _pending_order(session, member):
    pending = Order.objects.filter(member=member, status=Order.Status.PENDING).exists()
    if not pending and not session.reservations.active().filter(member=member).exists():
        services.place_order(session=session, member=member, provider="bank_transfer", by=member)
