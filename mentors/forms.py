"""The mentor's own availability in the admin: contact data, weekly slots and exceptions.

Plain formsets, saved through the same service as the API (mentors/services.py), so the
admin and the API accept and refuse exactly the same timetables.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Weekday
from .errors import MentorError
from .models import AvailabilityException

MAX_ROWS = 70


class ContactForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class RowForm(forms.Form):
    """One row of a table: each input is named by its column's heading for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)


class SlotForm(RowForm):
    weekday = forms.TypedChoiceField(label=_("day of the week"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends_at = forms.TimeField(label=_("until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class ExceptionForm(RowForm):
    kind = forms.ChoiceField(label=_("kind"), choices=AvailabilityException.Kind.choices)
    starts_on = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(
        label=_("until (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        help_text=_("Only you and the managers see it."),
    )


def _formset(form):
    # Two empty rows to fill; saving offers two more (the screen works without JavaScript).
    return forms.formset_factory(form, extra=2, can_delete=True, max_num=MAX_ROWS, validate_max=True)


SlotFormSet = _formset(SlotForm)
ExceptionFormSet = _formset(ExceptionForm)


class AvailabilityForms:
    """The three parts of the screen, bound together; `rows()` are what the mentor kept."""

    def __init__(self, mentor, data=None):
        self.contact = ContactForm(data, prefix="contact", initial={"email": mentor.email, "phone": mentor.phone})
        self.slots = SlotFormSet(
            data,
            prefix="slots",
            initial=[
                {"weekday": slot.weekday, "starts_at": slot.starts_at, "ends_at": slot.ends_at}
                for slot in sorted(mentor.slots.all(), key=lambda slot: (slot.weekday, slot.starts_at))
            ],
        )
        self.exceptions = ExceptionFormSet(
            data,
            prefix="exceptions",
            initial=[
                {"kind": item.kind, "starts_on": item.starts_on, "ends_on": item.ends_on, "note": item.note}
                for item in sorted(mentor.exceptions.all(), key=lambda item: (item.starts_on, item.pk))
            ],
        )

    def is_valid(self):
        return all([self.contact.is_valid(), self.slots.is_valid(), self.exceptions.is_valid()])

    @staticmethod
    def _kept(formset):
        # An empty row left as it was has no cleaned data; a row marked for deletion is dropped.
        return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def rows(self):
        """{"slots": [(form, data)], "exceptions": [(form, data)]} in the order shown."""
        return {
            name: [
                (form, {key: value for key, value in form.cleaned_data.items() if key != "DELETE"})
                for form in self._kept(formset)
            ]
            for name, formset in (("slots", self.slots), ("exceptions", self.exceptions))
        }

    def show_refusal(self, exc: MentorError, rows):
        """Put a refusal of the service on the row it names ("availability.2", "exceptions.0")."""
        name, _dot, index = (exc.field or "").partition(".")
        kind = {"availability": "slots", "exceptions": "exceptions"}.get(name)
        if kind and index.isdigit() and int(index) < len(rows[kind]):
            rows[kind][int(index)][0].add_error(None, exc.message)
        else:
            self.contact.add_error(None, exc.message)
