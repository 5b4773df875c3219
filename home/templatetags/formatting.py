"""Template filters for money and times: `{{ order.total|money:order.currency }}`,
`{{ order.expires_at|local_time }}` (site zone) or `{{ session.starts_at|local_time:session.timezone }}`."""

from django import template

from ..formatting import format_local, format_money

register = template.Library()


@register.filter
def money(amount, currency="EUR"):
    return format_money(amount, currency)


@register.filter
def local_time(value, zone_name=None):
    return format_local(value, zone_name or None)
