"""Staff actions on people's records, in Wagtail's audit log (Reports › Site history).

The apps keep their own full histories (a reservation's events, a ticket's events, an hours
entry's review); what staff do to someone else's record is also written here, so managers read
one trail of who did what across the portal, filtered by type, action, person and date.

An app registers its actions with `register_actions(actions, prefix, choices, label)` from its
`register_log_actions` hook and records one with `audit(instance, action, by=…, data=…)`.
"""

from django.utils.text import format_lazy

from wagtail.log_actions import log


def register_actions(actions, prefix, choices, label):
    """One Wagtail log action per choice: "<prefix>.<value>", shown as "<label>: <choice label>"."""
    for value, choice_label in choices:
        text = format_lazy("{}: {}", label, choice_label)
        actions.register_action(f"{prefix}.{value}", text, text)


def audit(instance, action, *, by, data=None):
    """Record `by`'s action on `instance` (never for an anonymous or system change)."""
    if by is None or not getattr(by, "is_authenticated", False):
        return None
    return log(instance=instance, action=action, user=by, data=data or {})
