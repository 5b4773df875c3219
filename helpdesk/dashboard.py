"""The service desk's part of "My Lumino": the member's open tickets (one query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import Panel

from .models import Ticket

SHOWN = 5


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    tickets = list(Ticket.objects.filter(requester=user).open().order_by("-updated_at", "-pk")[: SHOWN + 1])
    context = {
        "tickets": tickets[:SHOWN],
        "more": len(tickets) > SHOWN,
        "list_url": reverse("helpdesk:list"),
        "new_url": reverse("helpdesk:new"),
    }
    return [Panel(_("My tickets"), "helpdesk/dashboard/tickets.html", context, order=60)]
