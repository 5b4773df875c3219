from django import forms
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from .models import User


class ProfileForm(forms.ModelForm):
    interests = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Interests"),
        help_text=_("We recommend courses on these topics."),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["interests"] = list(self.instance.interests.all())

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            user.interests.set(list(self.cleaned_data["interests"]))
        return user
