"""What the viewer may do, asked of the models from templates: `{% if place|may_cancel:user %}`.

Templates only display: every decision is a `may_*` method on the model, the same rule the
service applies when the button is pressed.
"""

from django import template

register = template.Library()


@register.filter
def may_cancel(obj, user):
    """A reservation or an order the user may cancel now."""
    return obj.may_cancel(user)


@register.filter
def may_leave_waiting_list(reservation, user):
    return reservation.may_leave_waiting_list(user)


@register.filter
def may_download_ics(reservation, user):
    return reservation.may_download_ics(user)
