"""The workbook's columns: the downloadable template, the import and the export all use this list.

Headings are part of the file format (a workbook filled in Spanish imports on an English screen
too), so they are fixed Spanish words; English headings are accepted as well. Values of the
choice columns are written in Spanish and read in Spanish or English.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Ticket
from ..services.common import normalise


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    english: str
    required: bool
    help: str


COLUMNS = [
    Column("external_reference", "Referencia externa", "External reference", False,
           _("Optional. The ticket's id in the other system, or a Lumino reference (SD-…) to match a ticket.")),
    Column("kind", "Tipo", "Type", False, _("incidencia or solicitud (default: incidencia).")),
    Column("title", "Título", "Title", True, _("Required, at most 200 characters.")),
    Column("description", "Descripción", "Description", True, _("Required.")),
    Column("category", "Categoría", "Category", False, _("Optional: the name of an existing category.")),
    Column("priority", "Prioridad", "Priority", False, _("baja, normal, alta or urgente (default: normal).")),
    Column("impact", "Impacto", "Impact", False, _("bajo, medio or alto (default: bajo).")),
    Column("requester", "Email del solicitante", "Requester e-mail", True,
           _("Required: the e-mail of a registered person.")),
    Column("queue", "Cola", "Queue", False, _("Optional: the name of an existing queue (default: the category's).")),
    Column("assignee", "Asignado a", "Assignee", False, _("Optional: the e-mail of an agent of the queue.")),
    Column("status", "Estado", "Status", False,
           _("nuevo, asignado, en curso, esperando, resuelto or cerrado (default: nuevo).")),
    Column("opened_on", "Fecha de apertura", "Opened on", False,
           _("Optional: a date cell, or text as AAAA-MM-DD or DD/MM/AAAA (default: today).")),
    Column("tags", "Etiquetas", "Tags", False, _("Optional: words separated by commas.")),
]  # fmt: skip
BY_KEY = {column.key: column for column in COLUMNS}
HEADINGS = {normalise(heading): column.key for column in COLUMNS for heading in (column.heading, column.english)}

# Spanish words first: that is what the export writes.
KINDS = {"incidencia": Ticket.Kind.INCIDENT, "solicitud": Ticket.Kind.REQUEST, "incident": Ticket.Kind.INCIDENT,
         "request": Ticket.Kind.REQUEST}  # fmt: skip
PRIORITIES = {"baja": "low", "normal": "normal", "alta": "high", "urgente": "urgent", "low": "low", "high": "high",
              "urgent": "urgent"}  # fmt: skip
IMPACTS = {"bajo": "low", "medio": "medium", "alto": "high", "low": "low", "medium": "medium", "high": "high"}
STATUSES = {"nuevo": "new", "asignado": "assigned", "en curso": "in_progress", "esperando": "waiting",
            "resuelto": "resolved", "cerrado": "closed", "new": "new", "assigned": "assigned",
            "in progress": "in_progress", "waiting": "waiting", "resolved": "resolved", "closed": "closed"}  # fmt: skip


def spanish_word(vocabulary, value):
    """The first (Spanish) word of `vocabulary` for a stored value: "high" → "alta"."""
    return next(word for word, stored in vocabulary.items() if stored == value)
