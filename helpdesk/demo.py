"""Demo service desk: three queues, five categories and 50 × scale tickets in every state.

Tickets go through the services (assign, reply, note, move, resolve, close, merge), so they carry
a real history. Each demo ticket has an external reference DEMO-0001…, so a second run creates
nothing new. The demo's events are marked as notified: seeding sends no e-mail.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role

from . import services
from .models import Category, Queue, Ticket, TicketEvent
from .sla import due_date

QUEUES = [("soporte", "Soporte técnico"), ("secretaria", "Secretaría académica"), ("facturacion", "Facturación")]
CATEGORIES = [
    ("acceso", "Acceso y cuenta", "soporte"),
    ("plataforma", "Plataforma de cursos", "soporte"),
    ("certificados", "Certificados", "secretaria"),
    ("matricula", "Matrícula y reservas", "secretaria"),
    ("pagos", "Pagos y facturas", "facturacion"),
]
TICKETS = [
    (
        "acceso",
        "incident",
        "No puedo iniciar sesión",
        "Al entrar con mi correo me dice que la contraseña no es válida.",
    ),
    ("acceso", "request", "Cambiar el correo de mi cuenta", "Quiero usar mi correo del trabajo en lugar del personal."),
    (
        "plataforma",
        "incident",
        "El vídeo de la lección 3 no carga",
        "Se queda en negro; he probado con dos navegadores.",
    ),
    ("plataforma", "incident", "No se guarda mi progreso", "Termino las lecciones pero siguen apareciendo sin hacer."),
    ("plataforma", "request", "Descargar los materiales en PDF", "¿Se pueden descargar las diapositivas del módulo 2?"),
    (
        "certificados",
        "incident",
        "Mi certificado tiene el nombre mal",
        "Falta la tilde de mi apellido en el certificado.",
    ),
    (
        "certificados",
        "request",
        "Certificado en inglés",
        "Necesito el certificado del curso en inglés para mi empresa.",
    ),
    ("matricula", "request", "Cambiar de sesión", "Me apunté a la sesión de marzo y quiero pasar a la de abril."),
    ("matricula", "incident", "La reserva no aparece en Mi Lumino", "Recibí el correo de confirmación pero no la veo."),
    ("pagos", "request", "Factura a nombre de la empresa", "Necesito la factura con el CIF de mi empresa."),
    ("pagos", "incident", "Me han cobrado dos veces", "En el extracto aparecen dos cargos del mismo pedido."),
]
PRIORITIES = ["normal", "high", "low", "urgent", "normal"]
IMPACTS = ["low", "medium", "high", "low"]
TAGS = [["acceso"], ["vídeo", "navegador"], [], ["certificado"], ["factura"], []]
PER_SCALE = 54
# The path each demo ticket takes, by its number modulo the list's length.
PATHS = [
    [],
    ["assign"],
    ["assign", "in_progress", "reply"],
    ["assign", "in_progress", "reply", "waiting"],
    ["assign", "note", "in_progress", "reply", "resolved"],
    ["assign", "in_progress", "reply", "resolved", "closed"],
    ["assign", "in_progress", "note", "reply", "requester_reply"],
    ["assign", "waiting", "requester_reply"],
    ["assign", "in_progress", "resolved", "reopen"],
]


def seed(context):
    agent = context.people.get("agent")
    manager = context.people.get("manager")
    queues = {slug: Queue.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in QUEUES}
    if agent is not None:
        for queue in queues.values():
            queue.agents.add(agent)
    categories = {
        slug: Category.objects.get_or_create(slug=slug, defaults={"name": name, "default_queue": queues[queue]})[0]
        for slug, name, queue in CATEGORIES
    }
    requesters = _requesters(context)
    if not requesters or agent is None:
        return
    existing = set(
        Ticket.objects.filter(external_reference__startswith="DEMO-").values_list("external_reference", flat=True)
    )
    now = timezone.now()
    created = []
    for number in range(1, PER_SCALE * context.scale + 1):
        reference = f"DEMO-{number:04d}"
        if reference in existing:
            continue
        created.append(_ticket(number, reference, requesters, categories, agent, now))
    _merge_one(created, agent)
    if manager is not None and created:
        services.reply_to_ticket(
            ticket=created[0], by=manager, body="Revisad este caso con prioridad, por favor.", internal=True
        )
    TicketEvent.objects.filter(ticket__in=created, notified_at__isnull=True).update(notified_at=now)


def _requesters(context):
    people = [context.people[name] for name in ("member", "company") if name in context.people]
    others = get_user_model().objects.filter(
        Q(groups__name=Role.MEMBER.group_name) | Q(username__startswith="acme-"), is_active=True
    )
    people += [person for person in others.distinct().order_by("pk")[:8] if person not in people]
    return people


def _ticket(number, reference, requesters, categories, agent, now):
    category, kind, title, description = TICKETS[number % len(TICKETS)]
    requester = requesters[number % len(requesters)]
    if number > len(TICKETS):
        title = f"{title} ({number})"
    ticket = services.open_ticket(
        requester=requester,
        by=requester,
        kind=kind,
        title=title,
        description=description,
        category=categories[category],
        priority=PRIORITIES[number % len(PRIORITIES)],
        impact=IMPACTS[number % len(IMPACTS)],
        tags=TAGS[number % len(TAGS)],
    )
    # Spread over the last five weeks, so SLA badges show every state.
    opened = now - timedelta(days=(number * 7) % 35, hours=number % 9)
    Ticket.objects.filter(pk=ticket.pk).update(
        external_reference=reference, created_at=opened, due_at=due_date(opened, ticket.priority)
    )
    ticket.refresh_from_db()
    for step in PATHS[number % len(PATHS)]:
        ticket = _step(ticket, step, agent, requester)
    return ticket


def _step(ticket, step, agent, requester):
    if step == "assign":
        return services.assign_ticket(ticket=ticket, assignee=agent, by=agent)
    if step == "reply":
        services.reply_to_ticket(ticket=ticket, by=agent, body="Gracias por avisar. Lo estamos revisando.")
    elif step == "note":
        services.reply_to_ticket(
            ticket=ticket, by=agent, body="Parece relacionado con la última actualización.", internal=True
        )
    elif step == "requester_reply":
        services.reply_to_ticket(ticket=ticket, by=requester, body="Os adjunto más detalles: sigue pasando hoy.")
    elif step == "reopen":
        return services.reopen_ticket(ticket=ticket, by=requester)
    else:
        return services.change_status(ticket=ticket, to=step, by=agent)
    return Ticket.objects.get(pk=ticket.pk)


def _merge_one(created, agent):
    """One duplicate merged into an earlier open ticket of the same requester, to show the merge."""
    open_ones = [ticket for ticket in created if ticket.is_open and ticket.merged_into_id is None]
    for source in open_ones:
        target = next((t for t in open_ones if t.requester_id == source.requester_id and t.pk < source.pk), None)
        if target is not None:
            services.merge_tickets(source=Ticket.objects.get(pk=source.pk), target=target, by=agent)
            return
