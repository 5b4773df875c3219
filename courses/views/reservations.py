"""Cancelling a seat, leaving a waiting list, and a seat's calendar file.

Each reservation is looked up through `Reservation.objects.visible_to(user)`: another member's
reservation is a 404, never a "forbidden" that would confirm it exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.errors import DomainError

from .. import services
from ..forms import ConfirmForm
from ..ics import build_ics
from ..models import Reservation
from .common import form_status, next_url


def _reservation_or_404(request, pk):
    visible = Reservation.objects.visible_to(request.user).with_queue_positions()
    return get_object_or_404(visible.select_related("session__course", "member"), pk=pk)


def _confirm(request, pk, *, action, service, refusal, done_message):
    reservation = _reservation_or_404(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service(reservation=reservation, by=request.user)
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, done_message)
            return redirect(next_url(request, "accounts:dashboard"))
    # Asked after a refused POST too: the page then shows the state the service saw.
    refused = refusal(reservation, request.user)
    context = {
        "reservation": reservation,
        "session": reservation.session,
        "course": reservation.session.course,
        "form": form,
        "action": action,
        "allowed": refused is None,
        "refusal": refused,
        "next": next_url(request, "accounts:dashboard"),
    }
    return render(request, "courses/reservations/confirm.html", context, status=form_status(form))


@never_cache
@login_required
def cancel_reservation(request, pk):
    """GET asks "are you sure?"; POST cancels, and the freed seat goes to the waiting list."""
    return _confirm(
        request,
        pk,
        action="cancel",
        service=services.cancel_reservation,
        refusal=Reservation.cancel_refusal,
        done_message=_("Your reservation has been cancelled."),
    )


@never_cache
@login_required
def leave_waiting_list(request, pk):
    return _confirm(
        request,
        pk,
        action="leave",
        service=services.leave_waiting_list,
        refusal=Reservation.leave_refusal,
        done_message=_("You have left the waiting list."),
    )


@never_cache
@login_required
def reservation_calendar(request, pk):
    """The member's confirmed seat as an .ics file for their calendar application."""
    mine = Reservation.objects.calendars_of(request.user)
    reservation = get_object_or_404(mine.select_related("session__course"), pk=pk)
    response = HttpResponse(build_ics(reservation), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lumino-{reservation.pk}.ics"'
    return response
