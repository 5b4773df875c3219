"""Shared API pieces: the error body every endpoint answers with, and pagination."""

import logging
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rest_framework import exceptions, parsers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from .errors import BusyError, DomainError
from .params import Number

logger = logging.getLogger(__name__)
# A lock that was busy is usually free again within a second or two.
BUSY_RETRY_AFTER_SECONDS = 2

DEFAULT_MESSAGES = {
    400: lambda: _("Some fields are not valid; correct them and send the request again."),
    401: lambda: _("Log in (or send a valid access token) to use this endpoint."),
    403: lambda: _("You do not have permission to do this."),
    404: lambda: _("Nothing was found at this address."),
    405: lambda: _("This method is not allowed here."),
    409: lambda: _("The request conflicts with the current state; reload and try again."),
    413: lambda: (
        _("The request body is too large: send at most %(size)s MB.")
        % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)}
    ),
    415: lambda: _("Send the request body as JSON."),
    429: lambda: _("Too many requests; wait a moment and try again."),
    500: lambda: _("Something went wrong on our side; it has been logged. Try again later."),
    503: lambda: _("The service is busy; try again in a moment."),
}


def error_body(status_code, message=None, errors=None):
    message = message or DEFAULT_MESSAGES.get(status_code, DEFAULT_MESSAGES[400])()
    return {"success": False, "message": str(message), "errors": errors or {}}


def _flatten(detail, prefix=""):
    """DRF error details as {"field": ["message", …]}; nested fields get dotted names ("lines.0.hours")."""
    if isinstance(detail, dict):
        errors = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == api_settings.NON_FIELD_ERRORS_KEY and prefix:
                name = prefix
            errors.update(_flatten(value, name))
        return errors
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        errors = {}
        for index, item in enumerate(detail):
            if item:
                errors.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return errors
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(item) for item in items]}


def _validation_message(errors):
    """One sentence for the whole request: the only error, naming its field, or a summary."""
    if len(errors) != 1:
        return DEFAULT_MESSAGES[400]()
    field, messages = next(iter(errors.items()))
    if len(messages) != 1:
        return DEFAULT_MESSAGES[400]()
    if field == api_settings.NON_FIELD_ERRORS_KEY:
        return messages[0]
    return _("%(field)s: %(error)s") % {"field": field, "error": messages[0]}


def _message(exc):
    detail = exc.detail
    if isinstance(detail, dict) and "detail" in detail:
        # SimpleJWT's token errors: {"detail": "Token is blacklisted", "code": …, "messages": […]}.
        detail = detail["detail"]
    specific = isinstance(detail, str) and detail != exc.default_detail
    if specific or exc.status_code not in DEFAULT_MESSAGES:
        return str(detail)
    return DEFAULT_MESSAGES[exc.status_code]()


def wait_phrase(seconds):
    """How long to wait, rounded up to a unit a person reads: "40 seconds", "3 minutes", "2 hours"."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    if seconds < 3600:
        minutes = math.ceil(seconds / 60)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def _throttled_message(exc):
    """A 429 says when to try again. A refusal with its own reason (a login lockout, whose detail
    DRF extends with its own "Expected available…") keeps that reason's first sentence."""
    detail = str(exc.detail)
    if detail.startswith(str(exceptions.Throttled.default_detail)):
        if exc.wait is None:
            return DEFAULT_MESSAGES[429]()
        return _("Too many requests: try again in %(wait)s.") % {"wait": wait_phrase(exc.wait)}
    reason = detail.split(". ")[0].rstrip(".") + "."
    if exc.wait is None:
        return reason
    return _("%(reason)s Try again in %(wait)s.") % {"reason": reason, "wait": wait_phrase(exc.wait)}


def exception_handler(exc, context):
    """Turn every exception raised in a DRF view into the shared error body.

    Unexpected exceptions become a logged 500 without any detail of the failure; the
    transaction of the request (if ATOMIC_REQUESTS) is rolled back as DRF would.
    """
    set_rollback()
    if isinstance(exc, DomainError):
        errors = {exc.field or api_settings.NON_FIELD_ERRORS_KEY: [str(exc.message)]}
        # Extra details never overwrite the shared keys.
        body = {**exc.extra, **error_body(exc.status, exc.message, errors), "code": exc.code}
        headers = {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)} if isinstance(exc, BusyError) else {}
        return Response(body, status=exc.status, headers=headers)
    if isinstance(exc, SuspiciousOperation):
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields or files: the client's fault.
        code = 413 if isinstance(exc, RequestDataTooBig) else 400
        logger.warning("Refused API request: %s", exc)
        return Response(error_body(code), status=code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return Response(error_body(400, _validation_message(errors), errors), status=400)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(math.ceil(exc.wait))
        message = _throttled_message(exc) if isinstance(exc, exceptions.Throttled) else _message(exc)
        return Response(error_body(exc.status_code, message), status=exc.status_code, headers=headers)
    view = context.get("view")
    logger.error("Unhandled API error in %s", type(view).__name__ if view else "unknown view", exc_info=exc)
    return Response(error_body(500), status=status.HTTP_500_INTERNAL_SERVER_ERROR)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; JSON nested deeper than Python can follow is a 400, not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested too deeply; send a flatter document.")) from None


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """A page size that is not a whole number is refused; one over the maximum gets the maximum."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = Number().clean(raw)
        if size is None:
            message = _("Send a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
