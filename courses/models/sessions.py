"""Sessions of a course, the reservations for them, and each reservation's history."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

from ..errors import ReservationError
from .access import is_course_staff
from .commerce import Order, OrderLine


def validate_timezone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Unknown time zone: use a name like Europe/Madrid."), code="invalid") from exc


def default_timezone():
    return settings.TIME_ZONE


class SessionQuerySet(models.QuerySet):
    def of_courses_visible_to(self, user):
        """Sessions of the courses `user` may find (home/visibility.py): the only ones they can open
        or reserve by id."""
        courses = self.model._meta.get_field("course").related_model.objects.visible_to(user)
        return self.filter(course__in=courses)

    def upcoming(self, now=None):
        return self.filter(status=Session.Status.SCHEDULED, starts_at__gt=now or timezone.now()).order_by("starts_at")

    def with_seats(self):
        """Annotates seat and waiting-list counts so listings show them without a query per row."""
        return self.annotate(
            taken_count=Count("reservations", filter=Q(reservations__status__in=Reservation.SEAT_STATUSES)),
            waiting_count=Count("reservations", filter=Q(reservations__status=Reservation.Status.WAITLISTED)),
            reservation_count=Count("reservations"),
        )


class Session(models.Model):
    """One run of a course. Times are stored in UTC and shown in the session's own time zone."""

    class Modality(models.TextChoices):
        ON_SITE = "on_site", _("On-site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_timezone,
        validators=[validate_timezone],
        help_text=_("Times are shown to learners in this zone."),
    )
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices, default=Modality.ON_SITE)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Address or room, for on-site."))
    meeting_url = models.URLField(_("meeting link"), blank=True, help_text=_("For online and hybrid sessions."))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_taught",
        limit_choices_to={"groups__name": Role.MENTOR.group_name},
    )
    reservation_deadline = models.DateTimeField(
        _("reservation deadline"),
        blank=True,
        help_text=_("Reservations and cancellations close at this time; empty means the start time."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="courses_session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="courses_session_capacity_positive"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.course.title} · {date_format(self.local_starts_at, 'SHORT_DATETIME_FORMAT')}"

    def save(self, *args, **kwargs):
        if self.reservation_deadline is None:
            self.reservation_deadline = self.starts_at
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        if self.starts_at and self.reservation_deadline and self.reservation_deadline > self.starts_at:
            raise ValidationError({"reservation_deadline": _("The deadline cannot be after the start.")})
        if self.modality != self.Modality.ON_SITE and not self.meeting_url:
            raise ValidationError({"meeting_url": _("Online and hybrid sessions need a meeting link.")})

    @property
    def zone(self):
        return ZoneInfo(self.timezone)

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def seats_taken(self):
        """Confirmed, attended and held seats. Uses the `with_seats()` annotation when present."""
        if hasattr(self, "taken_count"):
            return self.taken_count
        return self.reservations.filter(status__in=Reservation.SEAT_STATUSES).count()

    @property
    def waiting_list_length(self):
        if hasattr(self, "waiting_count"):
            return self.waiting_count
        return self.reservations.filter(status=Reservation.Status.WAITLISTED).count()

    @property
    def seats_left(self):
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self):
        return self.seats_left == 0

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    @property
    def meets_online(self):
        """Online or hybrid: there is a meeting link for the people with a seat."""
        return self.modality != self.Modality.ON_SITE

    @property
    def closes_at(self):
        """When reservations (and members' cancellations) close: the deadline, or else the start."""
        return self.reservation_deadline or self.starts_at

    def reservation_refusal(self, now=None):
        """Why this session takes no reservation now (a ReservationError), or None while it does.

        The services raise it under the session lock; pages ask `is_open_for_reservation`.
        """
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return ReservationError("session_cancelled")
        if self.status == self.Status.COMPLETED or self.starts_at <= now:
            return ReservationError("session_closed")
        if now >= self.closes_at:
            return ReservationError("deadline_passed", deadline=self.local_display(self.closes_at))
        return None

    @property
    def is_open_for_reservation(self):
        return self.reservation_refusal() is None

    def local_display(self, moment):
        return date_format(timezone.localtime(moment, self.zone), "DATETIME_FORMAT")


class ReservationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Reservation.ACTIVE_STATUSES)

    def own_or_booked_by(self, user):
        """The places a person holds, plus the ones they booked for colleagues (their own, not staff's view)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(member=user) | Q(reserved_by=user))

    def calendars_of(self, user):
        """The person's own places that come with a calendar file (see `Reservation.may_download_ics`)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(member=user, status__in=Reservation.CONFIRMED_STATUSES)

    def with_queue_positions(self):
        """Annotate `queue_position` (1 = next to be promoted) on waiting places, None on others."""
        waiting = Reservation.Status.WAITLISTED
        ahead = (
            Reservation.objects.filter(session=OuterRef("session"), status=waiting)
            .filter(
                Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
                | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("session")
            .annotate(count=Count("pk"))
            .values("count")
        )
        position = Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1
        return self.annotate(
            queue_position=Case(When(status=waiting, then=position), default=None, output_field=IntegerField())
        )

    def with_order_to_pay(self, buyer):
        """Annotate `pending_order`: the reference of `buyer`'s order still awaiting payment for the seat.

        A seat a company manager bought for a colleague is the manager's to pay: the colleague gets no link.
        """
        orders = OrderLine.objects.filter(
            reservation=OuterRef("pk"), order__in=Order.objects.awaiting_payment().filter(member=buyer)
        )
        return self.annotate(pending_order=Subquery(orders.order_by("-order_id").values("order__reference")[:1]))

    def places_of(self, user, sessions):
        """{session id: the user's active place} in these sessions, with position and order to pay, in one query."""
        if not user.is_authenticated or not sessions:
            return {}
        by_id = {session.pk: session for session in sessions}
        places = self.active().filter(member=user, session__in=list(by_id))
        places = list(places.with_queue_positions().with_order_to_pay(user))
        for place in places:
            place.session = by_id[place.session_id]  # the rules read its deadline: no query per place
        return {place.session_id: place for place in places}

    def holding_seats(self):
        return self.filter(status__in=Reservation.SEAT_STATUSES)

    def waiting(self):
        return self.filter(status=Reservation.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def visible_to(self, user):
        """The member's own, those the user booked, and those of companies the user manages; staff see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("courses.view_reservation"):
            return self
        return self.filter(Q(member=user) | Q(reserved_by=user) | Q(company__managers=user)).distinct()


class Reservation(models.Model):
    """A member's place in a session: a seat (confirmed, held for payment, attended) or a waiting-list place.

    The waiting-list order is the order of `waitlisted_at` (ties broken by id): the position is
    the number of earlier waiting rows plus one, so nothing needs renumbering when someone leaves.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held for payment")
        WAITLISTED = "waitlisted", _("On the waiting list")
        ATTENDED = "attended", _("Attended")
        CANCELLED = "cancelled", _("Cancelled")

    SEAT_STATUSES = (Status.CONFIRMED, Status.HELD, Status.ATTENDED)
    ACTIVE_STATUSES = (*SEAT_STATUSES, Status.WAITLISTED)
    # A seat that is the member's for sure: it comes with a calendar file and the meeting link.
    CONFIRMED_STATUSES = (Status.CONFIRMED, Status.ATTENDED)

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="reservations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="reservations"
    )
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reserved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reservations_made",
    )
    company = models.ForeignKey(
        "courses.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reservations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=Q(status__in=["confirmed", "held", "waitlisted", "attended"]),
                name="courses_one_active_reservation_per_member",
                violation_error_message=_("This person already has a place in this session."),
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="courses_waitlisted_has_timestamp",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.member} · {self.session} ({self.get_status_display()})"

    @property
    def holds_seat(self):
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def waitlist_position(self):
        """1 for the next person to be promoted; None when not on the waiting list."""
        if self.status != self.Status.WAITLISTED:
            return None
        earlier = Q(waitlisted_at__lt=self.waitlisted_at) | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
        return self.session.reservations.filter(status=self.Status.WAITLISTED).filter(earlier).count() + 1

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    # What a person may do with this place. Each `*_refusal` is the rule its service raises under
    # the session lock; each `may_*` asks the same rule, so a page never offers what the service refuses.

    def change_refusal(self, user):
        """Only the member, the person who booked it (a company manager) and course staff change a place."""
        if user is None or not user.is_authenticated:
            return ReservationError("forbidden")
        if user.pk in (self.member_id, self.reserved_by_id) or is_course_staff(user):
            return None
        return ReservationError("forbidden")

    def cancel_refusal(self, user, now=None):
        """cancel_reservation's rule: members and managers until the session's deadline, staff until it ends."""
        refusal = self.change_refusal(user)
        if refusal is not None:
            return refusal
        if self.status == self.Status.CANCELLED:
            return ReservationError("not_cancellable", reason=_("it is already cancelled."))
        if self.status == self.Status.ATTENDED:
            return ReservationError("not_cancellable", reason=_("the session was attended."))
        session, now = self.session, now or timezone.now()
        if now < min(session.closes_at, session.ends_at):
            return None
        # Only once the deadline has passed does being staff matter (and cost a permission query).
        limit = session.ends_at if is_course_staff(user) else session.closes_at
        if now < limit:
            return None
        return ReservationError(
            "not_cancellable",
            reason=format_lazy(_("cancellations closed on {when}."), when=session.local_display(limit)),
        )

    def may_cancel(self, user, now=None):
        return self.cancel_refusal(user, now) is None

    def leave_refusal(self, user):
        """leave_waiting_list's rule: a waiting place, taken back by whoever may change it."""
        refusal = self.change_refusal(user)
        if refusal is None and self.status != self.Status.WAITLISTED:
            refusal = ReservationError("not_waitlisted")
        return refusal

    def may_leave_waiting_list(self, user):
        return self.leave_refusal(user) is None

    def may_download_ics(self, user):
        """The member's own confirmed (or attended) seat: what `Reservation.objects.calendars_of` serves."""
        return bool(user and user.pk == self.member_id and self.status in self.CONFIRMED_STATUSES)

    @property
    def meeting_link(self):
        """The online session's link, for a confirmed seat only."""
        return self.session.meeting_url if self.status in self.CONFIRMED_STATUSES else ""

    @property
    def may_pay(self):
        """The seat is held by an order of the viewer's still awaiting payment.

        Needs `Reservation.objects.with_order_to_pay(viewer)` (the `pending_order` annotation).
        """
        return self.status == self.Status.HELD and bool(self.pending_order)


