"""Courses: the catalogue pages, sessions and reservations, companies and orders."""

from .commerce import Company, Order, OrderLine, normalize_tax_id
from .pages import CourseCategory, CourseIndexPage, CoursePage, CoursePageTag
from .sessions import Reservation, ReservationEvent, Session

__all__ = [
    "Company",
    "CourseCategory",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "Order",
    "OrderLine",
    "Reservation",
    "ReservationEvent",
    "Session",
    "normalize_tax_id",
]
