"""The site's URLs plus a few views that fail on purpose, for test_api_errors.py and test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from wagtail.models import Page

from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from portal.errors import BusyError, DomainError
from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as site_urlpatterns


class LineSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)


class EntrySerializer(serializers.Serializer):
    email = serializers.EmailField()
    title = serializers.CharField(max_length=20)
    lines = LineSerializer(many=True, required=False)


class ValidatingView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        EntrySerializer(data=request.data).is_valid(raise_exception=True)
        return Response({"ok": True})


class RefusingView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        if request.data.get("busy"):
            raise BusyError("locked", "Someone else is booking this session; try again.")
        raise DomainError("full", "This session is full.", field="session", extra={"success": True, "waiting": 3})


class AdminOnlyView(APIView):
    permission_classes = [IsAdminUser]

    def get(self, request):
        return Response({"ok": True})


class MembersView(APIView):
    def get(self, request):
        return Response({"ok": True})


class BrokenView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("database password is hunter2")


class OncePerMinute(AnonRateThrottle):
    rate = "1/min"


class ThrottledView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [OncePerMinute]

    def get(self, request):
        return Response({"ok": True})


def broken_plain_view(request):
    raise RuntimeError("not a DRF view")


def database_down_view(request):
    Page.objects.count()


def forbidden_view(request):
    raise PermissionDenied


urlpatterns = [
    path("api/v1/test/validate/", ValidatingView.as_view()),
    path("api/v1/test/refuse/", RefusingView.as_view()),
    path("api/v1/test/admin-only/", AdminOnlyView.as_view()),
    path("api/v1/test/members/", MembersView.as_view()),
    path("api/v1/test/broken/", BrokenView.as_view()),
    path("api/v1/test/throttled/", ThrottledView.as_view()),
    path("api/v1/test/plain-broken/", broken_plain_view),
    path("test/database-down/", database_down_view),
    path("test/forbidden/", forbidden_view),
    *site_urlpatterns,
]
