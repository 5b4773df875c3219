"""/api/v1/me/: who the current user is, for API clients."""

from django.db.models import prefetch_related_objects
from django.urls import path
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import RetrieveAPIView

from .models import User
from .roles import Role


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField(
        help_text=_("Role keys: member, company_manager, editor, mentor, agent, manager.")
    )
    interests = serializers.SerializerMethodField(help_text=_("Topics the person follows."))

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "language", "roles", "interests"]
        read_only_fields = fields

    def get_roles(self, user) -> list[str]:
        return [role.key for role in Role if user.has_role(role)]

    def get_interests(self, user) -> list[str]:
        return sorted(tag.name for tag in user.interests.all())


class MeView(RetrieveAPIView):
    """The logged-in person's own profile."""

    serializer_class = MeSerializer

    def get_object(self):
        # Groups and tags in two queries, whatever the number of roles and interests.
        user = self.request.user
        prefetch_related_objects([user], "groups", "interests")
        return user

    @extend_schema(summary="The current user's profile")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [path("me/", MeView.as_view(), name="me")]
