"""Refresh tokens: each one is accepted once, and a new password revokes them all.

SimpleJWT checks the blacklist and then blacklists in separate statements, so parallel
refreshes of one stolen token could each get a new pair. Here the check and the blacklisting
are one insert behind BlacklistedToken's unique key: only one request can win it.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rest_framework import exceptions
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch


def revoke_refresh_tokens(*, user):
    """Blacklist every refresh token of `user` that has not expired yet.

    Called when the password changes, inside the transaction that saves it. Safe against a
    refresh running at the same time: both lock the user's row first (the password's UPDATE,
    the refresh's SELECT … FOR UPDATE), so a pair minted just before is still revoked here.
    """
    live = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    ).only("pk")
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in live], ignore_conflicts=True)


class SingleUseTokenRefreshSerializer(TokenRefreshSerializer):
    """Rotate a refresh token: the old one is blacklisted in the same transaction that
    accepts it, so it is accepted at most once however many requests carry it."""

    default_error_messages = {
        "no_active_account": _("The account of this token is no longer active: log in again."),
        "used": _("Token is blacklisted"),
    }

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])  # signature, expiry, blacklist: the quick refusals
        user_id = refresh.payload.get(api_settings.USER_ID_CLAIM)
        with transaction.atomic():
            # The user's row first, as a password change does (see revoke_refresh_tokens).
            user = get_user_model().objects.select_for_update().filter(**{api_settings.USER_ID_FIELD: user_id}).first()
            if user is None or not api_settings.USER_AUTHENTICATION_RULE(user):
                raise exceptions.AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")
            outstanding, _created = OutstandingToken.objects.get_or_create(
                jti=refresh.payload[api_settings.JTI_CLAIM],
                defaults={
                    "user": user,
                    "created_at": refresh.current_time,
                    "token": str(refresh),
                    "expires_at": datetime_from_epoch(refresh.payload["exp"]),
                },
            )
            _blacklisted, first_use = BlacklistedToken.objects.get_or_create(token=outstanding)
            if not first_use:
                raise TokenError(self.error_messages["used"])

            data = {"access": str(refresh.access_token)}
            refresh.set_jti()
            refresh.set_exp()
            refresh.set_iat()
            refresh.outstand()
            data["refresh"] = str(refresh)
        return data
