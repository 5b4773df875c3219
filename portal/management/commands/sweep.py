import time

from django.core.management.base import BaseCommand

from portal.sweeps import run_all


class Command(BaseCommand):
    help = "Re-enqueue work that must happen (pending e-mail, stuck jobs). Use --every to loop."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, every, **options):
        while True:
            for name, result in run_all().items():
                self.stdout.write(f"{name}: {result}")
            if not every:
                return
            time.sleep(every)
