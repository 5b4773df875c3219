"""Pieces of the courses admin: read-only records, safe exports, the session form, bulk actions.

Reservations and orders change only through the services (locks, capacity, e-mails), so the
admin never edits them directly: it lists, inspects, exports and runs bulk actions.
"""

from zoneinfo import ZoneInfo

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView

import django_filters

from portal.errors import DomainError

from . import services
from .models import Company, Order, Reservation, Session

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote makes them text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeExportIndexView(IndexView):
    """Exports that tolerate empty relations and cannot smuggle formulas into a spreadsheet."""

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            try:
                row[field] = multigetattr(item, field)
            except AttributeError:
                row[field] = ""  # e.g. "company.name" on a reservation without a company
        return row

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))


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
