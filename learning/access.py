"""Who may open a course's lessons, grade its sessions and manage its certificates."""

from courses.services import is_course_staff


def is_instructor(user, course):
    if not user.is_authenticated or course is None:
        return False
    return course.instructors.filter(pk=user.pk).exists() or course.sessions.filter(instructor=user).exists()


def is_content_staff(user, course):
    """Editors and managers: they write the lessons, so they read them."""
    if not user.is_authenticated or course is None:
        return False
    return is_course_staff(user) or course.permissions_for_user(user).can_edit()


def active_enrolment(user, course):
    from .models import Enrolment

    if not user.is_authenticated or course is None:
        return None
    return (
        Enrolment.objects.active()
        .filter(member=user, course=course)
        .select_related("session", "last_lesson")
        .order_by("-session__starts_at")
        .first()
    )


def may_open_lessons(user, course, enrolment=None):
    if enrolment is not None and enrolment.is_active:
        return True
    return is_content_staff(user, course) or is_instructor(user, course)


def may_grade(user, session):
    """The session's instructor, the course's instructors and course staff."""
    if not user.is_authenticated:
        return False
    if is_course_staff(user) or session.instructor_id == user.pk:
        return True
    return session.course.instructors.filter(pk=user.pk).exists()


def may_manage_certificates(user):
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm("learning.change_certificate")))
