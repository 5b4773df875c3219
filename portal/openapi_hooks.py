"""drf-spectacular hooks (SPECTACULAR_SETTINGS)."""


def public_api_only(endpoints, **kwargs):
    """Describe /api/v1/ only: the Wagtail admin's internal API is not ours to document, and
    `check --deploy` (which generates from the whole URLconf) would warn about it."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
