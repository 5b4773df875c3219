"""Small pieces the courses views share."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default):
    """Where to go after an action: `next` from the form or query when it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def login_first(request, path=None):
    return redirect_to_login(path or request.get_full_path())


def form_status(*forms):
    """A refused action answers with the refusal's status (409 full, 403 not allowed, 503 busy)."""
    for form in forms:
        if form is not None and form.refusal is not None:
            return form.refusal.status
    return 200
