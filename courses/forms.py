"""Forms for reserving, buying and cancelling. They check shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .payments import providers_for


class RefusalMixin:
    """Shows a service's refusal (ReservationError, BusyError) on the field it names, or on the form."""

    refusal = None

    def add_refusal(self, error):
        self.refusal = error
        field = error.field if error.field in self.fields else None
        self.add_error(field, forms.ValidationError(str(error.message), code=error.code))

    @property
    def offered_position(self):
        """The waiting-list place a "full" refusal offered, to show the "join" button."""
        if self.refusal is not None and self.refusal.code == "full":
            return self.refusal.extra.get("position")
        return None


class ReserveForm(RefusalMixin, forms.Form):
    join_waitlist = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ConfirmForm(RefusalMixin, forms.Form):
    """Cancel, leave the waiting list, cancel an order: nothing to fill, only the CSRF check."""


class ColleagueChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


def provider_choices(course):
    return [(provider.code, provider.label) for provider in providers_for(course.price)]


class OrderForm(RefusalMixin, forms.Form):
    provider = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        choices = provider_choices(course)
        self.fields["provider"].choices = choices
        if choices:
            self.fields["provider"].initial = choices[0][0]


class ColleaguesForm(RefusalMixin, forms.Form):
    members = ColleagueChoiceField(
        label=_("Colleagues"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People of the companies you manage who do not have a place in this session yet."),
        error_messages={"required": _("Choose at least one person to reserve for.")},
    )
    join_waitlist = forms.BooleanField(
        label=_("Put anyone who does not get a seat on the waiting list"), required=False, initial=True
    )

    def __init__(self, *args, colleagues, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = colleagues
        if not course.is_free:
            self.fields["provider"] = forms.ChoiceField(
                label=_("Payment method"),
                widget=forms.RadioSelect,
                choices=provider_choices(course),
                initial=next(iter(provider_choices(course)), ("", ""))[0],
                help_text=_("One order for all the seats, paid by you."),
            )
