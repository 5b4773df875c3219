"""Assessments of a session and the scores learners get in them.

The final grade is on a 0–10 scale: the weighted mean of each score as a fraction of its
maximum, times 10, rounded half up to one decimal (6.25 → 6.3). It exists once every
assessment has a score; a learner passes when each score reaches its passing score.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

ONE_DECIMAL = Decimal("0.1")


class Assessment(models.Model):
    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="assessments"
    )
    name = models.CharField(_("name"), max_length=120)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Its share of the final grade, relative to the others (for example 30 and 70)."),
    )
    maximum = models.DecimalField(
        _("maximum score"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    passing_score = models.DecimalField(
        _("passing score"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The least score that passes this assessment."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="learning_assessment_name_per_session"),
            models.CheckConstraint(condition=Q(maximum__gt=0), name="learning_assessment_maximum_positive"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="learning_assessment_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(passing_score__gte=0) & Q(passing_score__lte=F("maximum")),
                name="learning_assessment_passing_within_maximum",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.maximum is not None and self.passing_score is not None and self.passing_score > self.maximum:
            raise ValidationError({"passing_score": _("The passing score cannot be higher than the maximum.")})


class Score(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="scores"
    )
    points = models.DecimalField(_("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("graded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(_("graded"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "member"], name="learning_one_score_per_assessment"),
            models.CheckConstraint(condition=Q(points__gte=0), name="learning_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.member} · {self.assessment}: {self.points}"

    @property
    def passed(self):
        return self.points >= self.assessment.passing_score


def final_grade(assessments, scores):
    """The weighted mean on 0–10, rounded half up to one decimal; None until every assessment is scored.

    `scores` maps assessment id → points. Assessments of weight 0 are shown but do not count.
    """
    assessments = list(assessments)
    if not assessments or any(a.pk not in scores for a in assessments):
        return None
    total_weight = sum((a.weight for a in assessments), Decimal(0))
    if total_weight <= 0:
        return None
    weighted = sum((a.weight * Decimal(scores[a.pk]) / a.maximum for a in assessments), Decimal(0))
    return (weighted / total_weight * 10).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def has_passed(assessments, scores):
    """Every assessment scored and each score at least its passing score; True with no assessments."""
    return all(a.pk in scores and Decimal(scores[a.pk]) >= a.passing_score for a in assessments)
