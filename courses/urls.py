from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("<int:page_id>/my-sessions/", views.course_sessions, name="course_sessions"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/order/", views.place_order, name="place_order"),
    path("sessions/<int:session_id>/colleagues/", views.reserve_for_colleagues, name="colleagues"),
    path("reservations/<int:pk>/cancel/", views.cancel_reservation, name="cancel_reservation"),
    path("reservations/<int:pk>/leave/", views.leave_waiting_list, name="leave_waiting_list"),
    path("reservations/<int:pk>/calendar.ics", views.reservation_calendar, name="reservation_calendar"),
    path("orders/<str:reference>/", views.order_detail, name="order"),
    path("orders/<str:reference>/cancel/", views.cancel_order, name="cancel_order"),
]
