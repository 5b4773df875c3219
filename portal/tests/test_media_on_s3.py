"""AWS_STORAGE_BUCKET_NAME moves public and private media to S3; private files stay private, and
a backup says it leaves the media out."""

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, TransactionTestCase, override_settings

from storages.backends.s3 import S3Storage

from portal.backups import MANIFEST, create_backup
from portal.settings.media import s3_media

S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "lumino-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "lumino-private",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.net",
    "AWS_S3_REGION_NAME": "eu-south-2",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret-example",
}
NO_S3 = dict.fromkeys(["AWS_STORAGE_BUCKET_NAME", "AWS_PRIVATE_STORAGE_BUCKET_NAME", "AWS_S3_CUSTOM_DOMAIN"], "")


def settings_in_a_new_process(**environ):
    """STORAGES and the CSP's img-src as portal.settings.base builds them from this environment."""
    script = (
        "import json; from portal.settings import base as s; "
        "print(json.dumps({'storages': s.STORAGES, 'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'],"
        " 'on_s3': s.MEDIA_ON_S3}, default=str))"
    )
    env = {**os.environ, **NO_S3, "DJANGO_SECRET_KEY": "x" * 50, **environ}
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class SettingsSwitchTests(SimpleTestCase):
    def test_without_a_bucket_media_stay_on_the_local_disk(self):
        built = settings_in_a_new_process()
        self.assertFalse(built["on_s3"])
        self.assertEqual(built["storages"]["default"]["BACKEND"], "django.core.files.storage.FileSystemStorage")
        self.assertEqual(built["storages"]["private"]["BACKEND"], "django.core.files.storage.FileSystemStorage")

    def test_a_bucket_moves_public_and_private_media_to_s3(self):
        built = settings_in_a_new_process(**S3_ENV)
        self.assertTrue(built["on_s3"])
        public, private = built["storages"]["default"], built["storages"]["private"]
        self.assertEqual(public["BACKEND"], "storages.backends.s3.S3Storage")
        self.assertEqual(public["OPTIONS"]["bucket_name"], "lumino-media")
        self.assertFalse(public["OPTIONS"]["querystring_auth"])
        self.assertEqual(private["OPTIONS"]["bucket_name"], "lumino-private")
        self.assertEqual(private["OPTIONS"]["default_acl"], "private")
        self.assertTrue(private["OPTIONS"]["querystring_auth"])
        self.assertEqual(built["storages"]["staticfiles"]["BACKEND"].split(".")[0], "whitenoise")
        self.assertIn("https://s3.example.net", built["img_src"])

    def test_a_custom_domain_serves_public_images_but_never_private_files(self):
        with mock.patch.dict(os.environ, {**S3_ENV, "AWS_S3_CUSTOM_DOMAIN": "media.lumino.example"}):
            storages, origins = s3_media()
        self.assertEqual(origins, ["https://media.lumino.example"])
        public = S3Storage(**storages["default"]["OPTIONS"])
        private = S3Storage(**storages["private"]["OPTIONS"])
        self.assertEqual(public.url("images/foto.jpg"), "https://media.lumino.example/media/images/foto.jpg")
        signed = private.url("certificates/c.pdf")
        self.assertTrue(signed.startswith("https://s3.example.net/lumino-private/private/certificates/c.pdf?"), signed)
        self.assertIn("Signature", signed)
        self.assertIn("Expires=300", signed.replace("X-Amz-Expires=300", "Expires=300"))

    def test_private_files_share_the_bucket_under_their_own_prefix_when_no_private_bucket_is_given(self):
        with mock.patch.dict(os.environ, {**S3_ENV, "AWS_PRIVATE_STORAGE_BUCKET_NAME": ""}):
            storages, _origins = s3_media()
        self.assertEqual(storages["private"]["OPTIONS"]["bucket_name"], "lumino-media")
        self.assertEqual(storages["private"]["OPTIONS"]["location"], "private")
        self.assertEqual(storages["default"]["OPTIONS"]["location"], "media")

    def test_a_malformed_endpoint_is_named_at_start_up(self):
        with self.assertRaises(subprocess.CalledProcessError) as refused:
            settings_in_a_new_process(**{**S3_ENV, "AWS_S3_ENDPOINT_URL": "s3.example.net"})
        self.assertIn("AWS_S3_ENDPOINT_URL must be an http(s) address", refused.exception.stderr)


class BackupWithMediaOnS3Tests(TransactionTestCase):
    serialized_rollback = True  # as test_backups.py: later tests find the migrated rows

    def test_the_backup_holds_the_database_only_and_says_so(self):
        storages, _origins = mock.patch.dict(os.environ, S3_ENV)(s3_media)()
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        Path(settings.MEDIA_ROOT, "local.txt").write_text("not on S3")
        with (
            tempfile.TemporaryDirectory() as folder,
            override_settings(MEDIA_ON_S3=True, STORAGES={**settings.STORAGES, **storages}),
        ):
            out = io.StringIO()
            call_command("backup", str(Path(folder, "b.tar.gz")), stdout=out)
            with tarfile.open(Path(folder, "b.tar.gz")) as archive:
                names = archive.getnames()
                manifest = json.load(archive.extractfile(MANIFEST))
        self.assertFalse([name for name in names if name.startswith(("media", "private"))], names)
        self.assertFalse(manifest["media"]["included"])
        self.assertIn("lumino-media", manifest["media"]["reason"])
        self.assertIn("Media files are NOT in this backup", out.getvalue())

    def test_on_local_disk_the_manifest_says_the_media_are_included(self):
        with tempfile.TemporaryDirectory() as folder:
            manifest = create_backup(Path(folder, "b.tar.gz"))
        self.assertEqual(manifest["media"], {"included": True, "reason": ""})
