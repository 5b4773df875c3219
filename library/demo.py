"""Demo library: /biblioteca/ with categories and 100 × scale articles in Spanish.

A handful of small PDFs and Word files are generated in memory and shared by many articles;
their text is extracted inline (no task per file) before the articles are created, so the
articles' attachment text is searchable at once. About one article in ten is members-only,
and its documents live in the "Solo miembros" collection, which requires a login.
Idempotent: categories, documents and articles are looked up by slug or title first.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.demo import demo_image, feature_on_home, index_page, publish

from .demo_bulk import insert_articles
from .demo_content import CATEGORIES, CODE, PARAGRAPHS, TAGS, TITLES
from .demo_files import GUIDES, make_docx, make_pdf
from .models import (
    Category,
    ExtractionStatus,
    LibraryArticlePage,
    LibraryAttachment,
    LibraryDocument,
    LibraryIndexPage,
)
from .services import extract_document

ARTICLES_PER_SCALE = 100
# Above this scale the articles are inserted in bulk (demo_bulk.py): 50,000 take minutes, not hours.
BULK_ABOVE_SCALE = 100
MEMBERS_ONLY_EVERY = 10
LEVELS = ["beginner", "intermediate", "advanced"]
COLORS = ["#1f4fd1", "#146c43", "#8a5300", "#4b2a99", "#b42318", "#0f766e", "#1d2433"]


def library_index(home):
    return index_page(
        home,
        LibraryIndexPage,
        slug="biblioteca",
        title="Biblioteca",
        show_in_menus=True,
        intro="Artículos, guías y chuletas técnicas escritas por nuestro equipo docente, de nivel inicial a avanzado.",
        search_description=(
            "Biblioteca técnica de Lumino: Python, Django, bases de datos, redes, seguridad, DevOps e IA."
        ),
    )


def seed_categories():
    categories = {}
    for slug, name, parent, description, _guide, _language in CATEGORIES:
        category, _created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "parent": categories.get(parent)}
        )
        categories[slug] = category
    return categories


def collection(name, parent=None):
    parent = parent or Collection.get_first_root_node()
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(name=name)


def document(title, filename, data, in_collection):
    doc = LibraryDocument.objects.filter(title=title).first()
    if doc is None:
        doc = LibraryDocument(title=title, collection=in_collection)
        doc.file.save(filename, ContentFile(data), save=False)
        doc._set_document_file_metadata()
        doc.save()
    if doc.extraction_status != ExtractionStatus.DONE:
        extract_document(document_id=doc.pk, force=True)
    return doc


def seed_documents():
    """Public and members-only PDFs per guide, plus two Word files: {guide: {kind: document}}."""
    public, members = collection("Biblioteca"), collection("Solo miembros")
    CollectionViewRestriction.objects.get_or_create(
        collection=members, restriction_type=CollectionViewRestriction.LOGIN
    )
    docs = {}
    for key, (title, points) in GUIDES.items():
        docs[key] = {
            "pdf": document(title, f"{key}.pdf", make_pdf(title, points, pages=2), public),
            "members": document(
                f"{title} · material para miembros",
                f"{key}-miembros.pdf",
                make_pdf(f"{title} (ejercicios resueltos)", [f"Solución comentada: {p}" for p in points]),
                members,
            ),
        }
    for key in ("python", "django"):
        title = f"Plantilla de ejercicios de {key.capitalize()}"
        docs[key]["docx"] = document(title, f"ejercicios-{key}.docx", make_docx(title, GUIDES[key][1]), public)
    return docs


def body_for(number, title, language):
    table = {
        "data": [
            ["Paso", "Qué haces", "Por qué"],
            ["1", "Medir", "Saber dónde está el problema"],
            ["2", "Cambiar", "Una sola cosa cada vez"],
            ["3", "Comprobar", "Que mejora y no rompe nada"],
        ],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_header_choice": "row",
        "table_caption": "Método de trabajo",
    }
    blocks = [
        {"type": "paragraph", "value": f"<p>{PARAGRAPHS[number % len(PARAGRAPHS)]}</p>"},
        {"type": "heading", "value": {"text": "Un ejemplo práctico", "level": "h2"}},
        {"type": "code", "value": {"language": language, "code": CODE[language], "caption": title}},
        {"type": "paragraph", "value": f"<p>{PARAGRAPHS[(number + 1) % len(PARAGRAPHS)]}</p>"},
    ]
    if number % 2 == 0:
        blocks.append({"type": "table", "value": table})
    kind = ["tip", "info", "warning"][number % 3]
    blocks.append(
        {
            "type": "callout",
            "value": {
                "kind": kind,
                "title": "A tener en cuenta",
                "text": f"<p>{PARAGRAPHS[(number + 2) % len(PARAGRAPHS)]}</p>",
            },
        }
    )
    if number % 4 == 0:
        blocks.append(
            {
                "type": "exercise",
                "value": {
                    "title": "Ponlo en práctica",
                    "prompt": "<p>Adapta el ejemplo a un caso de tu propio trabajo y anota qué cambia.</p>",
                    "solution": "<p>No hay una única respuesta: compara tu versión con la del ejemplo.</p>",
                    "solution_language": language,
                    "solution_code": CODE[language],
                },
            }
        )
    blocks.append(
        {
            "type": "key_points",
            "value": {
                "title": "En resumen",
                "points": ["Empieza por lo pequeño.", "Mide antes y después.", "Documenta la decisión."],
            },
        }
    )
    return blocks


def article_plan(count):
    """(category slug, title) for each article number, cycling through the topics."""
    topics = [(slug, title) for slug, titles in TITLES.items() for title in titles]
    for number in range(count):
        slug, title = topics[number % len(topics)]
        part = number // len(topics)
        yield number, slug, title if part == 0 else f"{title} (parte {part + 1})"


def seed(context, count=None):
    scale = context.library_scale or context.scale
    count = ARTICLES_PER_SCALE * scale if count is None else count
    index = library_index(context.home)
    categories = seed_categories()
    docs = seed_documents()
    existing = set(LibraryArticlePage.objects.child_of(index).values_list("slug", flat=True))
    writers = [context.people.get(name) for name in ("editor", "mentor", "manager", "admin")]
    writers = [person for person in writers if person]
    images = {
        slug: demo_image(f"Biblioteca · {name}", (1200, 630), COLORS[n % len(COLORS)])
        for n, (slug, name, *_rest) in enumerate(CATEGORIES)
    }
    build = ArticleBuilder(categories, docs, writers, images, timezone.localdate())
    missing = (
        (number, category_slug, title)
        for number, category_slug, title in article_plan(count)
        if article_slug(number) not in existing
    )
    if scale > BULK_ABOVE_SCALE:
        created = insert_articles(index, (build(*planned) for planned in missing))
        context.report(f"  library: {created} articles inserted in bulk")
    else:
        for planned in missing:
            page, members_only = build(*planned)
            index.add_child(instance=page)
            publish(page)
            if members_only:
                PageViewRestriction.objects.get_or_create(page=page, restriction_type=PageViewRestriction.LOGIN)
    feature_on_home(context.home, LibraryArticlePage)


def article_slug(number):
    return f"articulo-{number + 1:04d}"


class ArticleBuilder:
    """Builds article number N, unsaved, with its tags, authors and attachments in memory:
    (page, whether it is members-only)."""

    def __init__(self, categories, docs, writers, images, today):
        self.categories, self.docs, self.writers, self.images, self.today = categories, docs, writers, images, today
        self.guides = {slug: guide for slug, _n, _p, _d, guide, _l in CATEGORIES}
        self.languages = {slug: language for slug, _n, _p, _d, _g, language in CATEGORIES}

    def __call__(self, number, category_slug, title):
        members_only = number % MEMBERS_ONLY_EVERY == MEMBERS_ONLY_EVERY - 1
        page = LibraryArticlePage(
            title=title,
            slug=article_slug(number),
            date=self.today - datetime.timedelta(days=(number * 7) % 700),
            intro=f"{title}: una explicación clara con un ejemplo, errores habituales y un resumen para llevar.",
            category=self.categories[category_slug],
            og_image=self.images[category_slug],
            level=LEVELS[number % len(LEVELS)],
            body=body_for(number, title, self.languages[category_slug]),
        )
        page.tags.add(*TAGS[category_slug][: 2 + number % 2])
        writers = self.writers
        if writers:
            page.authors = [
                writers[number % len(writers)],
                *([writers[(number + 1) % len(writers)]] if number % 5 == 0 else []),
            ]
        guide = self.docs.get(self.guides[category_slug], {})
        if members_only and "members" in guide:
            page.attachments.add(LibraryAttachment(document=guide["members"], title="Ejercicios resueltos (PDF)"))
        elif number % 5 < 3 and "pdf" in guide:
            page.attachments.add(LibraryAttachment(document=guide["pdf"]))
        if not members_only and number % 10 == 3 and "docx" in guide:
            page.attachments.add(LibraryAttachment(document=guide["docx"]))
        return page, members_only
