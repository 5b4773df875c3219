"""/api/: version 1 router, JWT endpoints, OpenAPI schema and docs.

Each installed app contributes through its own `api.py` (found by `portal.contributions`): `routes`
(prefix, viewset, basename) for the router and/or `urlpatterns` for plain views.
"""

from django.urls import include, path, re_path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter
from rest_framework_simplejwt.views import TokenBlacklistView, TokenRefreshView

from accounts.jwt import EmailTokenObtainPairView

from .contributions import app_modules
from .metrics_api import MetricsView
from .params import ID_REGEX
from .throttling import AuthRateThrottle
from .views import api_not_found


class Router(DefaultRouter):
    """Object ids in API addresses are numbers the database can hold; anything else is the JSON 404."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") in ("pk", "id") and not hasattr(viewset, "lookup_value_regex"):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or viewset.lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{ID_REGEX})"
        return super().get_lookup_regex(viewset, lookup_prefix)


router = Router()
app_urlpatterns = []
for module in app_modules("api", expects=("routes", "urlpatterns"), exclude=("portal.api",)):
    for prefix, viewset, basename in getattr(module, "routes", []):
        router.register(prefix, viewset, basename=basename)
    app_urlpatterns += getattr(module, "urlpatterns", [])


def token_view(view_class):
    """A token endpoint with its own rate limit per address, on top of the default ones."""
    return view_class.as_view(throttle_classes=[*view_class.throttle_classes, AuthRateThrottle])


v1 = [
    # Obtain with {"email", "password"} (+ "code" for 2FA accounts); see accounts/jwt.py.
    path("auth/token/", token_view(EmailTokenObtainPairView), name="token_obtain_pair"),
    path("auth/token/refresh/", token_view(TokenRefreshView), name="token_refresh"),
    path("auth/token/blacklist/", token_view(TokenBlacklistView), name="token_blacklist"),
    path("metrics/", MetricsView.as_view(), name="metrics"),
    *app_urlpatterns,
    path("", include(router.urls)),
]

# The document describes /api/v1/ only, not the Wagtail admin's internal API.
documented = [path("api/v1/", include((v1, "api"), namespace="v1"))]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(urlconf=documented), name="api-schema"),
    # The split view serves its start-up script as a file (?script), so the CSP needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: nothing under /api/ falls through to Wagtail's page tree (and its HTML CSRF page).
    re_path(r"^.*$", api_not_found),
]
