"""A mentor's own record in the admin: her contact data (phone and national id included), areas,
certificates and availability, read-only. Managers edit records in the "Mentors" listing."""

from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import DeleteView

from .errors import MentorError
from .models import Mentor


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
