"""Small, strict readers for settings that come from the environment.

Each helper names the variable in its error, so a typo in a deployment is reported
at start-up instead of surfacing as odd behaviour later.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name, default=""):
    """Read NAME, or the contents of the file named by NAME_FILE (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to {path!r}, which cannot be read: {exc}.") from exc
    return os.environ.get(name, default).strip()


def env_url(name, default):
    """An http(s) address with no path, query or fragment, returned without a trailing slash."""
    raw = env_str(name, default)
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if not parts or parts.scheme not in {"http", "https"} or not parts.hostname or parts.path not in {"", "/"}:
        raise ImproperlyConfigured(f"{name} must look like https://lumino.example or http://127.0.0.1:8000: {raw!r}.")
    if parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(f"{name} must be only a scheme, a host and a port, not {raw!r}.")
    return f"{parts.scheme}://{parts.netloc}"


def with_url_params(url, **params):
    """Add query parameters to a URL unless it already sets them (the URL's own choice wins)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    for name, value in params.items():
        query.setdefault(name, str(value))
    return urlunsplit(parts._replace(query=urlencode(query)))
