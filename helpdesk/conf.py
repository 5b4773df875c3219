"""The service desk's settings, each with a default; override any of them in the settings module.

LUMINO_HELPDESK_SLA_HOURS        business hours to resolve a ticket, per priority
LUMINO_HELPDESK_BUSINESS_HOURS   (opening hour, closing hour) on working days, in TIME_ZONE
LUMINO_HELPDESK_HOLIDAYS         (country, region) for the `holidays` package: ("ES", "MD") = Madrid
LUMINO_HELPDESK_REOPEN_DAYS      days after resolution during which a ticket can be reopened
LUMINO_HELPDESK_MAX_ATTACHMENT   bytes per attached file
LUMINO_HELPDESK_MAX_WORKBOOK     bytes per uploaded workbook
LUMINO_HELPDESK_MAX_IMPORT_ROWS  data rows per workbook
"""

from django.conf import settings

DEFAULTS = {
    "LUMINO_HELPDESK_SLA_HOURS": {"urgent": 4, "high": 9, "normal": 27, "low": 45},
    "LUMINO_HELPDESK_BUSINESS_HOURS": (9, 18),
    "LUMINO_HELPDESK_HOLIDAYS": ("ES", "MD"),
    "LUMINO_HELPDESK_REOPEN_DAYS": 7,
    "LUMINO_HELPDESK_MAX_ATTACHMENT": 10 * 1024 * 1024,
    "LUMINO_HELPDESK_MAX_WORKBOOK": 20 * 1024 * 1024,
    "LUMINO_HELPDESK_MAX_IMPORT_ROWS": 50_000,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])
