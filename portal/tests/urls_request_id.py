import logging

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def log_something(request):
    logging.getLogger("portal.tests.request").info("Something happened")
    return HttpResponse("ok")


urlpatterns = [path("log-something/", log_something), *portal_urlpatterns]
