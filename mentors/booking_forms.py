"""Forms for booking and cancelling advisories. They check shape only; the services decide."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.forms import RefusalMixin
from courses.payments import providers_for

from .bookings import TOPIC_LIMIT


class BookingForm(RefusalMixin, forms.Form):
    # The slot's start in UTC, as the page offers it ("2026-02-04T09:00:00Z"); the service checks it is free.
    starts_at = forms.CharField(
        label=_("Time"), max_length=40, error_messages={"required": _("Choose one of the free times.")}
    )
    topic = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=TOPIC_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TOPIC_LIMIT}),
        help_text=_("A sentence or two, so the mentor can prepare."),
        error_messages={"required": _("Tell the mentor in a few words what you would like to talk about.")},
    )

    def __init__(self, *args, mentor, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = [] if mentor.advisory_is_free else providers_for(mentor.advisory_price)
        if self.providers:
            self.fields["provider"] = forms.ChoiceField(
                label=_("Payment method"),
                widget=forms.RadioSelect,
                choices=[(provider.code, provider.label) for provider in self.providers],
                initial=self.providers[0].code,
            )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"].strip()
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise forms.ValidationError(_("Choose one of the free times."), code="invalid") from None
        if moment.tzinfo is None:
            raise forms.ValidationError(_("Choose one of the free times."), code="invalid")
        return moment


class ConfirmForm(RefusalMixin, forms.Form):
    """Cancelling: nothing to fill, only the CSRF check."""
