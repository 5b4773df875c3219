from django.conf import settings
from django.shortcuts import redirect

from allauth.mfa.utils import is_mfa_enabled


class StaffMFAMiddleware:
    """Staff must set up a second factor before they may use the Wagtail admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.LUMINO_REQUIRE_STAFF_MFA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(request.user)
        ):
            return redirect("mfa_index")
        return self.get_response(request)
