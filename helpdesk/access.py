"""Who works the service desk.

Agents are the members of the "agent" role (Role.AGENT); they work the queues they belong to
(Queue.agents). Supervisors are the managers (Role.MANAGER) and superusers: they see every
ticket and reassign. Using the existing role rather than a new group keeps one place
(accounts/roles.py) where people get their powers. Answers are cached on the user object for
the request, so a listing asks the database once, not once per ticket.
"""

from accounts.roles import Role


def _group_names(user):
    if not hasattr(user, "_helpdesk_groups"):
        user._helpdesk_groups = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._helpdesk_groups


def is_supervisor(user):
    return user.is_authenticated and (user.is_superuser or Role.MANAGER.group_name in _group_names(user))


def is_agent(user):
    """Anyone who works tickets in the admin: agents and supervisors."""
    return is_supervisor(user) or (user.is_authenticated and Role.AGENT.group_name in _group_names(user))


def agent_queue_ids(user):
    if not is_agent(user):
        return frozenset()
    if not hasattr(user, "_helpdesk_queue_ids"):
        user._helpdesk_queue_ids = frozenset(user.helpdesk_queues.values_list("pk", flat=True))
    return user._helpdesk_queue_ids


def forget(user):
    """Drop the cached answers (tests and services that change a person's roles or queues)."""
    for name in ("_helpdesk_groups", "_helpdesk_queue_ids"):
        user.__dict__.pop(name, None)
