"""A mentor's own record in the admin: her contact data (phone and national id included), areas,
certificates and availability, read-only. Managers edit records in the "Mentors" listing."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import Mentor


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
