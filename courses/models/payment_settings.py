"""Bank details for transfers, edited by managers in Settings › Payments.

The environment (BANK_TRANSFER_IBAN, BANK_TRANSFER_BENEFICIARY) is the fallback for a site
whose managers have not filled them in; with no IBAN anywhere, bank transfer is not offered.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$")
IBAN_SHAPE_MESSAGE = _(
    "Enter an IBAN: the country code, two check digits and the account, e.g. ES91 2100 0418 4502 0005 1332."
)


def validate_iban(value):
    if not IBAN_SHAPE.match(stdnum_iban.compact(value or "")):
        raise ValidationError(IBAN_SHAPE_MESSAGE, code="iban_invalid")
    try:
        stdnum_iban.validate(value)
    except InvalidChecksum as exc:
        raise ValidationError(
            _("The IBAN's check digits do not match: one of its characters is mistyped."), code="iban_checksum"
        ) from exc
    except StdnumError as exc:
        raise ValidationError(IBAN_SHAPE_MESSAGE, code="iban_invalid") from exc


def format_iban(value):
    """ "es9121000418450200051332" → "ES91 2100 0418 4502 0005 1332" (valid IBANs only)."""
    return stdnum_iban.format(value) if value else ""


@register_setting(icon="form")
class PaymentSettings(BaseSiteSetting):
    bank_transfer_iban = models.CharField(
        _("IBAN for bank transfers"),
        max_length=42,
        blank=True,
        validators=[validate_iban],
        help_text=_("Shown to buyers who pay by transfer. Leave empty to stop offering bank transfers."),
    )
    bank_transfer_beneficiary = models.CharField(
        _("beneficiary"), max_length=120, blank=True, help_text=_("The account holder's name, as the bank knows it.")
    )

    panels = [FieldPanel("bank_transfer_iban"), FieldPanel("bank_transfer_beneficiary")]

    class Meta:
        verbose_name = _("payments")

    def clean(self):
        if (
            self.bank_transfer_iban
            and not self.bank_transfer_beneficiary
            and not settings.LUMINO_BANK_TRANSFER_BENEFICIARY
        ):
            raise ValidationError({"bank_transfer_beneficiary": _("Enter the account holder's name for the IBAN.")})

    def save(self, *args, **kwargs):
        if self.bank_transfer_iban:
            self.bank_transfer_iban = stdnum_iban.compact(self.bank_transfer_iban)
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class BankDetails:
    iban: str
    beneficiary: str


def bank_details(site=None):
    """The IBAN and beneficiary to show, from the site's settings or else the environment.

    The IBAN is "" when none is configured (or the environment's one is not a valid IBAN).
    """
    site = site or Site.objects.filter(is_default_site=True).first()
    stored = PaymentSettings.for_site(site) if site else None
    iban = (stored.bank_transfer_iban if stored else "") or settings.LUMINO_BANK_TRANSFER_IBAN
    beneficiary = (stored.bank_transfer_beneficiary if stored else "") or settings.LUMINO_BANK_TRANSFER_BENEFICIARY
    if not stdnum_iban.is_valid(iban or ""):
        iban = ""
    return BankDetails(iban=format_iban(iban), beneficiary=beneficiary)
