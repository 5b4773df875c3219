"""Demo news: /noticias/ with 30 × scale items in Spanish over the last two years.

Pages are published from a revision, as an editor would, back-dated to their news date.
Existing slugs are skipped, so a second run creates nothing.
"""

import datetime
import random

from django.utils import timezone

from wagtail.models import PageViewRestriction

from home.demo import demo_image, feature_on_home, index_page, publish

from .choosers import staff_people
from .models import NewsIndexPage, NewsPage

ITEMS_PER_SCALE = 30
MEMBERS_ONLY_EVERY = 12  # about one item in twelve is for members only

HEADLINES = [
    ("Abrimos inscripciones para el bootcamp de Python de primavera", ["Python", "cursos"]),
    ("Lumino firma un acuerdo de formación con tres empresas tecnológicas", ["empresas"]),
    ("Nueva ruta de aprendizaje: de Django a producción en ocho semanas", ["Django", "cursos"]),
    ("Becas para mujeres en tecnología: convocatoria abierta", ["becas", "comunidad"]),
    ("Crónica del encuentro anual de mentores", ["comunidad", "eventos"]),
    ("Seguridad web: taller gratuito sobre el OWASP Top 10", ["seguridad", "eventos"]),
    ("Estrenamos aula híbrida con retransmisión accesible", ["centro"]),
    ("Inteligencia artificial aplicada: así será el nuevo curso", ["IA", "cursos"]),
    ("Nuestros certificados ya se pueden verificar en línea", ["certificaciones"]),
    ("Resultados de la encuesta de empleabilidad de antiguos alumnos", ["empleo", "comunidad"]),
    ("Meetup de bases de datos: PostgreSQL en la práctica", ["bases de datos", "eventos"]),
    ("Formación bonificada para empresas: cómo solicitarla", ["empresas"]),
    ("DevOps sin miedo: jornada de puertas abiertas", ["DevOps", "eventos"]),
    ("Publicamos la guía de accesibilidad para nuestros materiales", ["accesibilidad", "centro"]),
    ("Hackatón solidario: proyectos para ONG locales", ["comunidad", "eventos"]),
    ("Renovamos la biblioteca técnica con cincuenta artículos nuevos", ["biblioteca"]),
    ("Curso intensivo de redes para administradores de sistemas", ["redes", "cursos"]),
    ("Entrevista: de alumna a mentora en dos años", ["comunidad", "empleo"]),
    ("Calendario de cursos del próximo trimestre", ["cursos"]),
    ("Ciberseguridad para pymes: sesión informativa", ["seguridad", "empresas"]),
    ("Lanzamos el programa de prácticas en empresas colaboradoras", ["empleo", "empresas"]),
    ("Python 3.13: novedades que ya enseñamos en clase", ["Python"]),
    ("Mentoría individual: nuevas franjas por la tarde", ["mentoría"]),
    ("Balance del año: más de mil personas formadas", ["centro", "comunidad"]),
    ("Jornada sobre datos abiertos y administración pública", ["bases de datos", "eventos"]),
    ("Nuevo convenio con la universidad para créditos de libre elección", ["certificaciones"]),
    ("Aprende Git de verdad: taller práctico de fin de semana", ["DevOps", "cursos"]),
    ("Cómo preparamos los proyectos finales con empresas reales", ["empresas", "cursos"]),
    ("Modelos de lenguaje en el aula: nuestra política de uso", ["IA", "centro"]),
    ("Semana de la programación para jóvenes: plazas limitadas", ["eventos", "becas"]),
]
PARAGRAPHS = [
    "Durante las próximas semanas pondremos en marcha una serie de actividades pensadas para quienes quieren "
    "dar un salto en su carrera profesional sin dejar de trabajar.",
    "Las sesiones combinan explicación, práctica guiada y un proyecto final que se revisa con una mentora o un "
    "mentor en activo. Todo el material queda disponible en la biblioteca.",
    "Las plazas son limitadas para mantener grupos pequeños. Si tu empresa quiere reservar varias, el equipo de "
    "formación corporativa te ayudará a organizar el calendario.",
    "Queremos agradecer a todas las personas que participaron en la edición anterior: sus comentarios han dado "
    "forma a los cambios que presentamos hoy.",
    "Como siempre, la actividad es accesible: subtítulos en directo, materiales en formatos abiertos y un espacio "
    "físico sin barreras.",
]
LEADS = [
    "Te contamos los detalles, las fechas y cómo participar.",
    "Resumimos lo más importante y los próximos pasos.",
    "Todo lo que necesitas saber, explicado en cinco minutos.",
    "Las claves de una novedad que llevábamos tiempo preparando.",
    "Quién puede apuntarse, cuándo empieza y qué hace falta.",
]
QUOTES = [
    ("Lo mejor fue trabajar con un proyecto real desde el primer día.", "Lucía, alumna del curso de Django"),
    ("Enseñar aquí me obliga a estar al día; aprendo tanto como enseño.", "Miguel, mentor"),
]
IMAGES = [
    ("Noticia · aula", "#1f4fd1"),
    ("Noticia · comunidad", "#146c43"),
    ("Noticia · eventos", "#8a5300"),
    ("Noticia · empresas", "#4b2a99"),
    ("Noticia · tecnología", "#b42318"),
    ("Noticia · biblioteca", "#0f766e"),
]


