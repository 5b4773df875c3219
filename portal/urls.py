from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as accounts_views
from learning.urls import verify_urlpatterns
from library import views as library_views

from . import health, views

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    # Wagtail's own login form would skip allauth's rate limits and second factor.
    path("admin/login/", RedirectView.as_view(url=settings.WAGTAILADMIN_LOGIN_URL, query_string=True)),
    # Wagtail's log-out view drops the cookie even on a refused GET; ours flushes the session.
    path("admin/logout/", accounts_views.admin_logout, name="admin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view with stricter headers (library/views.py), ahead of Wagtail's own route.
    path("documents/<int:document_id>/<str:document_filename>", library_views.serve_document),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", accounts_views.LoginView.as_view(), name="account_login"),  # 429 with Retry-After
    path("accounts/", include("allauth.urls")),
    path("language/<str:code>/", views.switch_language, name="switch_language"),
    path("api/", include("portal.api_urls")),
    path("dashboard/", include("accounts.urls")),
    path("search/", include("search.urls")),
    path("courses/", include("courses.urls")),
    path("helpdesk/", include("helpdesk.urls")),
    path("learning/", include("learning.urls")),
    path("", include("mentors.urls")),  # /mentors/… and the feeds under /mentores/agenda/
    path("certificates/verify/", include(verify_urlpatterns)),
    path("", include("home.urls")),
]

if settings.DJANGO_ADMIN_ENABLED:
    urlpatterns[:0] = [
        path("django-admin/login/", RedirectView.as_view(url=settings.WAGTAILADMIN_LOGIN_URL, query_string=True)),
        path("django-admin/", admin.site.urls),
    ]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
handler429 = "accounts.views.too_many_requests"  # allauth's rate limits look it up here
