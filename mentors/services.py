"""Operations on mentor records."""

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.roles import Role

from .models import Mentor


def sync_instructors():
    """Give every active user of the mentor role (the course instructors: `CoursePage.instructors`
    and `Session.instructor` are chosen from that role) a mentor record linked to her account.

    Idempotent: people who already have a record are left as they are (their name and e-mail
    may have been edited in the admin). Returns the records created.
    """
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.MENTOR.group_name, mentor__isnull=True)
        .distinct()
        .order_by("pk")
    )
    created = []
    with transaction.atomic():
        for user in people:
            created.append(
                Mentor.objects.create(user=user, full_name=user.get_full_name() or user.email, email=user.email)
            )
    return created
