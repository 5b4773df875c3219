"""Shapes of the courses API. Serializers check input shape only; the services decide."""

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from portal.params import MAX_ID

from ..models import CourseCategory, CoursePage, Reservation, Session


class SessionSerializer(serializers.ModelSerializer):
    seats_left = serializers.IntegerField(read_only=True, help_text=_("Free seats now (held seats count as taken)."))
    waiting_list_length = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "timezone",
            "capacity",
            "seats_left",
            "waiting_list_length",
            "status",
            "modality",
            "place",
            "reservation_deadline",
        ]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseCategory
        fields = ["slug", "name"]


class CourseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    category = CategorySerializer(allow_null=True)
    tags = serializers.SerializerMethodField()
    is_free = serializers.BooleanField()
    sessions = SessionSerializer(
        many=True, source="upcoming_sessions", help_text=_("Upcoming sessions, soonest first.")
    )

    class Meta:
        model = CoursePage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "summary",
            "level",
            "category",
            "tags",
            "duration_hours",
            "price",
            "currency",
            "is_free",
            "sessions",
        ]
        read_only_fields = fields

    def get_url(self, course) -> str:
        return course.get_full_url(self.context.get("request")) or ""

    def get_tags(self, course) -> list[str]:
        return sorted(tag.slug for tag in course.tags.all())


class ReserveSerializer(serializers.Serializer):
    join_waitlist = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("When the session is full: true joins the waiting list, false (default) answers 409."),
    )
    member_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        allow_empty=False,
        max_length=100,
        help_text=_("Company managers: book for these colleagues (user ids) instead of yourself."),
    )


class ReservationResultSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(
        source="waitlist_position", allow_null=True, help_text=_("Place in the waiting list; null with a seat.")
    )

    class Meta:
        model = Reservation
        fields = ["id", "status", "position"]
        read_only_fields = fields


class ReservationCourseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CoursePage
        fields = ["id", "title", "url"]

    def get_url(self, course) -> str:
        return course.get_full_url(self.context.get("request")) or ""


class ReservationSessionSerializer(serializers.ModelSerializer):
    course = ReservationCourseSerializer()

    class Meta:
        model = Session
        fields = ["id", "starts_at", "ends_at", "timezone", "modality", "place", "status", "course"]


class ReservationSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(source="queue_position", allow_null=True)
    member = serializers.SerializerMethodField()
    session = ReservationSessionSerializer()
    meeting_url = serializers.CharField(
        source="meeting_link", read_only=True, help_text=_("Only for a confirmed seat in an online session.")
    )
    may_cancel = serializers.SerializerMethodField(
        help_text=_("Whether POST …/cancel/ would succeed now for you (the same rule the service applies).")
    )
    may_leave_waiting_list = serializers.SerializerMethodField()
    may_download_ics = serializers.SerializerMethodField(help_text=_("Your confirmed seat has a calendar file."))

    class Meta:
        model = Reservation
        fields = [
            "id",
            "status",
            "position",
            "member",
            "session",
            "meeting_url",
            "created_at",
            "waitlisted_at",
            "cancelled_at",
            "may_cancel",
            "may_leave_waiting_list",
            "may_download_ics",
        ]
        read_only_fields = fields

    def get_member(self, reservation) -> dict:
        member = reservation.member
        return {"id": member.pk, "name": member.get_full_name() or member.email}

    def _viewer(self):
        request = self.context.get("request")
        return request.user if request else None

    def get_may_cancel(self, reservation) -> bool:
        # The cancel endpoint takes a waiting place off the list, and cancels anything else.
        if reservation.is_waitlisted:
            return reservation.may_leave_waiting_list(self._viewer())
        return reservation.may_cancel(self._viewer())

    def get_may_leave_waiting_list(self, reservation) -> bool:
        return reservation.may_leave_waiting_list(self._viewer())

    def get_may_download_ics(self, reservation) -> bool:
        return reservation.may_download_ics(self._viewer())
