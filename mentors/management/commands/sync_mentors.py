from django.core.management.base import BaseCommand

from mentors.services import sync_instructors


class Command(BaseCommand):
    help = "Create a mentor record for every instructor (user in the mentor role) who has none (idempotent)."

    def handle(self, *args, **options):
        created = sync_instructors()
        self.stdout.write(f"{len(created)} mentor record(s) created.")
