from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("<id:page_id>/my-sessions/", views.course_sessions, name="course_sessions"),
    path("sessions/<id:session_id>/", views.session_detail, name="session"),
    path("sessions/<id:session_id>/order/", views.place_order, name="place_order"),
    path("sessions/<id:session_id>/colleagues/", views.reserve_for_colleagues, name="colleagues"),
    path("reservations/<id:pk>/cancel/", views.cancel_reservation, name="cancel_reservation"),
    path("reservations/<id:pk>/leave/", views.leave_waiting_list, name="leave_waiting_list"),
    path("reservations/<id:pk>/calendar.ics", views.reservation_calendar, name="reservation_calendar"),
    path("orders/<text:reference>/", views.order_detail, name="order"),
    path("orders/<text:reference>/cancel/", views.cancel_order, name="cancel_order"),
]
