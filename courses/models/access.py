"""Who counts as course staff: the one test the models' `may_*` rules and the services share."""


def is_course_staff(user):
    """Managers and superusers: they confirm, cancel and mark attendance for anyone."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("courses.change_reservation")))
