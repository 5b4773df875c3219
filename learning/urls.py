from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("lessons/<id:lesson_id>/complete/", views.complete_lesson, name="complete_lesson"),
    path("lessons/<id:lesson_id>/undo/", views.undo_lesson, name="undo_lesson"),
    path("courses/<id:page_id>/progress/", views.course_progress, name="course_progress"),
    path("certificates/<id:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<id:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
]

# Public, at /certificates/verify/ (a contract in DESIGN.md): mounted by portal/urls.py.
verify_urlpatterns = [
    path("", views.verify_lookup, name="certificate_verify_lookup"),
    path("<text:code>/", views.verify, name="certificate_verify"),
]