class ReservationEvent(models.Model):
    """One change of a reservation's status: who, when, from, to. Events with an e-mail carry
    `notified_at`, set in the same transaction that writes the message to the outbox."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Seat confirmed")
        WAITLISTED = "waitlisted", _("Joined the waiting list")
        PROMOTED = "promoted", _("Promoted from the waiting list")
        HELD = "held", _("Seat held pending payment")
        PAID = "paid", _("Payment received")
        HOLD_EXPIRED = "hold_expired", _("Hold expired")
        CANCELLED = "cancelled", _("Cancelled")
        LEFT_WAITLIST = "left_waitlist", _("Left the waiting list")
        ATTENDED = "attended", _("Attended")
        REFUNDED = "refunded", _("Refunded")

    # Kinds that send the member an e-mail (see courses/emails.py).
    EMAIL_KINDS = (
        Kind.CONFIRMED,
        Kind.WAITLISTED,
        Kind.PROMOTED,
        Kind.HELD,
        Kind.PAID,
        Kind.HOLD_EXPIRED,
        Kind.CANCELLED,
    )

    reservation = models.ForeignKey(
        Reservation, verbose_name=_("reservation"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=Reservation.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Reservation.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    order = models.ForeignKey(
        "courses.Order", verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_at = models.DateTimeField(_("e-mail written"), null=True, blank=True)

    class Meta:
        verbose_name = _("reservation event")
        verbose_name_plural = _("reservation events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "notified_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.from_status or '—'} → {self.to_status})"

    @property
    def sends_email(self):
        return self.kind in self.EMAIL_KINDS
