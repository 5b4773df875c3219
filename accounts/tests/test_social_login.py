from django.test import TestCase, override_settings
from django.urls import reverse

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers import registry
from allauth.socialaccount.providers.github.provider import GitHubProvider

from accounts.adapters import SocialAccountAdapter
from accounts.models import User
from accounts.tests.factories import UserFactory

GITHUB_APP = {"github": {"APPS": [{"client_id": "lumino-test", "secret": "s3cret", "key": ""}]}}


class GitHubRegisteredMixin:
    """Registers GitHub with allauth for one test class, as INSTALLED_APPS would when its keys are set
    (the settings side of that is tested in portal/tests/test_settings.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._had_github = "github" in registry.provider_map
        registry.register(GitHubProvider)

    @classmethod
    def tearDownClass(cls):
        if not cls._had_github:
            registry.provider_map.pop("github", None)
        super().tearDownClass()


class LoginPageProviderButtonsTests(GitHubRegisteredMixin, TestCase):
    def test_no_buttons_when_no_provider_is_configured(self):
        response = self.client.get(reverse("account_login"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "provider-list")
        self.assertNotContains(response, "/github/login/")

    @override_settings(ROOT_URLCONF="accounts.tests.urls_with_github", SOCIALACCOUNT_PROVIDERS=GITHUB_APP)
    def test_a_configured_provider_shows_its_button(self):
        response = self.client.get(reverse("account_login"))
        self.assertContains(response, 'class="provider-list"')
        self.assertContains(response, 'href="/accounts/github/login/?process=login"')
        self.assertContains(response, "GitHub")


def github_login_for(email, verified=True):
    account = SocialAccount(provider="github", uid="4242", extra_data={"login": "someone"})
    return SocialLogin(
        account=account,
        provider=account.get_provider(),
        user=User(email=email),
        email_addresses=[EmailAddress(email=email, verified=verified, primary=True)],
    )


@override_settings(SOCIALACCOUNT_PROVIDERS=GITHUB_APP)
class SocialLoginNeverTakesOverAnAccountTests(GitHubRegisteredMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.owner = UserFactory(email="marta@example.com")

    def test_settings_keep_email_authentication_off(self):
        from django.conf import settings

        self.assertFalse(settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION)
        self.assertFalse(settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT)

    @override_settings(SOCIALACCOUNT_EMAIL_AUTHENTICATION=True, SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT=True)
    def test_adapter_refuses_even_when_settings_would_allow_it(self):
        login = github_login_for("marta@example.com")
        # allauth's own adapter would hand the existing account over…
        self.assertEqual(DefaultSocialAccountAdapter().authenticate_by_email(login), (self.owner, "marta@example.com"))
        # …ours does not.
        self.assertFalse(SocialAccountAdapter().can_authenticate_by_email(login, "marta@example.com"))
        self.assertIsNone(SocialAccountAdapter().authenticate_by_email(login))

    def test_lookup_by_a_matching_verified_email_finds_no_existing_account(self):
        login = github_login_for("MARTA@example.com")
        login.lookup()
        self.assertFalse(login.is_existing)
        self.assertFalse(SocialAccount.objects.filter(user=self.owner).exists())
