"""Demo people, site settings and the home page. Other apps' demo modules build on this."""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.models import Page, Site

from allauth.account.models import EmailAddress
from PIL import Image as PILImage
from PIL import ImageDraw

from accounts.models import User
from accounts.roles import Role
from portal.site_url import site_address

from .models import HomePage, SiteSettings

DEMO_PASSWORD = "lumino-demo-2026"  # noqa: S105 - printed for local demos only

PEOPLE = [
    ("admin", "admin@lumino.example", "Ada", "Administradora", [], True),
    ("editor", "editor@lumino.example", "Elena", "Redactora", [Role.EDITOR], False),
    ("agent", "agente@lumino.example", "Ángel", "Soporte", [Role.AGENT], False),
    ("mentor", "mentor@lumino.example", "Miguel", "Mentor", [Role.MENTOR], False),
    ("manager", "direccion@lumino.example", "Lucía", "Directora", [Role.MANAGER], False),
    ("member", "miembro@lumino.example", "Marta", "Alumna", [Role.MEMBER], False),
    ("company", "empresa@lumino.example", "Carmen", "Responsable", [Role.MEMBER, Role.COMPANY_MANAGER], False),
]
FEATURED_EACH = 3  # the newest pages of each type shown on the home page
HOME_FIELDS = ["title", "hero_title", "hero_text", "hero_cta_label", "search_description", "hero_image_id"]


@dataclass
class DemoContext:
    scale: int = 1  # of every kind of content
    stdout: object = None
    library_scale: int | None = None  # of the library articles, when it goes beyond `scale`
    logins: list = field(default_factory=list)
    people: dict = field(default_factory=dict)

    @property
    def home(self):
        return HomePage.objects.get()

    def report(self, line):
        if self.stdout is not None:
            self.stdout.write(line)


def seed(context):
    # The published password opens the demo accounts in development only; with DEBUG off they
    # exist as authors and learners of the content but nobody can log in as them.
    logins = settings.DEBUG
    for username, email, first, last, roles, superuser in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "first_name": first,
                "last_name": last,
                "is_superuser": superuser and logins,
                "is_staff": superuser and logins,
            },
        )
        if created and logins:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif not logins and (created or user.check_password(DEMO_PASSWORD)):
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=[role.group_name for role in roles]))
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        context.people[username] = user
        if logins:
            context.logins.append((username, user.email, DEMO_PASSWORD))

    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Lumino", slug="inicio", hero_title="")
        Page.get_first_root_node().add_child(instance=home)
    before = [getattr(home, name) for name in HOME_FIELDS]
    home.title = "Lumino"
    home.hero_title = "Formación técnica que se nota en tu trabajo"
    home.hero_text = (
        "Cursos prácticos con mentores en activo, una biblioteca técnica abierta y acompañamiento "
        "hasta que lo apliques en tu proyecto."
    )
    home.hero_cta_label = "Ver los próximos cursos"
    home.search_description = "Lumino: cursos técnicos, biblioteca y mentoría para profesionales y empresas."
    if home.hero_image_id is None:
        home.hero_image = demo_image("Aula de Lumino", (1280, 800), "#1f4fd1")
    if home.live_revision_id is None or before != [getattr(home, name) for name in HOME_FIELDS]:
        publish(home)  # only when something changed, so a second run adds no revision

    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = site_address()
    site.site_name, site.root_page = "Lumino", home
    site.save()
    settings_row = SiteSettings.for_site(site)
    settings_row.tagline = "Aprende, aplica, comparte."
    settings_row.contact_email = "hola@lumino.example"
    settings_row.phone = "+34 910 000 000"
    settings_row.address = "Calle de la Luz 12\n28001 Madrid"
    settings_row.footer_text = "Lumino es un centro de formación técnica para personas y empresas."
    settings_row.save()


def publish(page):
    """Save the page as a revision and publish it, as an editor's "Publish" does: the page gets
    a live revision, so scheduling a change, comparing versions and reverting work on it."""
    page.save_revision().publish()
    return page


def index_page(home, model, *, slug, **fields):
    """The demo's index page of this type under the home page, with these fields: created, or
    brought up to date, and published; a second run adds no revision."""
    index = model.objects.child_of(home).filter(slug=slug).first()
    if index is None:
        index = model(slug=slug, **fields)
        home.add_child(instance=index)
    elif index.live_revision_id and all(getattr(index, name) == value for name, value in fields.items()):
        return index
    for name, value in fields.items():
        setattr(index, name, value)
    return publish(index)


def feature_on_home(home, model, count=FEATURED_EACH):
    """Feature the newest pages of `model` a visitor may find on the home page, after what is
    featured already; publishes only when this type's choice changes, so a second run adds no
    revision."""
    newest = list(
        model.objects.visible_to(None)
        .order_by(f"-{model.search_date_field}", "-pk")
        .values_list("pk", flat=True)[:count]
    )
    ours = set(model.objects.values_list("pk", flat=True))
    current = [block.value.pk for block in home.featured if block.value]
    if [pk for pk in current if pk in ours] == newest:
        return
    home.featured = [{"type": "page", "value": pk} for pk in [*(pk for pk in current if pk not in ours), *newest]]
    publish(home)


def publish_unrevised_pages():
    """Publish a revision of every live page that has none (demo pages seeded by older versions)."""
    unrevised = Page.objects.live().filter(depth__gt=1, live_revision__isnull=True).specific()
    return [publish(page) for page in unrevised]


def demo_image(title, size, color):
    """An image generated on the spot (no files shipped, no network), reused by title."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", size, color)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for step in range(0, width, max(width // 12, 1)):
        draw.line([(step, 0), (step + height // 2, height)], fill="#ffffff", width=max(width // 160, 1))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:60]
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{slug}.png"))
