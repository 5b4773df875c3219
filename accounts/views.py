from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from allauth.account import views as allauth_views

from portal.i18n import set_language_cookie

from .dashboard import collect_greeting_items, collect_panels
from .forms import ProfileForm
from .ratelimits import cache_unreachable, retry_after

# allauth's views limited per address, by URL name: the rate-limit action each one uses.
RATE_LIMITED_VIEWS = {"account_login": "login", "account_signup": "signup", "account_reset_password": "reset_password"}


@never_cache
@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html", {"panels": collect_panels(request)})


@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your profile has been saved."))
        return set_language_cookie(redirect("accounts:profile"), user.language)
    return render(request, "accounts/profile.html", {"form": form})


@never_cache
def account_menu(request):
    """The personal part of the header, loaded apart so public pages stay the same for all."""
    return render(request, "accounts/fragments/account_menu.html")


@never_cache
def greeting(request):
    """ "What is next for you" on the home page, for a logged-in member; empty otherwise."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "accounts/fragments/greeting.html", {"items": collect_greeting_items(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def admin_logout(request):
    """The admin's log-out: a POST ends the session on the server; a GET asks first.

    Wagtail's own view drops the session cookie on any method, even when it answers 405 to a
    GET: the browser forgot the cookie but the session stayed valid for whoever had copied it.
    """
    if request.method != "POST":
        return redirect("account_logout")  # allauth's "are you sure?" page, which posts
    return WagtailLogoutView.as_view()(request)


class LoginView(allauth_views.LoginView):
    """allauth's log-in page; a refusal for too many failed attempts answers 429 with Retry-After."""

    def form_invalid(self, form):
        if getattr(self.request, "login_unavailable", False):
            return service_unavailable(self.request)
        response = super().form_invalid(form)
        wait = getattr(self.request, "login_retry_after", None)
        if wait:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response


def service_unavailable(request):
    """The cache (Redis) is down: log-in and sign-up cannot count attempts, so they wait (503)."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = "60"
    return response


def too_many_requests(request):
    """allauth's 429 (too many log-ins, sign-ups or resets from one address), with Retry-After.

    allauth also refuses when it cannot lock its counter in the cache, which is what happens
    while Redis is down: then the person gets a 503 saying so, not "too many attempts". The
    limits are kept (no unlimited log-in attempts during an outage)."""
    if cache_unreachable():
        return service_unavailable(request)
    match = request.resolver_match
    action = RATE_LIMITED_VIEWS.get(match.url_name if match else None)
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(retry_after(request, action=action) if action else 60)
    return response
