"""Pieces of the courses admin: read-only records, safe exports, the session form, bulk actions.

Reservations and orders change only through the services (locks, capacity, e-mails), so the
admin never edits them directly: it lists, inspects, exports and runs bulk actions.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView, InspectView

import django_filters

from home.formatting import format_local
from portal.errors import DomainError

from . import services
from .models import Company, Order, Reservation, Session
from .payments import provider_label, providers

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote makes them text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_session_local(field):
    # "local_starts_at" and friends are already in the session's own zone (Session.local_*).
    return field.rsplit(".", 1)[-1].startswith("local_")


def _is_datetime_field(model, field):
    try:
        return isinstance(model._meta.get_field(field), models.DateTimeField)
    except FieldDoesNotExist:
        return False


class SafeExportIndexView(IndexView):
    """Exports that tolerate empty relations and cannot smuggle formulas into a spreadsheet.

    Times are written as wall-clock times in a named zone, and the column heading says which:
    a session's own zone for its `local_*` times, the site's (TIME_ZONE) for everything else.
    """

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            try:
                value = multigetattr(item, field)
            except AttributeError:
                value = ""  # e.g. "company.name" on a reservation without a company
            if isinstance(value, datetime) and timezone.is_aware(value):
                zone = value.tzinfo if _is_session_local(field) else ZoneInfo(settings.TIME_ZONE)
                value = timezone.make_naive(value, zone)
            row[field] = value
        return row

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        heading = super().get_heading(queryset, field)
        if _is_session_local(field):
            return _("%(heading)s (session's time zone)") % {"heading": heading}
        if _is_datetime_field(queryset.model, field):
            return f"{heading} ({settings.TIME_ZONE})"
        return heading


class LocalTimeColumn(Column):
    """A date and time in a named zone, saying which; with `relative`, also how far away it is.

    `zone` is a dotted path to the row's zone name ("timezone" for a session); the site's zone
    otherwise. Wagtail's DateColumn says "just now" for any time ahead, wrong for a deadline.
    """

    def __init__(self, name, *, zone=None, relative=True, **kwargs):
        super().__init__(name, **kwargs)
        self.zone, self.relative = zone, relative

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return "—"
        zone_name = multigetattr(instance, self.zone) if self.zone else None
        text = format_local(value, zone_name, fmt="SHORT_DATETIME_FORMAT")
        return f"{text} · {naturaltime(value)}" if self.relative else text


class OrderIndexView(SafeExportIndexView):
    """Orders name their payment method as people know it, in the list and in exports."""

    custom_field_preprocess = {"provider": {"csv": provider_label, "xlsx": provider_label}}


def provider_column_value(order):
    return provider_label(order.provider)


class OrderInspectView(InspectView):
    """Times in the site's zone with its name; empty dates read as a dash, an unpaid order as "Not paid"."""

    def get_total_display_value(self):
        return self.object.total_display

    def get_field_label(self, field_name, field):
        if field_name == "summary":
            return _("For")
        return super().get_field_label(field_name, field)

    def get_summary_display_value(self):
        return self.object.summary or "—"

    def get_provider_display_value(self):
        return provider_label(self.object.provider)

    def get_paid_at_display_value(self):
        return format_local(self.object.paid_at) if self.object.paid_at else _("Not paid")

    def get_field_display_value(self, field_name, field):
        if hasattr(self, f"get_{field_name}_display_value"):
            return super().get_field_display_value(field_name, field)
        value = getattr(self.object, field_name, None)
        if isinstance(field, models.DateTimeField):
            return format_local(value) if value else "—"
        if value in (None, ""):
            return "—"
        return super().get_field_display_value(field_name, field)


class RecordsPermissionPolicy(ModelPermissionPolicy):
    """View and export with the model's permissions; never add, edit or delete from the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class SessionPermissionPolicy(ModelPermissionPolicy):
    """A session that has had reservations is cancelled, not deleted: its history stays."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete":
            # Listings annotate reservation_count (Session.objects.with_seats()); no query per row.
            count = getattr(instance, "reservation_count", None)
            has_reservations = instance.reservations.exists() if count is None else count > 0
            if has_reservations:
                return False
        return super().user_has_permission_for_instance(user, action, instance)


