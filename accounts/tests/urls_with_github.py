"""The site's URLs plus GitHub's login URLs, as they are when GITHUB_CLIENT_ID/SECRET are set."""

from django.urls import include, path

from allauth.socialaccount.providers.github.urls import urlpatterns as github_urlpatterns

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("accounts/", include(github_urlpatterns)), *portal_urlpatterns]
