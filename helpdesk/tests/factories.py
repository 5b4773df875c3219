"""Factories for the service desk: queues, tickets (opened through the service), workbooks built in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from helpdesk import services
from helpdesk.access import forget
from helpdesk.imports.columns import COLUMNS
from helpdesk.models import Category, Queue, Ticket

HEADINGS = [column.heading for column in COLUMNS]


def make_queue(name="Soporte técnico", slug="soporte", agents=()):
    queue, _created = Queue.objects.get_or_create(slug=slug, defaults={"name": name})
    queue.agents.add(*agents)
    for agent in agents:
        forget(agent)
    return queue


def make_category(name="Plataforma", slug="plataforma", queue=None):
    return Category.objects.get_or_create(slug=slug, defaults={"name": name, "default_queue": queue})[0]


def open_ticket(requester, queue, title="No carga el vídeo de la lección 3", **fields):
    fields.setdefault("description", "Se queda en negro al darle a reproducir.")
    return services.open_ticket(requester=requester, by=requester, title=title, queue=queue, **fields)


def assigned_ticket(requester, queue, agent, **fields):
    ticket = open_ticket(requester, queue, **fields)
    return services.assign_ticket(ticket=ticket, assignee=agent, by=agent)


def refresh(ticket):
    return Ticket.objects.select_related("queue", "assignee", "requester").get(pk=ticket.pk)


def row(**values):
    """A data row in template order; unnamed columns are empty."""
    keys = [column.key for column in COLUMNS]
    return [values.get(key) for key in keys]


def workbook_bytes(rows, headings=HEADINGS, merge=None, formula_cell=None):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for values in rows:
        sheet.append(values)
    if merge:
        sheet.merge_cells(merge)
    if formula_cell:
        sheet[formula_cell] = "=1+1"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(data, name="tickets.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
