"""The language cookie, set in one way wherever the language changes (switcher, profile, login)."""

from django.conf import settings

ONE_YEAR = 365 * 24 * 3600


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or ONE_YEAR,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
