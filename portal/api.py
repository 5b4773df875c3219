"""Shared API pieces: the error body every endpoint answers with, and pagination."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .errors import DomainError

logger = logging.getLogger(__name__)

DEFAULT_MESSAGES = {
    400: lambda: _("Some fields are not valid; correct them and send the request again."),
    401: lambda: _("Log in (or send a valid access token) to use this endpoint."),
    403: lambda: _("You do not have permission to do this."),
    404: lambda: _("Nothing was found at this address."),
    405: lambda: _("This method is not allowed here."),
    409: lambda: _("The request conflicts with the current state; reload and try again."),
    415: lambda: _("Send the request body as JSON."),
    429: lambda: _("Too many requests; wait a moment and try again."),
    500: lambda: _("Something went wrong on our side; it has been logged. Try again later."),
}


def error_body(status_code, message=None, errors=None):
    message = message or DEFAULT_MESSAGES.get(status_code, DEFAULT_MESSAGES[400])()
    return {"success": False, "message": str(message), "errors": errors or {}}


def _flatten(detail):
    """DRF error details as {"field": ["message", …]}."""
    if isinstance(detail, dict):
        return {
            key: [str(item) for item in (value if isinstance(value, list) else [value])]
            if not isinstance(value, dict)
            else [str(v) for v in _flatten(value).values() for v in v]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = error_body(exc.status, exc.message, {exc.field or "non_field_errors": [str(exc.message)]})
        body.update({"code": exc.code, **exc.extra})
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = next(iter(errors.values()), [None])[0]
        message = DEFAULT_MESSAGES[400]() if len(errors) > 1 or not first else first
        return Response(error_body(400, message, errors), status=400)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        code = exc.status_code
        specific = isinstance(exc.detail, str) and exc.detail != exc.default_detail
        message = str(exc.detail) if specific or code not in DEFAULT_MESSAGES else DEFAULT_MESSAGES[code]()
        return Response(error_body(code, message), status=code, headers=headers)
    view = context.get("view")
    logger.exception("Unhandled API error in %s", type(view).__name__ if view else "unknown view", exc_info=exc)
    return Response(error_body(500), status=status.HTTP_500_INTERNAL_SERVER_ERROR)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100
