"""Forms of the service desk. They check shape only; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Category, ImportJob, Ticket


class RefusalMixin:
    """Shows a service's refusal (TicketError, BusyError) on the field it names, or on the form."""

    refusal = None

    def add_refusal(self, error):
        self.refusal = error
        field = error.field if error.field in self.fields else None
        self.add_error(field, forms.ValidationError(str(error.message), code=error.code))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


FILES_HELP = _("Optional, up to 5 files: PDF, images, text or zip, 10 MB each.")


class TicketForm(RefusalMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you need?"),
        choices=Ticket.Kind.choices,
        initial=Ticket.Kind.INCIDENT,
        widget=forms.RadioSelect,
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("One line that sums it up, e.g. “I cannot open lesson 3”.")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, what you expected, and since when."),
    )
    files = MultipleFileField(label=_("Evidence"), help_text=FILES_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update({"data-similar": "", "autocomplete": "off"})


class ReplyForm(RefusalMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    files = MultipleFileField(label=_("Attach files"), help_text=FILES_HELP)


class ConfirmForm(RefusalMixin, forms.Form):
    """Reopen and other one-button actions: nothing to fill, only the CSRF check."""


class AgentReplyForm(ReplyForm):
    internal = forms.BooleanField(label=_("Internal note (only staff see it)"), required=False, initial=False)


class StatusForm(RefusalMixin, forms.Form):
    status = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class AssignForm(RefusalMixin, forms.Form):
    assignee = AgentChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none())

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agents is not None:
            self.fields["assignee"].queryset = agents


class UpdateForm(RefusalMixin, forms.ModelForm):
    class Meta:
        model = Ticket
        fields = ["kind", "priority", "impact", "category", "queue"]


class MergeForm(RefusalMixin, forms.Form):
    target = forms.CharField(
        label=_("Merge into ticket"),
        max_length=20,
        help_text=_("The reference of the ticket that stays, e.g. SD-2026-000123."),
    )


class ImportForm(RefusalMixin, forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
    on_duplicate = forms.ChoiceField(
        label=_("Tickets that already exist"),
        choices=ImportJob.OnDuplicate.choices,
        initial=ImportJob.OnDuplicate.SKIP,
        widget=forms.RadioSelect,
    )
