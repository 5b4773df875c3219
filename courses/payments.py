"""Payment providers: how an order gets paid.

Providers are listed in settings.LUMINO_PAYMENT_PROVIDERS (dotted paths) and looked up by
their `code`, which is what an Order stores. The services (courses/services) own every state
change; a provider only explains the next step to the buyer and asks the services to confirm.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from home.formatting import format_money

from .models import bank_details


@dataclass
class NextStep:
    """What the buyer sees after placing an order: go to `redirect_url`, or read `instructions`."""

    redirect_url: str = ""
    instructions: list = field(default_factory=list)  # (label, value) pairs shown as a list
    message: str = ""


class PaymentProvider:
    """Base class for a way of paying an order.

    Subclass it, give it a unique `code` and a `label`, say whether it takes free and/or paid
    orders, and add its dotted path to settings.LUMINO_PAYMENT_PROVIDERS.

    - `start(order, request)` returns a NextStep once the order (and its held seats) exists.
      An order may hold no seat at all (`order.has_seats` False: an item another app sells).
    - A payment is recorded by `courses.services.confirm_payment`, which re-checks the hold
      under the session lock and confirms the seats (providers sit below the services).

    Adding a card gateway (Stripe, Redsys, Adyen…):
      1. `start()` creates a checkout session at the gateway for `order.total`/`order.currency`
         with `order.reference` as metadata and returns NextStep(redirect_url=<the gateway's
         hosted payment page>). The card is typed on the gateway's page, never on ours.
      2. Add a webhook view (csrf_exempt, POST only) that verifies the gateway's signature,
         finds the Order by reference, and calls `confirm_payment(order=…, by=None,
         provider_reference=<the gateway's payment id>)`. Webhooks may arrive twice and late:
         confirm_payment is idempotent and raises ReservationError("hold_expired") after the
         hold — refund those through the gateway.
      3. The return URL only shows "we are confirming your payment": the webhook decides.
    Never store card numbers, CVCs or expiry dates: orders keep `provider_reference` only.
    """

    code = ""
    label = ""
    handles_free = False
    handles_paid = True
    # True when placing the order is the payment (free courses): the services confirm at once.
    confirms_immediately = False
    # True when the buyer is e-mailed a reminder before the hold runs out (slow payments).
    reminds_before_expiry = False

    def accepts(self, order_total):
        return self.handles_free if order_total <= 0 else self.handles_paid

    def hold_period(self):
        """How long an unpaid order of this kind holds its seats."""
        return timedelta(minutes=settings.LUMINO_ORDER_HOLD_MINUTES)

    def start(self, order, request):
        return NextStep()

    def instructions(self, order):
        """(label, value) pairs for e-mails and pages: how to pay this order."""
        return []


class FreeProvider(PaymentProvider):
    code = "free"
    label = _("Free")
    handles_free = True
    handles_paid = False
    confirms_immediately = True

    def start(self, order, request):
        if not order.has_seats:
            return NextStep(message=_("Your order is confirmed."))
        return NextStep(message=_("Your seat is confirmed. See you there!"))


class BankTransferProvider(PaymentProvider):
    """The buyer transfers the total quoting the order reference; staff confirm it in the admin."""

    code = "bank_transfer"
    label = _("Bank transfer")
    reminds_before_expiry = True

    def accepts(self, order_total):
        # Never offer a transfer nobody could make: without an IBAN the method is hidden.
        return super().accepts(order_total) and bool(bank_details().iban)

    def hold_period(self):
        return timedelta(days=settings.LUMINO_ORDER_HOLD_DAYS_BANK_TRANSFER)

    def instructions(self, order):
        details = bank_details()
        if not details.iban:
            return []
        return [
            (_("Beneficiary"), details.beneficiary),
            (_("IBAN"), details.iban),
            (_("Amount"), format_money(order.total, order.currency)),
            (_("Reference (write it in the transfer)"), order.reference),
        ]

    def start(self, order, request):
        if not order.has_seats:
            message = _("Your order waits for the transfer; we confirm it by e-mail when it arrives.")
        else:
            message = _("Your seat is held until the transfer arrives; we confirm it by e-mail.")
        return NextStep(instructions=self.instructions(order), message=message)


@cache
def _registry():
    providers = {}
    for path in settings.LUMINO_PAYMENT_PROVIDERS:
        provider = import_string(path)()
        providers[provider.code] = provider
    return providers


def providers():
    """Every registered provider, by code."""
    return dict(_registry())


def get_provider(code):
    """The provider registered under `code`, or None."""
    return _registry().get(code)


def provider_of(order):
    """The provider `order` is paid through, or None when its code is no longer configured."""
    return get_provider(order.provider)


def provider_label(code):
    """A provider's name for people (the stored code when it is no longer configured)."""
    provider = get_provider(code)
    return str(provider.label) if provider else code


def providers_for(total):
    """Providers offered for an order of this total, in settings order."""
    return [provider for provider in _registry().values() if provider.accepts(total)]


def default_provider_for(total):
    providers = providers_for(total)
    return providers[0] if providers else None


def clear_cache():
    """For tests that change LUMINO_PAYMENT_PROVIDERS."""
    _registry.cache_clear()
