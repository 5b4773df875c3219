"""How money and times read for a person, in every template, e-mail, admin column and export.

Money follows the reader's language ("120,00 €" in Spanish, "€120.00" in English, Babel's
CLDR rules); a time is shown in a named zone and says which ("10:00 (hora de Madrid)").
"""

from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency


def _locale(language):
    try:
        return Locale.parse(translation.to_locale(language or translation.get_language() or settings.LANGUAGE_CODE))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))


def format_money(amount, currency="EUR", language=None):
    """`amount` in `currency` as the reader's language writes it; "" for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    return format_currency(amount, currency or "EUR", locale=_locale(language))


def site_zone_name():
    return settings.TIME_ZONE


def zone_label(zone_name=None):
    """ "hora de Madrid" / "Madrid time" for Europe/Madrid; the zone's name for UTC-like zones."""
    zone_name = zone_name or site_zone_name()
    if "/" not in zone_name:
        return zone_name
    city = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(city)s time") % {"city": city}


def format_local(value, zone_name=None, fmt="DATETIME_FORMAT"):
    """A date and time in `zone_name` (the site's by default), followed by the zone it is in."""
    if value is None:
        return ""
    zone_name = zone_name or site_zone_name()
    local = timezone.localtime(value, ZoneInfo(zone_name)) if timezone.is_aware(value) else value
    return f"{date_format(local, fmt)} ({zone_label(zone_name)})"
