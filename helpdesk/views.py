"""A member's tickets at /helpdesk/: list, open, follow, answer, reopen, download evidence.

Tickets are looked up through `Ticket.objects.visible_to(user)` by reference: someone else's
ticket is a 404, never a "forbidden" that would confirm it exists. Files are found through
their ticket. The site shows the public conversation only; staff work in the admin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.errors import DomainError
from portal.params import Choice, Number, Text, read_params

from . import services
from .forms import ConfirmForm, ReplyForm, TicketForm
from .models import Attachment, Ticket, TicketEvent

PER_PAGE = 20
STATES = ["open", "closed", "all"]


def _ticket_or_404(request, reference):
    return get_object_or_404(
        Ticket.objects.visible_to(request.user).select_related("queue", "assignee", "category", "merged_into"),
        reference=reference,
    )


def _status(*forms):
    for form in forms:
        if form is not None and form.refusal is not None:
            return form.refusal.status
    return 200


@never_cache
@login_required
def ticket_list(request):
    params = read_params(request.GET, state=Choice(STATES, default="open"), page=Number(default=1))
    mine = Ticket.objects.filter(requester=request.user)
    finished = Q(status__in=Ticket.FINISHED_STATUSES)
    counts = mine.aggregate(all=Count("pk"), closed=Count("pk", filter=finished), open=Count("pk", filter=~finished))
    tickets = mine.select_related("assignee")
    if params["state"] == "open":
        tickets = tickets.open()
    elif params["state"] == "closed":
        tickets = tickets.filter(status__in=Ticket.FINISHED_STATUSES)
    page = Paginator(tickets.order_by("-updated_at", "-pk"), PER_PAGE).get_page(params["page"])
    labels = {"open": _("Open"), "closed": _("Resolved and closed"), "all": _("All")}
    # Only the choices that list something are offered (and the current one, to show where you are).
    states = [(key, labels[key], counts[key]) for key in STATES if counts[key] or key == params["state"]]
    context = {
        "page_obj": page,
        "tickets": page.object_list,
        "state": params["state"],
        "states": states,
        "query_string": f"state={params['state']}",
    }
    return render(request, "helpdesk/ticket_list.html", context)


@never_cache
@login_required
def new_ticket(request):
    form = TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.open_ticket(
                requester=request.user,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                category=data["category"],
                files=data["files"],
            )
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request, _("Ticket %(reference)s is open; we will answer soon.") % {"reference": ticket.reference}
            )
            return redirect("helpdesk:ticket", ticket.reference)
    similar = []
    if form.is_bound:
        similar = services.similar_open_tickets(requester=request.user, text=request.POST.get("title", ""))
    context = {"form": form, "similar": similar}
    return render(request, "helpdesk/ticket_form.html", context, status=_status(form))


@never_cache
@login_required
def similar_tickets(request):
    """The member's open tickets like the title being typed (an HTML fragment for the form's script)."""
    query = read_params(request.GET, q=Text(max_length=200))["q"]
    similar = services.similar_open_tickets(requester=request.user, text=query)
    return render(request, "helpdesk/includes/similar.html", {"similar": similar})


@never_cache
@login_required
def ticket_detail(request, reference):
    ticket = _ticket_or_404(request, reference)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_ticket(
                ticket=ticket, by=request.user, body=form.cleaned_data["body"], files=form.cleaned_data["files"]
            )
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Your reply has been sent."))
            return redirect("helpdesk:ticket", ticket.reference)
    context = {**conversation(ticket, request.user, internal=False), "form": form, "reopen_form": ConfirmForm()}
    return render(request, "helpdesk/ticket_detail.html", context, status=_status(form))


def conversation(ticket, user, *, internal):
    """The ticket's comments (with their files), loose files and history, in a fixed number of queries."""
    comments = ticket.comments.select_related("author").order_by("created_at", "pk")
    files = Attachment.objects.select_related("comment").order_by("created_at", "pk")
    events = TicketEvent.objects.filter(ticket=ticket).select_related("by")
    if not internal:
        comments = comments.filter(internal=False)
        files = files.filter(comment__internal=False) | files.filter(comment__isnull=True)
        events = events.filter(internal=False)
    comments = list(comments.prefetch_related(Prefetch("attachments", queryset=files)))
    loose = list(files.filter(ticket=ticket, comment__isnull=True))
    return {
        "ticket": ticket,
        "comments": comments,
        "loose_files": loose,
        "events": list(events.order_by("at", "pk")),
        "may_reply": ticket.may_reply(user),
        "may_reopen": ticket.may_reopen(user),
    }


@login_required
@require_POST
def reopen(request, reference):
    ticket = _ticket_or_404(request, reference)
    try:
        services.reopen_ticket(ticket=ticket, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The ticket is open again."))
    return redirect("helpdesk:ticket", ticket.reference)


@never_cache
@login_required
def download_attachment(request, reference, attachment_id):
    """Evidence is served only to people who may see the ticket (staff for files of internal notes)."""
    ticket = _ticket_or_404(request, reference)
    attachment = get_object_or_404(ticket.attachments.select_related("comment"), pk=attachment_id)
    if attachment.internal and not ticket.may_see_internal(request.user):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
