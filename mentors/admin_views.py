"""A mentor's own record in the admin: her contact data (phone and national id included), areas,
certificates and availability, read-only; and her availability (with her e-mail and phone) to keep
herself. Managers edit whole records in the "Mentors" listing."""

from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import DeleteView

from portal.errors import DomainError

from .errors import MentorError
from .forms import AvailabilityForms
from .models import Mentor
from .services import save_mentor


class MentorDeleteView(DeleteView):
    """A record with a directory page is kept (the page protects it), with the reason, not a 500:
    Wagtail's own check reads the reference index, which a task may not have updated yet."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            messages.error(request, MentorError("has_page", name=self.object.full_name).message)
            return redirect(reverse("wagtailsnippets_mentors_mentor:list"))


def own_record(user):
    if not user.is_authenticated:
        return None
    return (
        Mentor.objects.filter(user=user).prefetch_related("areas__area", "certificates", "slots", "exceptions").first()
    )


class MyRecordView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "mentors/admin/my_record.html"
    page_title = _("My mentor record")
    header_icon = "user"

    def get_context_data(self, **kwargs):
        mentor = own_record(self.request.user)
        if mentor is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "mentor": mentor}


class MyAvailabilityView(WagtailAdminTemplateMixin, TemplateView):
    """A mentor keeps her own weekly slots, exceptions, e-mail and phone. Only her own record: the
    view never takes a record id. Without a linked record she reads what to do instead."""

    template_name = "mentors/admin/my_availability.html"
    page_title = _("My availability")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("mentors.change_own_availability"):
            raise PermissionDenied
        self.mentor = own_record(request.user)  # hers, found by her account: no id to tamper with
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, forms=None, **kwargs):
        if self.mentor is not None and forms is None:
            forms = AvailabilityForms(self.mentor)
        return super().get_context_data(mentor=self.mentor, forms=forms, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.mentor is None:
            return self.render_to_response(self.get_context_data(), status=400)
        forms = AvailabilityForms(self.mentor, request.POST)
        if forms.is_valid():
            rows = forms.rows()
            try:
                save_mentor(
                    mentor=self.mentor,
                    fields={"email": forms.contact.cleaned_data["email"], "phone": forms.contact.cleaned_data["phone"]},
                    slots=[data for _form, data in rows["slots"]],
                    exceptions=[data for _form, data in rows["exceptions"]],
                    by=request.user,
                )
            except MentorError as exc:
                forms.show_refusal(exc, rows)
            except DomainError as exc:  # busy: nothing was written
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your availability has been saved."))
                return redirect(reverse("mentors_availability:edit"))
        return self.render_to_response(self.get_context_data(forms=forms), status=400)
