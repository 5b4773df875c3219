"""Demo advisories: the demo mentors take bookings (one of them paid), and the demo member has
one upcoming advisory and one she cancelled. A second run changes nothing."""

from decimal import Decimal

from .bookings import book_advisory, cancel_booking, renew_feed_token, upcoming_free_slots
from .models import Booking, Mentor

PAID = {"Javier Martín Soler": Decimal("45.00")}
BOOKED = [
    ("Laura Gómez Ortega", "Pasar mis hojas de cálculo de ventas a pandas", False),
    ("Nuria Fernández Vela", "Revisar la seguridad del formulario de acceso de mi aplicación", True),
]


def seed_bookings(context):
    for mentor in Mentor.objects.filter(takes_bookings=False, advisory_price=0, bookings__isnull=True).distinct():
        mentor.takes_bookings = True
        mentor.advisory_price = PAID.get(mentor.full_name, Decimal("0"))
        mentor.save(update_fields=["takes_bookings", "advisory_price"])
    instructor = context.people.get("mentor")
    own = Mentor.objects.filter(user=instructor).first() if instructor else None
    if own is not None and not own.feed_token:
        renew_feed_token(mentor=own, by=instructor)
    member = context.people.get("member")
    if member is None or Booking.objects.filter(member=member).exists():
        return
    for name, topic, cancel in BOOKED:
        mentor = Mentor.objects.filter(full_name=name, user=None).first()
        slots = upcoming_free_slots(mentor) if mentor else []
        if not slots:
            continue
        booking = book_advisory(mentor=mentor, member=member, starts_at=slots[0].starts_at, topic=topic)
        if cancel:
            cancel_booking(booking=booking, by=member)
    context.report("Demo advisories: the member has one upcoming and one cancelled.")
