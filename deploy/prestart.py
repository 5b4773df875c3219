"""Wait until the database answers, then run migrations if LUMINO_MIGRATE=1.

Run by deploy/entrypoint.sh before the container's command. On PostgreSQL the migration runs
under an advisory lock, so several web replicas starting together migrate one after another
instead of racing on the same tables.
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, when run as deploy/prestart.py

MIGRATION_LOCK_ID = 7_301_955  # any constant shared by every replica


def wait_for_database(connection, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection.ensure_connection()
            return
        except Exception as exc:  # noqa: BLE001 - any failure means "not yet"; the last one is reported
            if time.monotonic() > deadline:
                sys.exit(f"The database did not answer within {seconds}s: {exc}")
            print(f"Waiting for the database ({type(exc).__name__})...", flush=True)  # noqa: T201
            time.sleep(2)
            connection.close()


def migrate(connection):
    from django.core.management import call_command

    if connection.vendor != "postgresql":
        call_command("migrate", interactive=False)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_ID])
        try:
            call_command("migrate", interactive=False)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_ID])


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
    django.setup()
    from django.db import connection

    wait_for_database(connection, int(os.environ.get("DB_WAIT_SECONDS", "60")))
    if os.environ.get("LUMINO_MIGRATE") == "1":
        migrate(connection)
    connection.close()


if __name__ == "__main__":
    main()
