from types import SimpleNamespace

from django.conf import settings
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from portal.i18n import set_language_cookie
from portal.site_url import site_domain

from .ratelimits import LoginRefused, cache_unreachable, clear_login_attempts, consume_login_attempt


class AccountAdapter(DefaultAccountAdapter):
    def is_safe_url(self, url):
        # Redirects after login only go to this site: allauth would also accept every host in
        # ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS, which may include other sites of ours.
        request = context.request
        if not url or request is None:
            return False
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )

    def pre_authenticate(self, request, **credentials):
        # Failures count per address and account together (accounts/ratelimits.py), not per
        # account alone: a stranger's wrong passwords must not lock the owner out.
        account = self._get_login_attempts_cache_key(request, **credentials)
        try:
            self._login_failed_rl_usage = consume_login_attempt(request, account=account)
        except LoginRefused as refusal:
            # Redis down: nothing could be counted, so this is an outage (503), not "too many" (429).
            request.login_unavailable = cache_unreachable()
            request.login_retry_after = refusal.retry_after  # the 429's Retry-After
            raise self.validation_error("too_many_login_attempts") from None

    def _delete_login_attempts_cached_email(self, request, **credentials):
        clear_login_attempts(request, account=self._get_login_attempts_cache_key(request, **credentials))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        if commit:
            user.save()
        return user

    def post_login(self, request, user, **kwargs):
        # The interface follows the language chosen in the profile from the first page on.
        response = super().post_login(request, user, **kwargs)
        return set_language_cookie(response, user.language) if response is not None else response

    def send_mail(self, template_prefix, email, context):
        # django.contrib.sites' row still says "example.com"; our e-mails speak as the portal.
        context = {"current_site": self._portal_site(), **context}
        return super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return f"[{settings.WAGTAIL_SITE_NAME}] {force_str(subject)}"

    def _portal_site(self):
        request = context.request
        domain = request.get_host() if request is not None else site_domain()
        return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=domain)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Social logins sign up new people; they never take over an account by e-mail.

    allauth can log a social login into the local account with the same e-mail address
    (SOCIALACCOUNT_EMAIL_AUTHENTICATION, or "email_authentication" in one provider's app
    settings). We refuse it here, whatever the settings say: a provider's claim that an
    address is verified is not proof that its owner is the person holding our account.
    """

    def can_authenticate_by_email(self, login, email):
        return False

    def authenticate_by_email(self, sociallogin):
        return None
