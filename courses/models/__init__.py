"""Courses: the catalogue pages, sessions and reservations, companies and orders."""

from .access import is_course_staff
from .commerce import Company, Order, OrderLine, normalize_tax_id
from .index import CourseIndexPage
from .pages import CourseCategory, CoursePage, CoursePageTag
from .payment_settings import PaymentSettings, bank_details
from .sessions import Reservation, ReservationEvent, Session

__all__ = [
    "Company",
    "CourseCategory",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "Order",
    "OrderLine",
    "PaymentSettings",
    "Reservation",
    "ReservationEvent",
    "Session",
    "bank_details",
    "is_course_staff",
    "normalize_tax_id",
]
