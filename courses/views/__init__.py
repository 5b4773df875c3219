"""The courses app's pages for people: sessions, reservations and orders (see courses/urls.py)."""

from .orders import cancel_order, order_detail
from .reservations import cancel_reservation, leave_waiting_list, reservation_calendar
from .sessions import course_sessions, place_order, reserve_for_colleagues, session_detail

__all__ = [
    "cancel_order",
    "cancel_reservation",
    "course_sessions",
    "leave_waiting_list",
    "order_detail",
    "place_order",
    "reservation_calendar",
    "reserve_for_colleagues",
    "session_detail",
]
