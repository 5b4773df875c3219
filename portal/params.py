"""Filters read from a query string or a URL, made harmless before any query sees them.

Every listing (news, library, courses, search) reads its filters with `read_params`; a value a
field does not accept (a NUL byte, 10,000 characters, a number out of range, the wrong type)
becomes the field's default, so the listing shows everything instead of failing. A repeated
parameter counts once (the last). The API's filters use the same rules through `SlugFilter`
and `MAX_ID`, and answer 400 instead.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.urls.converters import IntConverter, StringConverter
from django.utils.translation import gettext_lazy as _

import django_filters

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SLUG = re.compile(r"^[-\w]+\Z")
NUMBER = re.compile(r"^[+-]?[0-9]{1,18}\Z")
MAX_SLUG_LENGTH = 100
# The largest id the database stores (a signed 64-bit integer), with room to spare.
MAX_ID = 10**18 - 1
ID_REGEX = "[0-9]{1,18}"


class Text:
    """Free text: control characters become spaces, whitespace collapses, cut at `max_length`."""

    def __init__(self, max_length=MAX_SLUG_LENGTH, default=""):
        self.max_length = max_length
        self.default = default

    def clean(self, raw):
        if not isinstance(raw, str):
            return self.default
        value = " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())[: self.max_length].strip()
        return value or self.default


class Slug(Text):
    """A tag or category slug; anything else is no filter at all."""

    def clean(self, raw):
        value = raw.strip() if isinstance(raw, str) else ""
        if len(value) > self.max_length or not SLUG.match(value):
            return self.default
        return value


class Choice(Text):
    def __init__(self, values, default=""):
        super().__init__(default=default)
        self.values = {str(value) for value in values}

    def clean(self, raw):
        value = raw.strip() if isinstance(raw, str) else ""
        return value if value in self.values else self.default


class Number(Text):
    def __init__(self, min_value=1, max_value=MAX_ID, default=None):
        super().__init__(default=default)
        self.min_value = min_value
        self.max_value = max_value

    def clean(self, raw):
        value = raw.strip() if isinstance(raw, str) else ""
        if not NUMBER.match(value) or not self.min_value <= int(value) <= self.max_value:
            return self.default
        return int(value)


class Year(Number):
    def __init__(self, default=None):
        super().__init__(min_value=1900, max_value=2200, default=default)


def read_params(query, **fields):
    """{name: cleaned value} for each field, from a QueryDict (request.GET) or a plain dict."""
    return {name: field.clean(query.get(name)) for name, field in fields.items()}


class SlugFilter(django_filters.CharFilter):
    """An API filter by slug: a value that cannot be a slug answers 400 naming the parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_SLUG_LENGTH)
        kwargs.setdefault("validators", [validate_unicode_slug])
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is refused rather than read as "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}
    widget = forms.TextInput  # the select widgets would turn an unknown value into None first

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() not in self.VALUES:
            raise ValidationError(_("Send true or false."), code="invalid")
        return self.VALUES[str(value).lower()]


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class TextConverter(StringConverter):
    """`<text:name>` in a URL: one path segment without control characters, at most 200 long.

    A NUL byte would otherwise reach PostgreSQL, which refuses it with an error (a 500)."""

    regex = r"[^/\x00-\x1f\x7f]{1,200}"


class IdConverter(IntConverter):
    """`<id:name>` in a URL: a row id the database can hold; a longer number is a 404, not an overflow."""

    regex = ID_REGEX
