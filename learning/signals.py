"""Framework hooks: a reservation's save keeps its enrolment in step (same transaction)."""

from django.db.models.signals import post_save


def reservation_saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures
        return
    from .services import sync_enrolment

    sync_enrolment(instance)


def connect():
    from courses.models import Reservation

    post_save.connect(reservation_saved, sender=Reservation, dispatch_uid="learning.reservation_saved")