class SessionAdminForm(WagtailAdminModelForm):
    """Start, end and deadline are typed in the session's own time zone and stored in UTC."""

    local_fields = ("starts_at", "ends_at", "reservation_deadline")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = ZoneInfo(self.instance.timezone)
        for name in self.local_fields:
            value = getattr(self.instance, name, None)
            if self.instance.pk and value is not None:
                self.initial[name] = timezone.make_naive(value, zone)
            if name in self.fields:
                self.fields[name].help_text = _("In the session's time zone.")

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("timezone")
        if not name or "timezone" in self.errors:
            return cleaned
        zone = ZoneInfo(name)
        for field in self.local_fields:
            value = cleaned.get(field)
            if value is not None:
                # The form parsed the input in the admin's time zone; re-read it in the session's.
                cleaned[field] = timezone.make_aware(timezone.make_naive(value), zone)
        return cleaned


class ReservationFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Session"), queryset=Session.objects.select_related("course").order_by("-starts_at")
    )
    company = django_filters.ModelChoiceFilter(label=_("Company"), queryset=Company.objects.all())

    class Meta:
        model = Reservation
        fields = ["status", "session", "company"]


def _provider_choices():
    return [(code, provider.label) for code, provider in providers().items()]


class OrderFilterSet(WagtailFilterSet):
    provider = django_filters.ChoiceFilter(label=_("Payment method"), choices=_provider_choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Created"), widget=DateRangePickerWidget)

    class Meta:
        model = Order
        fields = ["status", "provider", "created_at"]


class ServiceBulkAction(SnippetBulkAction):
    """Runs one service per selected object as the current user; reports successes and refusals."""

    template_name = "courses/admin/confirm_bulk_action.html"
    question = ""
    service = None
    model_class = None

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(model.objects.filter(pk__in=object_ids).select_related(*cls.related))

    @classproperty
    def models(cls):
        return [cls.model_class]

    def check_perm(self, obj):
        return services.is_course_staff(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question, "action_label": self.display_name}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        done, refusals = 0, []
        for obj in objects:
            try:
                cls.run(obj, view.request.user)
                done += 1
            except DomainError as exc:
                refusals.append(f"{obj}: {exc.message}")
        for refusal in refusals:
            messages.error(view.request, refusal)
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return None  # every record was refused: the refusals above are the whole story
        return ngettext("%(count)d record updated.", "%(count)d records updated.", num_parent_objects) % {
            "count": num_parent_objects
        }


class ConfirmReservationsAction(ServiceBulkAction):
    display_name = _("Confirm")
    action_type = "confirm"
    aria_label = _("Confirm the selected reservations")
    question = _("Give these people a seat now (only while seats are free)?")
    model_class = Reservation
    related = ("member", "session__course")

    @staticmethod
    def run(obj, user):
        services.confirm_reservation(reservation=obj, by=user)


class CancelReservationsAction(ServiceBulkAction):
    display_name = _("Cancel")
    action_type = "cancel"
    aria_label = _("Cancel the selected reservations")
    question = _("Cancel these reservations? Freed seats go to the waiting list and everyone is e-mailed.")
    classes = {"serious"}
    model_class = Reservation
    related = ("member", "session__course")

    @staticmethod
    def run(obj, user):
        services.cancel_reservation(reservation=obj, by=user)


class MarkAttendedAction(ServiceBulkAction):
    display_name = _("Mark attended")
    action_type = "mark_attended"
    aria_label = _("Mark the selected reservations as attended")
    question = _("Record that these people attended?")
    model_class = Reservation
    related = ("member", "session__course")

    @staticmethod
    def run(obj, user):
        services.mark_attended(reservation=obj, by=user)


class ConfirmTransferAction(ServiceBulkAction):
    display_name = _("Confirm bank transfer")
    action_type = "confirm_transfer"
    aria_label = _("Mark the selected orders as paid")
    question = _("Has the money of these orders arrived? Their seats will be confirmed and the buyers e-mailed.")
    model_class = Order
    related = ("member",)

    def check_perm(self, obj):
        return super().check_perm(obj) and obj.status == Order.Status.PENDING

    @staticmethod
    def run(obj, user):
        services.confirm_payment(order=obj, by=user)


def confirm_transfer_url(order, next_url):
    url = reverse("wagtail_bulk_action", args=("courses", "order", ConfirmTransferAction.action_type))
    return f"{url}?id={quote(order.pk)}&next={next_url}"


BULK_ACTIONS = [ConfirmReservationsAction, CancelReservationsAction, MarkAttendedAction, ConfirmTransferAction]
