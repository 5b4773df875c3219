"""Security headers Django sets on its own responses (nginx adds nothing for proxied pages).

- ContentSecurityPolicyMiddleware: django-csp's middleware, with the admin's own policy.
- PrivateAPIResponseMiddleware: API answers meant for one person are never stored by a cache.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from csp.middleware import CSPMiddleware


def is_admin_path(request):
    return request.path_info.startswith(settings.LUMINO_ADMIN_PATH_PREFIX)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's policy (CONTENT_SECURITY_POLICY) everywhere, and under the Wagtail admin the
    slightly looser LUMINO_ADMIN_CONTENT_SECURITY_POLICY (see the settings for why)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request):
            parts.config = settings.LUMINO_ADMIN_CONTENT_SECURITY_POLICY
        return parts


class PrivateAPIResponseMiddleware:
    """Under /api/, every answer varies with the credentials, and an answer to a signed-in
    client (session or bearer token) or to a token request is `private, no-store`.

    DRF authenticates inside the view and copies the user onto the Django request, so after
    the view `request.user` is the token's owner too.
    """

    API_PREFIX = "/api/"
    ANONYMOUS_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(self.API_PREFIX):
            return response
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if self.is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def is_personal(self, request):
        user = getattr(request, "user", None)
        return (
            "HTTP_AUTHORIZATION" in request.META
            or (user is not None and user.is_authenticated)
            or request.method not in self.ANONYMOUS_SAFE_METHODS
        )
