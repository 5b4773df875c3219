"""Companies that book for their people, and orders for paid sessions and other items.

An order line is a seat (a session, usually with its reservation) or an item: something
another app sells through the same orders and payment providers (a paid advisory), known
here only by its description. That app links its own record to the order and follows it
through the signals in courses/signals.py.

No card data is ever stored here: card gateways keep it, and an order only records the
provider's code and its reference for the payment (see courses/payments.py).
"""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from home.formatting import format_money

from ..errors import ReservationError
from .access import is_course_staff

TAX_ID_NOISE = re.compile(r"[\s.\-/]")
TAX_ID_SHAPE = re.compile(r"^[A-Z0-9]{4,20}$")


def normalize_tax_id(value):
    """Tax ids from any country compare equal however they were typed: "b-12.345.678 " → "B12345678"."""
    return TAX_ID_NOISE.sub("", value or "").upper()


class CompanyQuerySet(models.QuerySet):
    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(managers=user)

    def active_members(self):
        """The active people of these companies, once each, by name (a manager too when a member)."""
        users = self.model._meta.get_field("members").related_model.objects
        return users.filter(is_active=True, companies__in=self).distinct().order_by("first_name", "last_name", "email")


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200)
    tax_id = models.CharField(
        _("tax id"),
        max_length=20,
        unique=True,
        help_text=_("Any country's format; spaces, dots and dashes are ignored."),
        error_messages={"unique": _("A company with this tax id already exists.")},
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="companies"
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_companies",
        help_text=_("They may reserve seats for the company's members."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.tax_id = normalize_tax_id(self.tax_id)
        super().save(*args, **kwargs)

    def clean(self):
        self.tax_id = normalize_tax_id(self.tax_id)
        if not TAX_ID_SHAPE.match(self.tax_id):
            raise ValidationError({"tax_id": _("Enter the tax id with 4 to 20 letters and digits.")})


def new_order_reference():
    # Short, unambiguous and unguessable: it goes on bank transfers and e-mails.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "LUM-" + "".join(secrets.choice(alphabet) for _ in range(8))


class OrderQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(status=Order.Status.PENDING, expires_at__lte=now or timezone.now())

    def awaiting_payment(self, now=None):
        """Pending orders whose hold still runs: the ones `Order.may_pay` says can be paid."""
        return self.filter(status=Order.Status.PENDING, expires_at__gt=now or timezone.now())

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("courses.view_order"):
            return self
        return self.filter(member=user)


class Order(models.Model):
    """A purchase of one or more seats. While pending, its reservations are HELD until `expires_at`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending payment")
        # An order is "pagado" / "cancelado", where a course is "de pago" and a session "cancelada".
        PAID = "paid", pgettext_lazy("order status", "Paid")
        CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")
        REFUNDED = "refunded", _("Refunded")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_order_reference, editable=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    provider = models.CharField(_("payment method"), max_length=40)
    provider_reference = models.CharField(
        _("provider reference"), max_length=120, blank=True, help_text=_("The payment's id at the provider or bank.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("seat held until"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=40, blank=True)
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("payment reminder sent"), null=True, blank=True, help_text=_("Set once, when the reminder is written.")
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="courses_order_total_not_negative"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False), name="courses_paid_order_has_paid_at"
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"{self.reference} · {self.member} · {self.total} {self.currency}"

    @property
    def is_expired(self):
        """Pending, but its hold has run out (the sweep has not cancelled it yet)."""
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_paid(self):
        return self.status == self.Status.PAID

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_refunded(self):
        return self.status == self.Status.REFUNDED

    # What a person may do with this order; each `*_refusal` is what its service raises.

    def payment_refusal(self, now=None):
        """confirm_payment's rule: only a pending order whose hold still runs can be paid."""
        now = now or timezone.now()
        hold_ran_out = self.status == self.Status.PENDING and self.expires_at <= now
        if hold_ran_out or (self.status == self.Status.CANCELLED and self.cancel_reason == "expired"):
            when = date_format(timezone.localtime(self.expires_at), "DATETIME_FORMAT")
            return ReservationError("hold_expired" if self.has_seats else "item_hold_expired", expired=when)
        if self.status != self.Status.PENDING:
            return ReservationError("order_not_pending", status=self.get_status_display().lower())
        return None

    @property
    def may_pay(self):
        """The buyer can still pay it: pending, within its hold."""
        return self.payment_refusal() is None

    def may_confirm_payment(self, user):
        """Staff record a payment (a bank transfer) while the order may be paid."""
        return is_course_staff(user) and self.payment_refusal() is None

    def change_refusal(self, user):
        if user is not None and (user.pk == self.member_id or is_course_staff(user)):
            return None
        return ReservationError("forbidden")

    def cancel_refusal(self, user):
        """cancel_order's rule: the buyer (or staff) gives up an order still pending."""
        refusal = self.change_refusal(user)
        if refusal is None and self.status != self.Status.PENDING:
            refusal = ReservationError("order_not_pending", status=self.get_status_display().lower())
        return refusal

    def may_cancel(self, user):
        return self.cancel_refusal(user) is None

    @property
    def total_display(self):
        return format_money(self.total, self.currency)

    @property
    def zone_name(self):
        """The time zone its times are shown in: its sessions' when they share one, else the site's."""
        zones = {line.session.timezone if line.session_id else settings.TIME_ZONE for line in self.lines.all()}
        return zones.pop() if len(zones) == 1 else settings.TIME_ZONE

    @property
    def has_seats(self):
        """Some line is a seat: the order holds places in sessions (uses the prefetched lines)."""
        return any(line.is_seat for line in self.lines.all())

    @property
    def summary(self):
        """What was bought, for lists: course titles for seats, the description for items."""
        return ", ".join(line.title for line in self.lines.all())


class OrderLine(models.Model):
    class Kind(models.TextChoices):
        SEAT = "seat", _("Seat in a session")
        ITEM = "item", _("Other item")

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SEAT)
    session = models.ForeignKey(
        "courses.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order_lines",
    )
    reservation = models.ForeignKey(
        "courses.Reservation",
        verbose_name=_("reservation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    description = models.CharField(_("description"), max_length=255)
    unit_price = models.DecimalField(_("unit price"), max_digits=8, decimal_places=2)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            # A seat is in a session; an item is in none and holds no reservation.
            models.CheckConstraint(
                condition=(Q(kind="seat") & Q(session__isnull=False))
                | (Q(kind="item") & Q(session__isnull=True) & Q(reservation__isnull=True)),
                name="courses_orderline_seat_has_session",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def is_seat(self):
        return self.kind == self.Kind.SEAT

    @property
    def title(self):
        """A seat's course title (with its session selected), an item's description."""
        return self.session.course.title if self.is_seat else self.description

    @property
    def amount(self):
        return self.unit_price * self.quantity

    @property
    def amount_display(self):
        return format_money(self.amount, self.order.currency)
