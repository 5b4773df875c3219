"""One row of the workbook checked and turned into ticket fields, every problem named with its column and fix.

Lookups (people, queues, categories) are loaded once per workbook, in bulk, so validating 10,000
rows runs a handful of queries.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role

from ..models import Category, Queue, Ticket
from ..services.common import normalise
from .columns import BY_KEY, IMPACTS, KINDS, PRIORITIES, STATUSES

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
SPANISH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
FORMULA_QUOTE = ("'=", "'+", "'-", "'@")
MAX_TAGS = 10
CHUNK = 900  # stays under SQLite's limit of variables per query
Status = Ticket.Status


@dataclass
class Lookups:
    people: dict = field(default_factory=dict)  # lower-case e-mail → user
    agent_ids: set = field(default_factory=set)
    queue_agents: dict = field(default_factory=dict)  # queue id → {user ids}
    queues: dict = field(default_factory=dict)  # normalised name or slug → queue
    categories: dict = field(default_factory=dict)

    @classmethod
    def load(cls, raw_rows):
        User = get_user_model()
        emails = {
            str(row.values.get(key) or "").strip().lower()
            for row in raw_rows
            for key in ("requester", "assignee")
            if row.values.get(key)
        }
        people = {}
        emails = sorted(emails)
        for start in range(0, len(emails), CHUNK):
            chunk = emails[start : start + CHUNK]
            found = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk, is_active=True)
            people.update({user.email_lower: user for user in found})
        staff_groups = [Role.AGENT.group_name, Role.MANAGER.group_name]
        agent_ids = set(
            User.objects.filter(Q(groups__name__in=staff_groups) | Q(is_superuser=True)).values_list("pk", flat=True)
        )
        supervisors = set(
            User.objects.filter(Q(groups__name=Role.MANAGER.group_name) | Q(is_superuser=True)).values_list(
                "pk", flat=True
            )
        )
        queues, queue_agents = {}, {}
        for queue in Queue.objects.all():
            queues[normalise(queue.name)] = queues[normalise(queue.slug)] = queue
            queue_agents[queue.pk] = set(supervisors)
        for queue_id, user_id in Queue.agents.through.objects.values_list("queue_id", "user_id"):
            queue_agents[queue_id].add(user_id)
        categories = {}
        for category in Category.objects.select_related("default_queue"):
            categories[normalise(category.name)] = categories[normalise(category.slug)] = category
        return cls(people, agent_ids, queue_agents, queues, categories)


def text(value):
    """A cell as text: numbers without ".0", an exported neutralised formula ("'=…") back to its text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value).strip()
    return value[1:] if value.startswith(FORMULA_QUOTE) else value


def parse_date(value):
    """A date cell, or text in ISO (2026-03-15) or Spanish (15/03/2026) order; None when not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    match = ISO_DATE.match(raw)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = SPANISH_DATE.match(raw)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def _choice(values, key, vocabulary, default, errors):
    raw = text(values.get(key))
    if not raw:
        return default
    found = vocabulary.get(normalise(raw))
    if found is None:
        allowed = ", ".join(dict.fromkeys(list(vocabulary)[: len(vocabulary) // 2 + 1]))
        errors.append(
            _("%(column)s: “%(value)s” is not one of the accepted values (%(allowed)s).")
            % {"column": BY_KEY[key].heading, "value": raw[:40], "allowed": allowed}
        )
    return found or default


def clean_row(raw, lookups, today):
    """(fields for a Ticket, errors). Errors are sentences naming the column and the fix."""
    values, errors = raw.values, list(raw.errors)

    def need(key, max_length=None):
        value = text(values.get(key))
        if not value:
            errors.append(_("%(column)s is empty; fill it in.") % {"column": BY_KEY[key].heading})
        elif max_length and len(value) > max_length:
            errors.append(
                _("%(column)s is %(length)s characters long; shorten it to %(max)s.")
                % {"column": BY_KEY[key].heading, "length": len(value), "max": max_length}
            )
        return value

    cleaned = {
        "external_reference": text(values.get("external_reference"))[:100],
        "title": need("title", 200),
        "description": need("description"),
        "kind": _choice(values, "kind", KINDS, Ticket.Kind.INCIDENT, errors),
        "priority": _choice(values, "priority", PRIORITIES, Ticket.Priority.NORMAL, errors),
        "impact": _choice(values, "impact", IMPACTS, Ticket.Impact.LOW, errors),
        "status": _choice(values, "status", STATUSES, Status.NEW, errors),
    }
    email = need("requester").lower()
    cleaned["requester"] = lookups.people.get(email)
    if email and cleaned["requester"] is None:
        errors.append(
            _("Email del solicitante: nobody is registered as %(email)s; register the person first or fix the e-mail.")
            % {"email": email[:100]}
        )
    category_name = text(values.get("category"))
    cleaned["category"] = lookups.categories.get(normalise(category_name)) if category_name else None
    if category_name and cleaned["category"] is None:
        errors.append(
            _("Categoría: there is no category “%(name)s”; use an existing one.") % {"name": category_name[:60]}
        )
    queue_name = text(values.get("queue"))
    queue = lookups.queues.get(normalise(queue_name)) if queue_name else None
    if queue_name and queue is None:
        errors.append(_("Cola: there is no queue “%(name)s”; use an existing one.") % {"name": queue_name[:60]})
    if queue is None and cleaned["category"] is not None:
        queue = cleaned["category"].default_queue
    cleaned["queue"] = queue or lookups.queues.get("general")
    _clean_assignee(values, cleaned, lookups, errors)
    raw_date = values.get("opened_on")
    opened_on = parse_date(raw_date) if text(raw_date) else today
    if opened_on is None:
        errors.append(
            _("Fecha de apertura: “%(value)s” is not a date; write it as AAAA-MM-DD or DD/MM/AAAA, or use a date cell.")
            % {"value": text(raw_date)[:40]}
        )
    elif opened_on > today:
        errors.append(_("Fecha de apertura: %(date)s is in the future.") % {"date": opened_on.isoformat()})
    cleaned["opened_on"] = opened_on or today
    tags = [tag.strip()[:100] for tag in text(values.get("tags")).split(",") if tag.strip()]
    if len(tags) > MAX_TAGS:
        errors.append(_("Etiquetas: at most %(max)s tags per ticket.") % {"max": MAX_TAGS})
    cleaned["tags"] = list(dict.fromkeys(tags))[:MAX_TAGS]
    return cleaned, errors


def _clean_assignee(values, cleaned, lookups, errors):
    email = text(values.get("assignee")).lower()
    cleaned["assignee"] = None
    if email:
        person = lookups.people.get(email)
        queue = cleaned["queue"]
        if person is None or person.pk not in lookups.agent_ids:
            errors.append(_("Asignado a: %(email)s is not an agent; use an agent's e-mail.") % {"email": email[:100]})
        elif queue is not None and person.pk not in lookups.queue_agents.get(queue.pk, ()):
            errors.append(
                _("Asignado a: %(email)s is not an agent of the queue “%(queue)s”.") % {"email": email, "queue": queue}
            )
        else:
            cleaned["assignee"] = person
    if cleaned["status"] in (Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING) and cleaned["assignee"] is None:
        errors.append(_("Estado: a ticket that is being worked on needs “Asignado a”; fill it in or use “nuevo”."))


def opened_at(day):
    """Noon of the opening day in the site's time zone: the same local date wherever it is read."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))
