from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_safe_url(self, url):
        # Redirects after login only go to this site, whatever ALLOWED_HOSTS holds.
        return bool(url) and url_has_allowed_host_and_scheme(
            url,
            allowed_hosts={self.request.get_host()} if self.request else set(),
            require_https=self.request.is_secure() if self.request else False,
        )

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        if commit:
            user.save()
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Social logins sign up new people; they never take over an account by e-mail."""
