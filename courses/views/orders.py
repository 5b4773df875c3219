"""An order's page (how to pay it, or the confirmation) and cancelling a pending order.

Orders are looked up through `Order.objects.visible_to(user)`: the buyer and course staff.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.errors import DomainError

from .. import services
from ..forms import ConfirmForm
from ..models import Order, OrderLine
from ..payments import provider_of
from .common import form_status


def _order_or_404(request, reference):
    lines = Prefetch("lines", queryset=OrderLine.objects.select_related("session__course", "reservation__member"))
    orders = Order.objects.visible_to(request.user).select_related("member").prefetch_related(lines)
    return get_object_or_404(orders, reference=reference)


def _context(order, **extra):
    provider = provider_of(order)
    lines = list(order.lines.select_related("session__course", "reservation__member"))
    return {
        "has_seats": any(line.is_seat for line in lines),
        "order": order,
        "lines": lines,
        # A company manager's order holds colleagues' seats: the page speaks of "the seats", not "your seat".
        "for_others": any(line.reservation and line.reservation.member_id != order.member_id for line in lines),
        "zone": order.zone_name,
        "provider": provider,
        "instructions": provider.instructions(order) if provider and order.may_pay else [],
        "confirmed_on_placing": bool(provider and provider.confirms_immediately),
        **extra,
    }


@never_cache
@login_required
def order_detail(request, reference):
    order = _order_or_404(request, reference)
    return render(request, "courses/orders/detail.html", _context(order))


@never_cache
@login_required
def cancel_order(request, reference):
    """GET asks "are you sure?"; POST cancels the order and frees its held seats."""
    order = _order_or_404(request, reference)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_order(order=order, by=request.user)
        except DomainError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Order %(reference)s has been cancelled.") % {"reference": order.reference})
            return redirect("courses:order", reference=order.reference)
    return render(request, "courses/orders/cancel.html", _context(order, form=form), status=form_status(form))
