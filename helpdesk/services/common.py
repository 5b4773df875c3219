"""Writing helpers shared by the services: the ticket lock, history rows, references, fingerprints."""

import hashlib
import re
import unicodedata
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, ExtractYear, Greatest, Length, LPad
from django.utils import timezone

from portal.audit import audit
from portal.tasks import enqueue_on_commit

from ..access import is_agent
from ..errors import busy_error
from ..models import Queue, Ticket, TicketEvent
from ..tasks import send_ticket_email

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout
WORDS = re.compile(r"[^0-9a-z]+")


def _is_lock_failure(exc):
    if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


@contextmanager
def locked_tickets(*tickets):
    """Open a transaction and lock these tickets' rows (ascending id, short lock timeout).

    Yields fresh copies in the order given. A lock not free in LUMINO_LOCK_TIMEOUT_MS becomes
    BusyError and the transaction is rolled back, so nothing is half-written.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)", [f"{settings.LUMINO_LOCK_TIMEOUT_MS}ms"]
                    )
            ids = sorted({ticket.pk for ticket in tickets})
            rows = Ticket.objects.select_for_update(of=("self",)).select_related("queue", "requester", "assignee")
            fresh = {ticket.pk: ticket for ticket in rows.filter(pk__in=ids).order_by("pk")}
            yield [fresh[ticket.pk] for ticket in tickets]
    except OperationalError as exc:
        if _is_lock_failure(exc):
            raise busy_error() from exc
        raise


def record(ticket, kind, *, by, field="", old="", new="", comment=None, internal=False, now=None):
    """A history row for a change already written; its e-mail (if any) is enqueued after commit."""
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        field=field,
        old_value=str(old)[:255],
        new_value=str(new)[:255],
        by=by,
        comment=comment,
        internal=internal,
        at=now or timezone.now(),
    )
    if kind in TicketEvent.EMAIL_KINDS:
        enqueue_on_commit(send_ticket_email, event.pk)
    if by is not None and by.pk != ticket.requester_id and is_agent(by):
        audit(
            ticket,
            f"helpdesk.ticket.{kind}",
            by=by,
            data={"field": field, "old": str(old)[:255], "new": str(new)[:255], "internal": internal},
        )
    return event


def make_reference(ticket):
    return f"SD-{timezone.localtime(ticket.created_at).year}-{ticket.pk:06d}"


def reference_expression():
    """make_reference in SQL, for many rows at once: the local year of creation and the id, 6 digits or more."""
    number = Cast("id", CharField())
    year = Cast(ExtractYear("created_at"), CharField())
    padded = LPad(number, Greatest(Length(number), Value(6)), Value("0"))
    return Concat(Value("SD-"), year, Value("-"), padded, output_field=CharField())


def normalise(text):
    """Lower case, no accents, words separated by single spaces: "¡Wifi  caída!" → "wifi caida"."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORDS.split(plain)).strip()


def fingerprint(email, title, day):
    """Recognises the same ticket in a later import: requester + normalised title + the day it was opened."""
    key = f"{(email or '').strip().lower()}|{normalise(title)}|{day.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()


def default_queue():
    queue, _created = Queue.objects.get_or_create(slug="general", defaults={"name": "General"})
    return queue
