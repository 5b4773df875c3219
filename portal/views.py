"""Error pages: JSON under /api/, HTML elsewhere."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache

from .api import error_body
from .i18n import set_language_cookie


def _wants_json(request):
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    if _wants_json(request):
        return JsonResponse(error_body(404), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _wants_json(request):
        return JsonResponse(error_body(500), status=500)
    return defaults.server_error(request)


def permission_denied(request, exception):
    if _wants_json(request):
        return JsonResponse(error_body(403), status=403)
    return defaults.permission_denied(request, exception)


def bad_request(request, exception):
    if _wants_json(request):
        return JsonResponse(error_body(400), status=400)
    return defaults.bad_request(request, exception)


@never_cache
def switch_language(request, code):
    """Set the language cookie and go back. A GET link, so cached pages carry no CSRF token.

    Never cached: a shared cache must not hand one person's cookie to the next. `next` may
    only point at this site.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return set_language_cookie(HttpResponseRedirect(next_url), code)
