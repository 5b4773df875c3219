"""JSON Web Tokens for API clients, obtained with the e-mail address people log in with.

The token endpoint keeps the login form's rules, so it is no side door: allauth's
failed-login rate limit (shared with the form), a verified e-mail address when
verification is mandatory, and the second factor for accounts that have one.
"""

from django.contrib.auth.models import update_last_login
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.views import TokenObtainPairView


class EmailTokenObtainPairSerializer(TokenObtainPairSerializer):
    username_field = "email"
    default_error_messages = {
        "no_active_account": _("The e-mail address and password do not match an active account."),
        "unverified_email": _("Confirm your e-mail address first: follow the link in the e-mail we sent you."),
        "code_required": _("This account has two-factor authentication: send the code from your app as “code”."),
    }

    code = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_("The code from the authenticator app (or a recovery code); only for accounts with 2FA."),
    )
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # SimpleJWT puts a plain CharField under `username_field`; keep the e-mail validation.
        self.fields["email"] = serializers.EmailField(write_only=True, label=_("E-mail address"))

    def validate(self, attrs):
        request = self.context["request"]
        django_request = getattr(request, "_request", request)
        try:
            user = get_account_adapter(django_request).authenticate(
                django_request, email=attrs["email"], password=attrs["password"]
            )
        except DjangoValidationError as exc:  # allauth: too many failed attempts
            wait = getattr(django_request, "login_retry_after", None)
            raise exceptions.Throttled(wait=wait, detail=exc.messages[0]) from None
        if user is None or not api_settings.USER_AUTHENTICATION_RULE(user):
            raise exceptions.AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")
        if (
            account_settings.EMAIL_VERIFICATION == account_settings.EmailVerificationMethod.MANDATORY
            and not EmailAddress.objects.filter(user=user, verified=True).exists()
        ):
            raise exceptions.AuthenticationFailed(self.error_messages["unverified_email"], "unverified_email")
        if is_mfa_enabled(user):
            self._check_second_factor(user, attrs.get("code", ""))

        self.user = user
        refresh = self.get_token(user)
        if api_settings.UPDATE_LAST_LOGIN:
            update_last_login(None, user)
        return {"refresh": str(refresh), "access": str(refresh.access_token)}

    def _check_second_factor(self, user, code):
        if not code:
            raise exceptions.ValidationError({"code": [self.error_messages["code_required"]]})
        # allauth's own form: TOTP or recovery code, each code used once, failures rate-limited.
        form = BaseAuthenticateForm(data={"code": code}, user=user)
        if not form.is_valid():
            raise exceptions.ValidationError({"code": list(form.errors["code"])})


class EmailTokenObtainPairView(TokenObtainPairView):
    serializer_class = EmailTokenObtainPairSerializer

    @extend_schema(
        summary="Obtain an access and a refresh token",
        description=(
            "Send the account's `email` and `password` (plus `code` when the account has two-factor "
            "authentication). The access token goes in `Authorization: Bearer <token>`; the refresh "
            "token gets a new pair at /api/v1/auth/token/refresh/ (the old refresh token then stops "
            "working) and is revoked at /api/v1/auth/token/blacklist/."
        ),
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
