"""`manage.py backup` and `restore`: a round trip on the database in use (SQLite or PostgreSQL)
brings back rows and media exactly, and a bad file changes nothing."""

import datetime
import io
import json
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TransactionTestCase

from portal.backups import DUMPS, MANIFEST, engine_name

User = get_user_model()


class BackupRoundTripTests(TransactionTestCase):
    serialized_rollback = True  # the restore replaces every table: give the next tests theirs back

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="lumino-backup-test-"))
        self.public = Path(settings.MEDIA_ROOT) / "backup-test" / "photo.txt"
        self.private = Path(settings.PRIVATE_MEDIA_ROOT) / "backup-test" / "evidence.txt"
        for path, text in ((self.public, "public v1"), (self.private, "private v1")):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def backup(self):
        out = io.StringIO()
        call_command("backup", str(self.folder), stdout=out)
        (archive,) = self.folder.glob("lumino-*.tar.gz")
        self.assertIn("Backup written to", out.getvalue())
        return archive

    def test_restore_brings_back_rows_and_files_as_they_were(self):
        User.objects.create_user("ana", email="ana@example.com", password="x-Secret-123", first_name="Ana")
        archive = self.backup()

        User.objects.filter(email="ana@example.com").delete()
        User.objects.create_user("later", email="later@example.com", password="x-Secret-123")
        self.public.write_text("public v2")
        self.private.unlink()
        stray = self.public.with_name("added-after.txt")
        stray.write_text("not in the backup")

        call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

        self.assertEqual(User.objects.get(email="ana@example.com").first_name, "Ana")
        self.assertFalse(User.objects.filter(email="later@example.com").exists())
        self.assertEqual(self.public.read_text(), "public v1")
        self.assertEqual(self.private.read_text(), "private v1")
        self.assertFalse(stray.exists())

    def test_archive_holds_manifest_dump_and_both_media_folders(self):
        archive = self.backup()
        with tarfile.open(archive) as tar:
            names = set(tar.getnames())
            manifest = json.load(tar.extractfile(MANIFEST))
        self.assertEqual(manifest["engine"], engine_name())
        self.assertIn("accounts.0001_initial", manifest["migrations"])
        self.assertIn(DUMPS[engine_name()], names)
        self.assertIn("media/backup-test/photo.txt", names)
        self.assertIn("private/backup-test/evidence.txt", names)

    def rewrite(self, archive, change):
        """A copy of `archive` with each file member's bytes passed through change(name, data)."""
        copy = self.folder / f"changed-{len(list(self.folder.iterdir()))}.tar.gz"
        with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
            for member in source.getmembers():
                data = None
                if member.isfile():
                    data = change(member.name, source.extractfile(member).read())
                    member.size = len(data)
                target.addfile(member, io.BytesIO(data) if data is not None else None)
        return copy

    def test_a_bad_file_is_refused_and_nothing_changes(self):
        archive = self.backup()
        dump = DUMPS[engine_name()]

        def manifest_with(**changes):
            def change(name, data):
                if name != MANIFEST:
                    return data
                manifest = json.loads(data)
                for key, value in changes.items():
                    manifest[key] = value(manifest[key])
                return json.dumps(manifest).encode()

            return change

        truncated = self.folder / "truncated.tar.gz"
        truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        foreign = self.folder / "other.tar.gz"
        with tarfile.open(foreign, "w:gz") as tar:
            info = tarfile.TarInfo("hello.txt")
            info.size = 2
            tar.addfile(info, io.BytesIO(b"hi"))
        other_engine = {"sqlite": "postgresql", "postgresql": "sqlite"}
        cases = [
            (truncated, "cannot be read as a backup archive"),
            (foreign, "is not a Lumino backup"),
            (self.folder / "missing.tar.gz", "does not exist"),
            (self.rewrite(archive, lambda name, data: data[: len(data) // 3] if name == dump else data), "damaged"),
            (self.rewrite(archive, manifest_with(engine=other_engine.get)), "same database engine"),
            (
                self.rewrite(archive, manifest_with(migrations=lambda names: [*names, "courses.9999_future"])),
                "Upgrade the code first",
            ),
        ]
        User.objects.create_user("keep", email="keep@example.com", password="x-Secret-123")
        self.public.write_text("public v2")
        with (
            self.subTest("not confirmed"),
            mock.patch("builtins.input", return_value="no"),
            self.assertRaisesMessage(CommandError, "nothing was changed"),
        ):
            call_command("restore", str(archive))
        for bad, message in cases:
            with self.subTest(message), self.assertRaisesMessage(CommandError, message):
                call_command("restore", str(bad), "--noinput")
        self.assertTrue(User.objects.filter(email="keep@example.com").exists())
        self.assertEqual(self.public.read_text(), "public v2")


class ScheduleTests(SimpleTestCase):
    def test_the_next_daily_run_is_today_or_tomorrow(self):
        from django.utils import timezone

        from portal.management.commands.backup import parse_time_of_day, seconds_until

        now = timezone.make_aware(datetime.datetime(2026, 11, 30, 2, 30))
        self.assertEqual(seconds_until(parse_time_of_day("03:00"), now), 30 * 60)
        self.assertEqual(seconds_until(parse_time_of_day("02:00"), now), 23.5 * 3600)
        with self.assertRaisesMessage(CommandError, "like 03:00"):
            parse_time_of_day("3 am")
