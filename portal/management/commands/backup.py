import datetime
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.backups import BackupError, create_backup, default_filename

logger = logging.getLogger("portal.backups")


def parse_time_of_day(value):
    try:
        return datetime.time.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--daily-at takes a time like 03:00, not {value!r}.") from exc


def seconds_until(moment, now):
    """Seconds from `now` to the next `moment` (a time of day in the site's time zone)."""
    today = timezone.localtime(now)
    target = today.replace(hour=moment.hour, minute=moment.minute, second=0, microsecond=0)
    if target <= today:
        target += datetime.timedelta(days=1)
    return (target - today).total_seconds()


class Command(BaseCommand):
    help = (
        "Back up the database and the media (public and private) to one .tar.gz file; "
        "the database only when media are on S3."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="The file to write, or a folder to write lumino-YYYYmmdd-HHMMSS.tar.gz into (default: BACKUP_DIR).",
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="Afterwards, delete all but the newest N backups in that folder."
        )
        parser.add_argument(
            "--daily-at",
            type=parse_time_of_day,
            help="Keep running and back up every day at this time (HH:MM, site time zone): the compose schedule.",
        )

    def handle(self, *args, path, keep, daily_at, **options):
        if daily_at is None:
            self.back_up(path, keep)
            return
        while True:
            time.sleep(seconds_until(daily_at, timezone.now()))
            try:
                self.back_up(path, keep)
            except CommandError as exc:
                # The next day's run tries again; the failure is logged where alerts look.
                logger.error("Scheduled backup failed: %s", exc)

    def back_up(self, path, keep):
        target = Path(path or settings.BACKUP_DIR)
        if target.is_dir() or path is None or not target.name.endswith(".tar.gz"):
            target = target / default_filename()
        try:
            manifest = create_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = target.stat().st_size / 1_000_000
        self.stdout.write(f"Backup written to {target} ({size:.1f} MB, {manifest['engine']}).")
        if not manifest["media"]["included"]:
            self.stdout.write(f"Media files are NOT in this backup: {manifest['media']['reason']}.")
        if keep > 0:
            backups = sorted(target.parent.glob("lumino-*.tar.gz"), key=lambda item: item.stat().st_mtime)
            for old in backups[:-keep]:
                old.unlink()
                self.stdout.write(f"Deleted the older backup {old.name}.")
