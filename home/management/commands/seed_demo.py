"""Create (or bring up to date) the demo site: pages, people and records in Spanish.

Idempotent: running it twice leaves one copy of everything. `--scale N` multiplies the
content for benchmarks (above 100, only the library's articles: `--scale 500` gives 50,000;
`--library-scale` grows the library alone). Each installed app contributes through
`<app>/demo.py`, in INSTALLED_APPS order: `seed(context)` creates its content (one transaction
per app), then every app's `after_seed(context)` runs (the search app builds its index there, so
search works at once). Last, every image rendition the pages show is made here, inline, so no
visitor's first view waits for one (home/renditions.py); the publishes on the way enqueue none.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import DemoContext, publish_unrevised_pages
from home.renditions import make_all_renditions, renditions_deferred
from portal.contributions import app_modules

# Courses, news, tickets… stop growing here; only the library's articles go on, to MAX_SCALE.
CONTENT_SCALE = 100
MAX_SCALE = 500


class Command(BaseCommand):
    help = "Create the Spanish-language demo site and its users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=(
                f"Multiply the content (1 to {MAX_SCALE}). Above {CONTENT_SCALE} only the library grows "
                f"(100 articles per unit, inserted in bulk: {MAX_SCALE} gives 50,000); courses, news, tickets "
                f"and the rest stay at scale {CONTENT_SCALE}."
            ),
        )
        parser.add_argument(
            "--library-scale",
            type=int,
            help=(
                f"Scale of the library alone (1 to {MAX_SCALE}; default: --scale). `--scale 1 --library-scale 500` "
                "gives 50,000 articles and a small site around them in a few minutes."
            ),
        )

    def handle(self, *args, scale, library_scale=None, **options):
        library_scale = scale if library_scale is None else library_scale
        for name, value in (("--scale", scale), ("--library-scale", library_scale)):
            if not 1 <= value <= MAX_SCALE:
                raise CommandError(f"{name} must be between 1 and {MAX_SCALE}.")
        context = DemoContext(scale=min(scale, CONTENT_SCALE), library_scale=library_scale, stdout=self.stdout)
        with renditions_deferred():
            self.seed(context)
        context.report(f"  image renditions: {make_all_renditions()} made")
        self.stdout.write(self.style.SUCCESS(f"Demo content ready (scale {scale})."))
        if settings.DEBUG:
            self.stdout.write("\nDemo logins (development only):")
            for role, email, password in context.logins:
                self.stdout.write(f"  {role:<18} {email:<28} {password}")
        else:
            self.stdout.write(
                "\nDEBUG is off: the demo people have no usable password and nobody can log in as them. "
                "Create your own administrator with `manage.py createsuperuser`."
            )

    def seed(self, context):
        modules = app_modules("demo", expects=("seed", "after_seed"))
        for module in modules:
            if hasattr(module, "seed"):
                with transaction.atomic():
                    module.seed(context)
                context.report(f"  {module.__name__.split('.')[0]}: done")
        with transaction.atomic():
            publish_unrevised_pages()  # pages seeded by older versions, before they had revisions
        for module in modules:
            if hasattr(module, "after_seed"):
                module.after_seed(context)
