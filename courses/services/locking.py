"""Row locks for the services: sessions first, in id order, with a short lock timeout.

Every service that counts seats takes the session rows here before reading anything, so two
writers for the same session run one after the other. A writer that cannot get the lock in
settings.LUMINO_LOCK_TIMEOUT_MS gets BusyError ("try again") instead of hanging.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

from ..errors import busy_error
from ..models import Session

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout


def is_lock_failure(exc):
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    # SQLite: another writer held the database for the whole busy timeout.
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


@contextmanager
def locked_sessions(session_ids):
    """Open a transaction and lock these sessions (select_for_update, ascending id).

    Yields {id: Session}. Lock failures anywhere inside the block become BusyError; the
    transaction is rolled back, so nothing is half-written.
    """
    ids = sorted(set(session_ids))
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # is_local=true: the timeout ends with this transaction.
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)", [f"{settings.LUMINO_LOCK_TIMEOUT_MS}ms"]
                    )
            # of=("self",): lock the session rows only, not the joined course pages editors work on.
            rows = Session.objects.select_for_update(of=("self",)).select_related("course").filter(pk__in=ids)
            yield {session.pk: session for session in rows.order_by("pk")}
    except OperationalError as exc:
        if is_lock_failure(exc):
            raise busy_error() from exc
        raise


@contextmanager
def locked_session(session):
    with locked_sessions([session.pk]) as sessions:
        yield sessions[session.pk]
