"""Back up the database and the media (public and private) to one file, and restore from it.

A backup is a gzipped tar archive:

    manifest.json     what is inside: format version, database engine, time, applied migrations
    database.pgdump   PostgreSQL: `pg_dump --format=custom` (restored with `pg_restore`)
    database.sqlite3  SQLite: a consistent copy made with SQLite's online backup API
    media/…           MEDIA_ROOT (images, public documents)
    private/…         PRIVATE_MEDIA_ROOT (certificates, ticket evidence, members-only documents)

When media are on S3 (`MEDIA_ON_S3`, portal/settings/media.py) a backup holds the database only:
the manifest says `"media": {"included": false, "reason": …}` and the command prints it. The
object store keeps the files; back its buckets up with its own versioning or replication. A
restore then replaces the database only and leaves the local media folders alone.

Restoring checks the whole archive before it touches anything (manifest, engine, paths, a
readable dump, migrations this code knows), then replaces the database in one transaction
and each media folder by a rename, so a bad file leaves the site as it was.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
# pg_dump and pg_restore of a large database take a while, but never forever.
TOOL_TIMEOUT_SECONDS = 6 * 3600


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def default_filename(now=None):
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return f"lumino-{stamp}.tar.gz"


def engine_name():
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def applied_migrations():
    loader = MigrationLoader(connection)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def media_in_backup():
    """{"included": bool, "reason": …}: whether a backup made here carries the media files."""
    if getattr(settings, "MEDIA_ON_S3", False):
        buckets = sorted({storage["OPTIONS"]["bucket_name"] for storage in _s3_storages()})
        return {
            "included": False,
            "reason": f"media are on S3 (bucket {', '.join(buckets)}); back them up with the object store's "
            "versioning or replication",
        }
    return {"included": True, "reason": ""}


def _s3_storages():
    storages = (settings.STORAGES[name] for name in ("default", "private"))
    return [storage for storage in storages if "bucket_name" in storage.get("OPTIONS", {})]


def create_backup(destination):
    """Write the backup archive to `destination` (a path); returns the manifest written."""
    destination = Path(destination)
    engine = engine_name()
    media = media_in_backup()
    manifest = {
        "format": FORMAT_VERSION,
        "engine": engine,
        "created_at": timezone.now().isoformat(),
        "migrations": applied_migrations(),
        "media": media,
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lumino-backup-") as work:
        dump = Path(work) / DUMPS[engine]
        _dump_database(engine, dump)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for folder, setting in MEDIA_FOLDERS.items() if media["included"] else ():
                root = Path(getattr(settings, setting))
                if root.is_dir():
                    archive.add(root, arcname=folder)
        # A backup that stopped half-way never carries the final name.
        partial.replace(destination)
    return manifest


def restore_backup(source):
    """Replace the database and media with the archive's; refuses (BackupError) before changing anything."""
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="lumino-restore-") as work:
        work = Path(work)
        manifest = _unpack_checked(source, work)
        dump = work / DUMPS[manifest["engine"]]
        _check_dump(manifest["engine"], dump)
        _restore_database(manifest["engine"], dump)
        # Archives older than the "media" entry always carry their media.
        if manifest.get("media", {}).get("included", True) and media_in_backup()["included"]:
            for folder, setting in MEDIA_FOLDERS.items():
                _replace_folder(work / folder, Path(getattr(settings, setting)))
    return manifest


# --- Database -------------------------------------------------------------------------------


def _pg_command(tool, *arguments):
    config = connection.settings_dict
    command = [tool, "--no-password", *arguments]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            command += [option, str(config[key])]
    environment = {**os.environ}
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = config["PASSWORD"]
    return command, environment


def _run(command, environment, what):
    try:
        finished = subprocess.run(  # noqa: S603 (fixed tool, arguments from settings)
            command, env=environment, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools of the server's version."
        ) from exc
    if finished.returncode != 0:
        raise BackupError(f"{what} failed: {finished.stderr.strip() or finished.stdout.strip()}")
    return finished


def _dump_database(engine, target):
    if engine == "postgresql":
        command, environment = _pg_command(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)
        )
        _run([*command, connection.settings_dict["NAME"]], environment, "pg_dump")
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def _check_dump(engine, dump):
    if engine == "postgresql":
        # Reading the whole dump as SQL needs no server: a truncated or foreign file fails here.
        script = dump.with_suffix(".sql")
        try:
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--file", str(script), str(dump)],
                os.environ.copy(),
                "pg_restore",
            )
        except BackupError as exc:
            raise BackupError(f"The database in the backup is damaged: {exc}") from exc
        return
    try:
        with sqlite3.connect(f"file:{dump}?mode=ro", uri=True) as copy:
            result = copy.execute("PRAGMA integrity_check").fetchone()
        copy.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The database in the backup is damaged: {exc}.") from exc
    if result != ("ok",):
        raise BackupError("The database in the backup is damaged: SQLite's integrity check failed.")


def _restore_database(engine, dump):
    if engine == "postgresql":
        # One transaction: the schema is emptied (tables of later migrations too) and the dump's SQL
        # (written by _check_dump) replayed; any error rolls back to the database as it was.
        connection.close()
        preamble = dump.with_name("preamble.sql")
        preamble.write_text("DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n")
        command, environment = _pg_command(
            "psql",
            "--quiet",
            "--single-transaction",
            "--set",
            "ON_ERROR_STOP=1",
            "--dbname",
            connection.settings_dict["NAME"],
            "--file",
            str(preamble),
            "--file",
            str(dump.with_suffix(".sql")),
        )
        _run(command, environment, "Restoring the database")
        return
    connection.ensure_connection()
    with sqlite3.connect(f"file:{dump}?mode=ro", uri=True) as copy:
        # The online backup API replaces the live database's pages as one operation.
        copy.backup(connection.connection)
    copy.close()


# --- Archive --------------------------------------------------------------------------------


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(tz=datetime.UTC).timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _unpack_checked(source, work):
    if not source.is_file():
        raise BackupError(f"{source} does not exist or is not a file.")
    try:
        with tarfile.open(source, "r:gz") as archive:
            names = archive.getnames()
            if MANIFEST not in names:
                raise BackupError(f"{source.name} is not a Lumino backup: it has no {MANIFEST}.")
            # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
            archive.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{source.name} cannot be read as a backup archive ({exc}).") from exc
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except ValueError as exc:
        raise BackupError(f"The manifest of {source.name} is not valid JSON.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not supported (expected {FORMAT_VERSION}).")
    engine = engine_name()
    if manifest.get("engine") != engine:
        raise BackupError(
            f"The backup holds a {manifest.get('engine')} database and this site runs {engine}: "
            "restore it on a site with the same database engine."
        )
    if not (work / DUMPS[engine]).is_file():
        raise BackupError(f"The backup has no {DUMPS[engine]}.")
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of Lumino (migrations this code does not have: "
            f"{', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}). Upgrade the code first."
        )
    return manifest


def _replace_folder(new, target):
    """Put `new` (possibly absent: an empty folder) in place of `target`, keeping `target` until the swap."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}-restoring-", dir=target.parent))
    if new.is_dir():
        shutil.copytree(new, staged, dirs_exist_ok=True)
    old = target.with_name(f".{target.name}-before-restore")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.replace(old)
    staged.replace(target)
    if old.exists():
        shutil.rmtree(old)
