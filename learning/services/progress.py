"""Marking lessons complete (and undoing it), and remembering where a learner left off."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..access import active_enrolment
from ..errors import LearningError
from ..models import Enrolment, LessonCompletion


def complete_lesson(*, member, lesson):
    """Record that `member` finished `lesson`; idempotent. Only enrolled learners keep progress.

    When it was the last required lesson (and the grades pass), the certificate is recorded in
    the same transaction and made after commit. Raises not_enrolled.
    """
    from .certificates import issue_if_eligible

    enrolment = active_enrolment(member, lesson.course)
    if enrolment is None:
        raise LearningError("not_enrolled")
    with transaction.atomic():
        try:
            with transaction.atomic():
                completion, _created = LessonCompletion.objects.get_or_create(member=member, lesson=lesson)
        except IntegrityError:  # a double click: the other request recorded it
            completion = LessonCompletion.objects.get(member=member, lesson=lesson)
        issue_if_eligible(enrolment)
    return completion


def undo_completion(*, member, lesson):
    """Mark a lesson as not done again. A certificate already issued stays issued."""
    if active_enrolment(member, lesson.course) is None:
        raise LearningError("not_enrolled")
    return LessonCompletion.objects.filter(member=member, lesson=lesson).delete()[0] > 0


def record_visit(*, enrolment, lesson):
    """Remember the last lesson opened, for "resume where I left off" (one UPDATE, no read)."""
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_seen_at=timezone.now())
