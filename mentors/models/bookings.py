"""Advisory sessions a member books with a mentor.

A booking takes one slot of the mentor's (mentors/bookings.py computes the free ones). The
database refuses two live bookings of the same mentor at the same start; a paid booking is HELD
while its order (courses.Order) waits for payment and stops blocking the slot once the order's
hold has run out, even before the sweep cancels it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .records import Mentor, is_manager


class BookingQuerySet(models.QuerySet):
    def blocking(self, now=None):
        """Bookings that take their slot: confirmed ones, and held ones whose order may still be paid."""
        now = now or timezone.now()
        held = Q(status=Booking.Status.HELD, order__expires_at__gt=now, order__status="pending")
        return self.filter(Q(status=Booking.Status.CONFIRMED) | held)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def visible_to(self, user):
        """Managers see every booking; a member her own; a mentor the ones booked with her."""
        if user is None or not user.is_authenticated:
            return self.none()
        if is_manager(user):
            return self.all()
        return self.filter(Q(member=user) | Q(mentor__user=user))

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())


class Booking(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Awaiting payment")
        CONFIRMED = "confirmed", pgettext_lazy("advisory status", "Confirmed")
        CANCELLED = "cancelled", pgettext_lazy("advisory status", "Cancelled")

    LIVE_STATUSES = (Status.HELD, Status.CONFIRMED)

    mentor = models.ForeignKey(Mentor, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="bookings")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="advisories"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    topic = models.CharField(_("topic"), max_length=200)
    # PROTECT: an order that paid for an advisory is part of its record and must not vanish under it.
    order = models.ForeignKey(
        "courses.Order",
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advisories",
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Why it ended: "member", "mentor", "staff", or the order's "cancelled", "expired", "refunded".
    cancel_reason = models.CharField(_("cancellation reason"), max_length=20, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("advisory")
        verbose_name_plural = _("advisories")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "starts_at"],
                condition=Q(status__in=["held", "confirmed"]),
                name="mentors_one_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="mentors_booking_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["member", "starts_at"]), models.Index(fields=["mentor", "starts_at"])]

    def __str__(self):
        when = timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.mentor} · {when}"

    @property
    def member_name(self):
        return self.member.get_full_name() or self.member.email

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def may_pay(self):
        """Held, and its order still takes the payment (the order page decides the rest)."""
        return self.is_held and self.order is not None and self.order.may_pay

    def cancel_refusal(self, user, now=None):
        """cancel_booking's rule, for pages to ask before offering the button."""
        from ..errors import MentorError

        now = now or timezone.now()
        role = self.canceller_role(user)
        if role is None:
            return MentorError("booking_forbidden")
        if self.is_cancelled:
            return MentorError("already_cancelled")
        if self.starts_at <= now:
            return MentorError("already_started")
        notice = timedelta(hours=settings.LUMINO_ADVISORY_MIN_NOTICE_HOURS)
        if role == "member" and self.is_confirmed and self.starts_at - now < notice:
            return MentorError("too_late_to_cancel", hours=settings.LUMINO_ADVISORY_MIN_NOTICE_HOURS)
        return None

    def may_cancel(self, user):
        return self.cancel_refusal(user) is None

    def canceller_role(self, user):
        """ "mentor", "staff" or "member" for someone who may cancel this booking, else None."""
        if user is None or not user.is_authenticated:
            return None
        if self.mentor.user_id is not None and self.mentor.user_id == user.pk:
            return "mentor"
        if is_manager(user):
            return "staff"
        if self.member_id == user.pk:
            return "member"
        return None
