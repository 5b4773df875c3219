from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, media_in_backup, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the media with those of a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.tar.gz).")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args, path, interactive, **options):
        if interactive:
            answer = input(
                "This replaces EVERY row of the database and every media file with the backup's. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = restore_backup(path)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        media = manifest.get("media", {"included": True})
        if not media["included"]:
            self.stdout.write(f"The database only: the backup holds no media files ({media['reason']}).")
        elif not media_in_backup()["included"]:
            self.stdout.write("The database only: media are on S3 here, so the backup's media files were not restored.")
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}. Run `manage.py migrate` if this code is newer than it."
        )
