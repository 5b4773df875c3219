"""The OpenAPI document: only the public API, and every error answer with the shared body.

Both are drf-spectacular hooks (SPECTACULAR_SETTINGS), so the served schema and
`manage.py spectacular` agree, and no view repeats the error responses it can give.
"""

from .api import DEFAULT_MESSAGES

PUBLIC_PREFIX = "/api/v1/"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer: a sentence a person can act on, and the fields at fault.",
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "message": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": 'Messages by field ("non_field_errors" for the request as a whole).',
        },
        "code": {"type": "string", "description": "A stable code for a business refusal (409)."},
    },
    "required": ["success", "message", "errors"],
}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def public_endpoints(endpoints, **kwargs):
    """Preprocessing: leave out Wagtail's admin API, which is internal to the admin."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]


def _error_statuses(method, operation):
    """The errors an operation can answer, read from what it takes and who may call it."""
    parameters = operation.get("parameters", [])
    security = operation.get("security", [])
    has_body = "requestBody" in operation
    statuses = {401, 429}  # a bad token is refused everywhere; production throttles every endpoint
    if has_body or any(parameter["in"] == "query" for parameter in parameters):
        statuses.add(400)
    if has_body:
        statuses.update({413, 415})
    anonymous = {} in security
    if (security and not anonymous) or method in UNSAFE_METHODS:
        statuses.add(403)  # a role missing, a session request without its CSRF token, a refusal
    if any(parameter["in"] == "path" or parameter["name"] == "page" for parameter in parameters):
        statuses.add(404)
    return statuses


def document_errors(result, generator, request, public):
    """Postprocessing: every operation lists its 4xx answers, each with the shared Error body.

    Statuses a view declares itself (409 with the refusals it explains) keep their description.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            declared = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
            for status in sorted(declared | _error_statuses(method, operation)):
                response = responses.setdefault(str(status), {"description": str(DEFAULT_MESSAGES[status]())})
                response.setdefault("content", {"application/json": {"schema": ERROR_REF}})
    return result
