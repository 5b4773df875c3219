"""Choosing a news item's author: staff only, searched by name or e-mail in a modal.

A plain select would list every account, learners included (their names shown to editors),
and would not scale; the chooser pages through a search instead.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from accounts.roles import staff_q


def staff_people():
    return get_user_model().objects.filter(is_active=True).filter(staff_q())


class StaffSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Name or e-mail")}), required=False
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()[:100]
        if query:
            self.is_searching, self.search_query = True, query
            for word in query.split()[:5]:
                objects = objects.filter(
                    Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
                )
        return objects


class StaffChooseView(ChooseView):
    filter_form_class = StaffSearchForm


class StaffChooseResultsView(ChooseResultsView):
    filter_form_class = StaffSearchForm


class StaffChooserViewSet(ChooserViewSet):
    model = "accounts.User"
    icon = "user"
    choose_one_text = _("Choose an author")
    choose_another_text = _("Choose another author")
    per_page = 20
    register_widget = False  # only the news author uses it; other user fields keep their own widget

    choose_view_class = StaffChooseView
    choose_results_view_class = StaffChooseResultsView

    def get_object_list(self):
        return staff_people().order_by("first_name", "last_name", "email")


staff_chooser_viewset = StaffChooserViewSet("staff_chooser", url_prefix="news/staff-chooser")
