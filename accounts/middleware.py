from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

# The back offices: the Wagtail admin and, when enabled, Django's own.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Reachable without a second factor, so staff can still leave (the MFA pages live under /accounts/).
MFA_EXEMPT_PATHS = ("/admin/logout/", "/django-admin/logout/")
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def _is_admin_path(request):
    # path_info: `path` carries the SCRIPT_NAME prefix of a portal mounted under /portal/ or the like.
    return request.path_info.startswith(ADMIN_PREFIXES)


class AdminAccessMiddleware:
    """A logged-in person without admin access gets "403" at /admin/ instead of the login page.

    Wagtail would redirect them to the login page, which (because they are logged in)
    sends them straight back to ?next=/admin/: a redirect loop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            _is_admin_path(request)
            and request.user.is_authenticated
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            raise PermissionDenied
        return self.get_response(request)


class StaffMFAMiddleware:
    """Staff must set up a second factor before they may use the admin.

    Only admin paths are guarded; allauth's MFA set-up pages (/accounts/2fa/…) and log-out stay
    reachable, so the redirect can never loop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.LUMINO_REQUIRE_STAFF_MFA
            and _is_admin_path(request)
            and not request.path_info.startswith(MFA_EXEMPT_PATHS)
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(request.user, SECOND_FACTORS)
        ):
            messages.warning(request, _("Set up two-factor authentication before you use the admin."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class MemberCsrfCookieMiddleware:
    """A logged-in person has a CSRF cookie before a page's personal fragments load.

    A page's personal parts (the account menu with its log-out form, a booking form) arrive as
    fragments fetched at the same time. With no CSRF cookie yet (a session that outlived it), each
    answer would make a new secret, the browser would keep whichever came last, and the other
    form would be refused ("CSRF token incorrect"). Asking for the token on the page itself sets
    the cookie once, before the fragments are fetched. Visitors are left alone: a cookie would
    make their pages private and uncacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.user.is_authenticated:
            get_token(request)
        return self.get_response(request)
