from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from home.fragments import invalidate_on

        from .models import CourseCategory, Reservation, Session

        # Course cards and filters show categories, sessions and the seats left.
        invalidate_on(CourseCategory, Session, Reservation)
