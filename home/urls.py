from django.urls import path

from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .sitemaps import VisitorSitemap

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": VisitorSitemap}}, name="sitemap"),
]
