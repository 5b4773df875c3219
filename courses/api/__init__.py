"""/api/v1/courses/, /api/v1/sessions/{id}/reservations/ and /api/v1/reservations/ (see portal/api_urls.py)."""

from django.urls import path

from .views import CourseViewSet, ReservationViewSet, SessionReservationsView

routes = [
    ("courses", CourseViewSet, "course"),
    ("reservations", ReservationViewSet, "reservation"),
]
urlpatterns = [
    path("sessions/<int:pk>/reservations/", SessionReservationsView.as_view(), name="session-reservations"),
]
