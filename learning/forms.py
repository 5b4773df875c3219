import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Certificate
from .models.certificates import CODE_ALPHABET, CODE_LENGTH

CODE_SHAPE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_("The 20 letters and digits printed under the QR code."),
    )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
        if not CODE_SHAPE.match(code):
            raise forms.ValidationError(_("A certificate code has 20 letters and digits; check what you typed."))
        return code


class VisibilityForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["show_name", "show_grade"]


class ScoreImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"), help_text=_("First column “email”, then one column per assessment.")
    )
    dry_run = forms.BooleanField(label=_("Only check, write nothing"), required=False)


class BulkIssueForm(forms.Form):
    only_eligible = forms.BooleanField(label=_("Only learners who finished the course"), required=False, initial=True)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, help_text=_("The holder and the verify page show it."))


class EnrolForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=None, help_text=_("Scheduled and recent sessions, most recent first.")
    )
    email = forms.EmailField(label=_("Member's e-mail"))

    def __init__(self, *args, **kwargs):
        from courses.models import Session

        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.exclude(status=Session.Status.CANCELLED).select_related("course").order_by("-starts_at")
        )

    def clean(self):
        from django.contrib.auth import get_user_model

        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            member = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if member is None:
                self.add_error("email", _("Nobody has an account with this e-mail; ask them to sign up first."))
            cleaned["member"] = member
        return cleaned
