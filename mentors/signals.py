"""Receivers of the courses order signals: a paid advisory follows its order.

Connected in MentorsConfig.ready. They run inside the order's transaction, after the order has
changed: writing rows and outbox e-mails only. Orders that are not an advisory's are ignored.
"""

from .bookings import confirm_paid_booking, release_booking
from .models import Booking


def on_order_paid(sender, order, now, **kwargs):
    if Booking.objects.filter(order=order).exists():
        confirm_paid_booking(order=order, now=now)


def on_order_released(sender, order, reason, now, **kwargs):
    if Booking.objects.filter(order=order).exists():
        release_booking(order=order, reason=reason, now=now)
