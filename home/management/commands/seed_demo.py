"""Create (or bring up to date) the demo site: pages, people and records in Spanish.

Idempotent: running it twice leaves one copy of everything. `--scale N` multiplies the
content for benchmarks. Each app contributes through `<app>/demo.py: seed(context)`.
"""

import time
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import DemoContext, publish_unrevised_pages
from search.indexing import update_stale_objects_now

DEMO_APPS = ["home", "news", "library", "courses", "learning"]


class Command(BaseCommand):
    help = "Create the Spanish-language demo site and its users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the content (1 to 100).")

    def handle(self, *args, scale, **options):
        if not 1 <= scale <= 100:
            raise CommandError("--scale must be between 1 and 100.")
        context = DemoContext(scale=scale, stdout=self.stdout)
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            with transaction.atomic():
                import_module(f"{app}.demo").seed(context)
            self.stdout.write(f"  {app}: done")
        with transaction.atomic():
            publish_unrevised_pages()  # pages seeded by older versions, before they had revisions
        # Search works as soon as this returns, with or without a task worker running.
        started = time.monotonic()
        updated, failed = update_stale_objects_now()
        self.stdout.write(f"  search index: {updated} updated, {failed} failed ({time.monotonic() - started:.1f} s)")
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
