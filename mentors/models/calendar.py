"""The academic calendar: terms, the holidays when the organisation is closed, and class schedules.

Holidays close the whole organisation: no advisory session can be booked on them (see
`closed_days`), whatever the mentors' own availability says. Class schedules are the weekly
timetable of a term, shown on the calendar page.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..choices import Weekday


def _dates(start, end):
    """ "14/09/2026 – 18/12/2026" in the active language's short date format."""
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} – {date_format(end, 'SHORT_DATE_FORMAT')}"


class DateRangeQuerySet(models.QuerySet):
    """Rows with `starts_on` and an inclusive `ends_on` (terms, holidays)."""

    def overlapping(self, start, end):
        """Rows that share at least one day with the days from `start` to `end`, both inclusive."""
        return self.filter(starts_on__lte=end, ends_on__gte=start)


class TermQuerySet(DateRangeQuerySet):
    def in_year(self, year):
        """Terms with at least one day in this calendar year."""
        return self.overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


class Term(models.Model):
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on (inclusive)"))

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="mentors_term_dates")
        ]

    def __str__(self):
        return self.name

    @property
    def dates_label(self):
        return _dates(self.starts_on, self.ends_on)

    def clean(self):
        if not (self.starts_on and self.ends_on):
            return
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
        # A day belongs to one term only: the calendar page and the bookings ask "which term is this day in?".
        other = Term.objects.overlapping(self.starts_on, self.ends_on).exclude(pk=self.pk).first()
        if other is not None:
            raise ValidationError(
                _("These dates overlap the term “%(name)s” (%(dates)s): terms cannot share days.")
                % {"name": other.name, "dates": other.dates_label}
            )


class HolidayQuerySet(DateRangeQuerySet):
    pass


class Holiday(models.Model):
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day (inclusive)"), help_text=_("The same as the first day for a single day."))
    term = models.ForeignKey(
        Term,
        verbose_name=_("term"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holidays",
        help_text=_("Optional: the term it belongs to, to find it by term in the admin."),
    )

    objects = HolidayQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="mentors_holiday_dates")
        ]

    def __str__(self):
        return self.name

    @property
    def is_single_day(self):
        return self.starts_on == self.ends_on

    def clean(self):
        if not (self.starts_on and self.ends_on):
            return
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
        term = self.term if self.term_id else None
        if term is not None and (self.starts_on > term.ends_on or self.ends_on < term.starts_on):
            raise ValidationError(
                {
                    "term": _("This holiday has no day inside the term “%(name)s” (%(dates)s).")
                    % {"name": term.name, "dates": term.dates_label}
                }
            )


class ClassSchedule(models.Model):
    """One weekly class of a term: "Python I, Mondays 18:00–20:00, Aula 2"."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="classes")
    title = models.CharField(_("title"), max_length=150)
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    location = models.CharField(_("place"), max_length=120, blank=True)

    class Meta:
        ordering = ["term", "weekday", "starts_at", "pk"]
        verbose_name = _("class schedule")
        verbose_name_plural = _("class schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="mentors_class_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(weekday__gte=1, weekday__lte=7), name="mentors_class_weekday"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The class must end after it starts.")})


def closed_days(start, end):
    """The set of dates from `start` to `end` (inclusive) on which a holiday closes the organisation."""
    days = set()
    for holiday in Holiday.objects.overlapping(start, end):
        day = max(holiday.starts_on, start)
        while day <= min(holiday.ends_on, end):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days
