"""The service desk in the Wagtail admin: the queue listing's export, the ticket work screen, bulk
actions, and the Excel import (upload, preview with progress, import, report).

Tickets change only through the services, so the generic snippet forms never edit them: agents
work a ticket on its own screen, where each form calls one service.
"""

import csv

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView

import django_filters

from accounts.roles import Role
from portal.errors import DomainError

from . import exports, services
from .access import is_agent, is_supervisor
from .forms import AgentReplyForm, AssignForm, ImportForm, MergeForm, StatusForm, UpdateForm
from .imports.service import confirm_import, start_import
from .models import ImportJob, Queue, Ticket
from .views import conversation

REPORT_ROWS_SHOWN = 200


def agents_of(queue):
    """People a ticket of `queue` can be assigned to: the queue's agents and the supervisors."""
    User = get_user_model()
    return (
        User.objects.filter(Q(helpdesk_queues=queue) | Q(groups__name=Role.MANAGER.group_name), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def all_agents():
    User = get_user_model()
    names = [Role.AGENT.group_name, Role.MANAGER.group_name]
    return User.objects.filter(groups__name__in=names, is_active=True).distinct().order_by("first_name", "pk")


class TicketPermissionPolicy(ModelPermissionPolicy):
    """Agents list and export tickets; nobody adds, edits or deletes them through generic forms."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action in ("view", "export"):
            return is_agent(user)
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("add", "change", "delete"):
            return False
        return instance.is_staff_for(user)


class TicketFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Ticket.Status.choices)
    priority = django_filters.MultipleChoiceFilter(label=_("Priority"), choices=Ticket.Priority.choices)
    queue = django_filters.ModelChoiceFilter(label=_("Queue"), queryset=Queue.objects.all())
    assignee = django_filters.ModelChoiceFilter(label=_("Assignee"), queryset=lambda request: all_agents())
    unassigned = django_filters.BooleanFilter(label=_("Unassigned"), field_name="assignee", lookup_expr="isnull")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Ticket
        fields = ["status", "priority", "queue", "assignee", "unassigned", "overdue", "kind"]

    def filter_overdue(self, queryset, name, value):
        overdue = Ticket.objects.overdue()
        return queryset.filter(pk__in=overdue.values("pk")) if value else queryset.exclude(pk__in=overdue.values("pk"))


class SLAColumn(Column):
    cell_template_name = "helpdesk/admin/sla_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), "ticket": instance}


def work_url(ticket):
    return reverse("helpdesk_admin:ticket", args=[ticket.pk])


class TicketIndexView(IndexView):
    """The queues' listing; its XLSX/CSV export writes the import template's columns."""

    def write_xlsx(self, queryset, output):
        exports.write_xlsx(exports.export_queryset(queryset), output)

    def stream_csv(self, queryset):
        yield from exports.csv_lines(exports.export_queryset(queryset).iterator(chunk_size=500))

    def get_filename(self):
        return "tickets"


TICKET_COLUMNS = [
    TitleColumn("reference", label=_("Reference"), get_url=work_url, sort_key="pk"),
    TitleColumn("title", label=_("Title"), get_url=work_url),
    Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
    Column("priority", label=_("Priority"), accessor="get_priority_display", sort_key="priority"),
    Column("assignee", label=_("Assignee")),
    Column("queue", label=_("Queue")),
    SLAColumn("due_at", label=_("SLA"), sort_key="due_at"),
]


class AgentRequiredMixin:
    """Agents only; the header's breadcrumbs end with this screen's title."""

    parent_crumbs = ()

    def dispatch(self, request, *args, **kwargs):
        if not is_agent(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        parents = [{"url": reverse(name), "label": label} for name, label in self.parent_crumbs]
        return [*self.breadcrumbs_items, *parents, {"url": "", "label": self.get_header_title()}]


class TicketWorkView(AgentRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One ticket: conversation with internal notes, history, and a form per action."""

    template_name = "helpdesk/admin/ticket.html"
    header_icon = "help"
    parent_crumbs = (("wagtailsnippets_helpdesk_ticket:list", _("Tickets")),)
    ACTIONS = ("reply", "status", "assign", "take", "update", "merge")

    def get_page_title(self):
        return f"{self.ticket.reference} · {self.ticket.title}"

    def dispatch(self, request, pk):
        if not is_agent(request.user):
            raise PermissionDenied
        visible = Ticket.objects.visible_to(request.user).select_related(
            "requester", "assignee", "queue", "category", "merged_into"
        )
        self.ticket = get_object_or_404(visible, pk=pk)
        return super().dispatch(request, pk)

    def get_forms(self, bound=None, data=None, files=None):
        ticket, user = self.ticket, self.request.user

        def make(name, cls, **kwargs):
            return cls(data if bound == name else None, files if bound == name else None, prefix=name, **kwargs)

        return {
            "reply": make("reply", AgentReplyForm),
            "status": make("status", StatusForm, choices=ticket.allowed_transitions(user)),
            "assign": make("assign", AssignForm, agents=agents_of(ticket.queue), initial={"assignee": ticket.assignee}),
            "update": make("update", UpdateForm, instance=Ticket.objects.get(pk=ticket.pk)),
            "merge": make("merge", MergeForm),
        }

    def get_context_data(self, forms=None, **kwargs):
        ticket, user = self.ticket, self.request.user
        forms = forms or self.get_forms()
        return super().get_context_data(
            **conversation(ticket, user, internal=True),
            forms=forms,
            may_assign=ticket.may_assign(user),
            may_take=ticket.may_assign(user) and ticket.assignee_id != user.pk,
            may_note=ticket.may_add_note(user),
            may_merge=ticket.may_merge(user),
            may_update=ticket.may_merge(user),
            similar=services.similar_open_tickets(requester=ticket.requester, text=ticket.title, exclude=ticket),
            index_url=reverse("wagtailsnippets_helpdesk_ticket:list"),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            return self.render_to_response(self.get_context_data(), status=400)
        forms = self.get_forms(bound=action, data=request.POST, files=request.FILES)
        form = forms.get(action)
        if form is None or form.is_valid():
            try:
                done = self.run(action, form.cleaned_data if form is not None else {})
            except DomainError as exc:
                if form is None:
                    messages.error(request, exc.message)
                    return redirect(work_url(self.ticket))
                form.add_refusal(exc)
            else:
                messages.success(request, done)
                return redirect(work_url(self.ticket))
        status = form.refusal.status if form is not None and form.refusal is not None else 400
        return self.render_to_response(self.get_context_data(forms=forms), status=status)

    def run(self, action, data):
        ticket, user = self.ticket, self.request.user
        if action == "reply":
            services.reply_to_ticket(
                ticket=ticket, by=user, body=data["body"], internal=data["internal"], files=data["files"]
            )
            return _("Internal note added.") if data["internal"] else _("Reply sent to the requester.")
        if action == "status":
            ticket = services.change_status(ticket=ticket, to=data["status"], by=user)
            return _("Ticket moved to “%(status)s”.") % {"status": ticket.get_status_display()}
        if action in ("assign", "take"):
            assignee = user if action == "take" else data["assignee"]
            services.assign_ticket(ticket=ticket, assignee=assignee, by=user)
            return _("Ticket assigned to %(name)s.") % {"name": assignee.get_full_name() or assignee.email}
        if action == "update":
            services.update_ticket(ticket=ticket, by=user, **data)
            return _("Ticket updated.")
        target = Ticket.objects.visible_to(user).filter(reference=data["target"].strip().upper()).first()
        if target is None:
            from .errors import TicketError

            raise TicketError("unknown_ticket", reference=data["target"])
        services.merge_tickets(source=ticket, target=target, by=user)
        self.ticket = target
        return _("Merged into %(reference)s.") % {"reference": target.reference}


class ImportStartView(AgentRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "helpdesk/admin/import_start.html"
    page_title = _("Import tickets")
    header_icon = "upload"

    def get_context_data(self, form=None, **kwargs):
        jobs = ImportJob.objects.filter(created_by=self.request.user).only(
            "pk", "filename", "status", "dry_run", "created_at", "counts"
        )[:10]
        return super().get_context_data(form=form or ImportForm(), jobs=jobs, **kwargs)

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = start_import(
                    upload=form.cleaned_data["file"], by=request.user, on_duplicate=form.cleaned_data["on_duplicate"]
                )
            except DomainError as exc:
                form.add_refusal(exc)
            else:
                return redirect("helpdesk_admin:import_job", job.pk)
        status = form.refusal.status if form.refusal is not None else 400
        return self.render_to_response(self.get_context_data(form=form), status=status)


def _job_or_404(request, pk):
    jobs = ImportJob.objects.all() if is_supervisor(request.user) else ImportJob.objects.filter(created_by=request.user)
    return get_object_or_404(jobs, pk=pk)


class ImportJobView(AgentRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Progress while the task runs (the page refreshes itself), then the preview or the result."""

    template_name = "helpdesk/admin/import_job.html"
    header_icon = "upload"
    parent_crumbs = (("helpdesk_admin:import", _("Import tickets")),)

    def get_page_title(self):
        return _("Import of %(name)s") % {"name": self.job.filename}

    def dispatch(self, request, pk):
        self.job = _job_or_404(request, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        job = self.job
        problems = [entry for entry in job.report if entry["outcome"] == "rejected"]
        return super().get_context_data(
            job=job,
            problems=problems[:REPORT_ROWS_SHOWN],
            more_problems=len(problems) > REPORT_ROWS_SHOWN,
            rows=job.report[:REPORT_ROWS_SHOWN],
            more_rows=len(job.report) > REPORT_ROWS_SHOWN,
            refresh=not job.is_finished,
            **kwargs,
        )

    def post(self, request, pk):
        try:
            confirm_import(job=self.job, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("helpdesk_admin:import_job", self.job.pk)


def import_report(request, pk):
    """The report of an import as CSV: row, outcome, reference, message (formulas neutralised)."""
    if not is_agent(request.user):
        raise PermissionDenied
    job = _job_or_404(request, pk)
    writer = csv.writer(exports._Echo())
    header = [str(_("Row")), str(_("Outcome")), str(_("Reference")), str(_("Message"))]
    lines = ["\ufeff" + writer.writerow(header)]
    lines += [
        writer.writerow(
            [
                entry["row"],
                entry["outcome"],
                exports.neutralise(entry["reference"]),
                exports.neutralise(entry["message"]),
            ]
        )
        for entry in job.report
    ]
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.csv"'
    return response


def import_template(request):
    if not is_agent(request.user):
        raise PermissionDenied
    from io import BytesIO

    output = BytesIO()
    exports.write_template(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename="plantilla-tickets.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class TicketBulkAction(SnippetBulkAction):
    """Runs one service per selected ticket as the current user; reports successes and refusals."""

    template_name = "helpdesk/admin/confirm_bulk_action.html"
    question = ""

    @classproperty
    def models(cls):
        return [Ticket]

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(Ticket.objects.filter(pk__in=object_ids).select_related("queue", "assignee", "requester"))

    def check_perm(self, obj):
        return obj.is_staff_for(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question, "action_label": self.display_name}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        done = 0
        for ticket in objects:
            try:
                view.run(ticket, view.request.user)
                done += 1
            except DomainError as exc:
                messages.error(view.request, f"{ticket.reference}: {exc.message}")
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return None
        return ngettext("%(count)d ticket updated.", "%(count)d tickets updated.", num_parent_objects) % {
            "count": num_parent_objects
        }


class TakeTicketsAction(TicketBulkAction):
    display_name = _("Assign to me")
    action_type = "assign_to_me"
    aria_label = _("Assign the selected tickets to me")
    question = _("Assign these tickets to yourself?")

    def run(self, ticket, user):
        services.assign_ticket(ticket=ticket, assignee=user, by=user)


class BulkAssignForm(AssignForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, agents=all_agents(), **kwargs)


class AssignTicketsAction(TicketBulkAction):
    display_name = _("Assign")
    action_type = "assign"
    aria_label = _("Assign the selected tickets to an agent")
    question = _("Assign these tickets to:")
    form_class = BulkAssignForm

    def run(self, ticket, user):
        services.assign_ticket(ticket=ticket, assignee=self.cleaned_form.cleaned_data["assignee"], by=user)


class CloseTicketsAction(TicketBulkAction):
    display_name = _("Close")
    action_type = "close"
    aria_label = _("Close the selected tickets")
    question = _("Close these tickets? Only resolved tickets can be closed; the others are left as they are.")
    classes = {"serious"}

    def run(self, ticket, user):
        services.change_status(ticket=ticket, to=Ticket.Status.CLOSED, by=user)


BULK_ACTIONS = [TakeTicketsAction, AssignTicketsAction, CloseTicketsAction]
