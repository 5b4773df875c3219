"""Receivers for allauth's events. Connected in AccountsConfig.ready."""

from django.contrib.auth.models import Group

from .roles import Role


def add_to_members(sender, request, user, **kwargs):
    """Everyone who signs up (by form or social login) is a member."""
    group, _created = Group.objects.get_or_create(name=Role.MEMBER.group_name)
    user.groups.add(group)
