from django.urls import path

from . import views

app_name = "mentors"
urlpatterns = [
    # The feed's address is given out to calendar applications: Spanish, like the directory it belongs to.
    path("mentores/agenda/<str:token>.ics", views.feed, name="feed"),
    path("mentors/<id:mentor_id>/book/", views.book, name="book"),
    path("mentors/<id:mentor_id>/booking-panel/", views.booking_panel, name="booking_panel"),
    path("mentors/advisories/<id:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("mentors/calendar-link/", views.renew_feed, name="renew_feed"),
]
