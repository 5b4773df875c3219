from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Mentors")

    def ready(self):
        from courses.signals import order_paid, order_released
        from home.fragments import invalidate_on

        from . import signals
        from .models import AvailabilityException, AvailabilitySlot, KnowledgeArea, Mentor, MentorArea

        # A paid advisory follows its order: confirmed when paid, freed when released.
        order_paid.connect(signals.on_order_paid, dispatch_uid="mentors.advisory_paid")
        order_released.connect(signals.on_order_released, dispatch_uid="mentors.advisory_released")
        # The directory shows mentors' areas and filters by their weekly availability.
        invalidate_on(KnowledgeArea, Mentor, MentorArea, AvailabilitySlot, AvailabilityException)
