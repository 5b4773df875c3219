"""The site's URLs plus the trivial view every page is compared with (benchmarks only)."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """What the same stack (every middleware, no template, no query) serves at most."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("portal.urls"))]
