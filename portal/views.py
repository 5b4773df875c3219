"""Error pages: JSON under /api/, the site's own pages elsewhere."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

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
    # Django's default renders without the request, so the layout would lose its context; an
    # unknown Host header cannot be trusted to build the layout's links, so it gets the bare page.
    trusted = None if isinstance(exception, DisallowedHost) else request
    layout = "base.html" if trusted else "error_standalone.html"
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"layout": layout}, request=trusted))


def csrf_failure(request, reason=""):
    """A form sent without its security token (expired page, cookies blocked): the site's 403."""
    if _wants_json(request):
        return JsonResponse(error_body(403), status=403)
    html = loader.render_to_string("403.html", {"csrf_failed": True}, request=request)
    return HttpResponseForbidden(html)


@csrf_exempt
def api_not_found(request):
    """Any address under /api/ that no endpoint answers, with any method: the JSON 404."""
    message = None
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/", getattr(request, "urlconf", None))
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            message = _("Nothing was found at this address; API addresses end with a slash: %(path)s") % {
                "path": request.path + "/"
            }
    return JsonResponse(error_body(404, message), status=404)


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