def news_index(home):
    return index_page(
        home,
        NewsIndexPage,
        slug="noticias",
        title="Noticias",
        show_in_menus=True,
        intro="Lo que pasa en Lumino: cursos nuevos, convocatorias, eventos y la vida de nuestra comunidad.",
        search_description="Noticias de Lumino: cursos, becas, eventos y comunidad.",
    )


def body_for(number, headline):
    rng = random.Random(number)
    blocks = [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in rng.sample(PARAGRAPHS, 2)]
    blocks.insert(1, {"type": "heading", "value": {"text": "Qué cambia a partir de ahora", "level": "h2"}})
    if number % 3 == 0:
        quote, who = QUOTES[number % len(QUOTES)]
        blocks.append({"type": "quote", "value": {"quote": quote, "attribution": who}})
    if number % 4 == 1:
        blocks.append(
            {
                "type": "callout",
                "value": {
                    "kind": "tip",
                    "title": "Fechas importantes",
                    "text": "<p>La inscripción cierra diez días antes del inicio o al completarse las plazas.</p>",
                },
            }
        )
    return blocks


def seed(context, count=None):
    count = ITEMS_PER_SCALE * context.scale if count is None else count
    index = news_index(context.home)
    existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    # Only staff may sign news; with DEBUG off the demo administrator is not staff (home/demo.py).
    candidates = [context.people.get(name) for name in ("editor", "manager", "mentor", "admin")]
    people = [person.pk for person in candidates if person]
    staff = set(staff_people().filter(pk__in=people).values_list("pk", flat=True))
    authors = [person for person in candidates if person and person.pk in staff] or [None]
    images = [demo_image(title, (1200, 675), color) for title, color in IMAGES]
    today = timezone.localdate()
    for number in range(count):
        headline, tags = HEADLINES[number % len(HEADLINES)]
        edition = number // len(HEADLINES)
        title = headline if edition == 0 else f"{headline} (edición {edition + 1})"
        slug = f"noticia-{number + 1:04d}"
        if slug in existing:
            continue
        date = today - datetime.timedelta(days=(number * 730) // max(count, 1) + number % 3)
        published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))
        page = NewsPage(
            title=title,
            slug=slug,
            date=date,
            author=authors[number % len(authors)],
            author_name="Equipo de comunicación" if number % 7 == 3 else "",
            intro=LEADS[number % len(LEADS)],
            lead_image=images[number % len(images)],
            lead_image_alt="",
            body=body_for(number, headline),
            first_published_at=published,
            last_published_at=published,
        )
        page.tags.add(*tags)
        index.add_child(instance=page)
        publish(page)
        NewsPage.objects.filter(pk=page.pk).update(last_published_at=published)
        if number % MEMBERS_ONLY_EVERY == MEMBERS_ONLY_EVERY - 1:
            PageViewRestriction.objects.get_or_create(page=page, restriction_type=PageViewRestriction.LOGIN)
    feature_on_home(context.home, NewsPage)
