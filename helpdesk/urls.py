from django.urls import path

from . import views

app_name = "helpdesk"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.new_ticket, name="new"),
    path("similar/", views.similar_tickets, name="similar"),
    path("<text:reference>/", views.ticket_detail, name="ticket"),
    path("<text:reference>/reopen/", views.reopen, name="reopen"),
    path("<text:reference>/files/<id:attachment_id>/", views.download_attachment, name="attachment"),
]
