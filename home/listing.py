"""The one pattern for an index page that lists its children with filters (news, library, courses…).

A `Listing` subclass says, once, what an index lists and how it filters:

- `model` (an "app.Model" label, so the page module can import its listing), `per_page`, `ordering`;
- `fields()`: each filter's query parameter and how its value is read (a `portal.params` field);
- `filter_<name>(queryset, value)`: how an active filter narrows the pages;
- `options()`: the values each filter offers, only those that find something (`without(name)` is
  the listing with every other filter applied);
- `with_cards(queryset)`: what the cards need, in a fixed number of queries (by default the page
  type's own `with_cards`, home/searchable.py).

The index page inherits `ListingPage` and names its `listing_class`; its template shows
`Listing(index, request.user, request.GET).context(request)` inside a cached fragment: a lenient read
(a value a field does not accept is no filter), the nearest existing page for a bad page number,
and one context shape: `page_obj`, `items`, `filters`, `is_filtered`, `query_string`, `clear_url`,
`active_filters` plus the listing's options. The API builds its FilterSet from the same class with
`listing_filterset(Listing)`: there an unacceptable value answers 400 naming the parameter.
"""

from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .visibility import mark_members_only


def images_with_renditions(*filters):
    """Images with their renditions prefetched, so `{% picture %}` / `{% image %}` run no query per card."""
    return get_image_model().objects.prefetch_renditions(*filters)


def paginate(request, items, per_page):
    """A Django page of `items`; a missing, bad or too-large page number shows the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_string(**params):
    """Active filters as a query string, for pagination and filter links (empty values left out)."""
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


def filter_link(request, label, active, count=None, **params):
    """One link of a filter list: the listing's address with these filters (page reset to 1)."""
    qs = query_string(**params)
    return {"label": label, "url": f"{request.path}?{qs}" if qs else request.path, "active": active, "count": count}


class Listing:
    model = None
    per_page = 12
    ordering = ("-date", "-pk")
    # {filter name: label}, for the removable chips of the active filters.
    labels = {}

    def __init__(self, index, user, query=None):
        """`index` is the index page (None: every visible page of the type, as the API lists them);
        `query` a QueryDict or dict of raw parameters, read leniently."""
        self.index = index
        self.user = user
        self.filters = self.read(query or {})

    # --- What a subclass declares ---
    def fields(self):
        return {}

    def options(self):
        return {}

    def with_cards(self, pages):
        return self.page_model.with_cards(pages)

    def option_labels(self, options):
        """{filter name: {value: label}} naming the active filters' values for people; by default
        from the options that are lists of (value, label) pairs."""
        return {
            name: {value: label for value, label, *_rest in choices}
            for name, choices in options.items()
            if isinstance(choices, list) and all(isinstance(choice, tuple) for choice in choices)
        }

    # --- The rules every listing shares ---
    def read(self, query):
        return {name: field.clean(query.get(name)) for name, field in self.fields().items()}

    @cached_property
    def page_model(self):
        return apps.get_model(self.model) if isinstance(self.model, str) else self.model

    def pages(self):
        """The pages of this type this person may find, under the index when there is one."""
        pages = self.page_model.objects.visible_to(self.user)
        return pages.child_of(self.index) if self.index is not None else pages

    def apply(self, pages, filters):
        for name, value in filters.items():
            if value not in (None, ""):
                pages = getattr(self, f"filter_{name}")(pages, value)
        return pages

    def order(self, pages):
        return pages.order_by(*self.ordering)

    def results(self):
        return self.order(self.apply(self.pages(), self.filters))

    def without(self, name):
        """The listing's pages with every active filter but `name`: what that filter may offer."""
        return self.apply(self.pages(), {**self.filters, name: None})

    @property
    def is_filtered(self):
        return any(value not in (None, "") for value in self.filters.values())

    def active_filters(self, request, labels):
        """One removable chip per active filter: its kind, its value named for people, and the
        address without it."""
        chips = []
        for name, value in self.filters.items():
            if value in (None, ""):
                continue
            rest = {other: v for other, v in self.filters.items() if other != name}
            chips.append(
                {
                    "kind": self.labels.get(name, name),
                    "label": labels.get(name, {}).get(value, value),
                    "url": filter_link(request, "", False, **rest)["url"],
                }
            )
        return chips

    def context(self, request):
        page_obj = paginate(request, self.with_cards(self.results()), self.per_page)
        items = mark_members_only(list(page_obj.object_list), request.user)
        options = self.options()
        return {
            "page_obj": page_obj,
            "items": items,
            "filters": self.filters,
            "is_filtered": self.is_filtered,
            "query_string": query_string(**self.filters),
            "clear_url": request.path,
            "active_filters": self.active_filters(request, self.option_labels(options)),
            **options,
        }


class ListingPage:
    """An index page that lists with a `Listing`: set `listing_class` (before `Page` in the bases).

    Its template wraps what the listing shows in `{% fragment "listing" listing=listing %}`
    (home/templatetags/fragments.py): the listing's context is computed only when that fragment
    is not cached. `listing_context(request)` gives it directly (tests, other callers)."""

    listing_class = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.listing_class(self, request.user, request.GET)
        return context

    def listing_context(self, request):
        return self.listing_class(self, request.user, request.GET).context(request)


class StrictParamField(forms.CharField):
    """An API filter value read with the listing's own field: what the page would ignore is a 400."""

    def __init__(self, *args, param, **kwargs):
        self.param = param
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        cleaned = self.param().clean(value)
        if cleaned in (None, ""):
            raise forms.ValidationError(_("“%(value)s” is not a value this filter accepts."), params={"value": value})
        return cleaned


@extend_schema_field(OpenApiTypes.STR)
class ParamFilter(django_filters.Filter):
    field_class = StrictParamField


def listing_filterset(listing_class, *, base=django_filters.FilterSet, help_texts=None):
    """A FilterSet with exactly the listing's filters, each validated by the listing's own field
    and applied by its `filter_<name>`: the page and the API can never filter differently."""
    help_texts = help_texts or {}
    probe = listing_class(None, None)
    attrs = {}
    for name in probe.fields():

        def param(name=name):
            return listing_class(None, None).fields()[name]

        def apply(filterset, queryset, _field_name, value, name=name):
            user = filterset.request.user if filterset.request is not None else None
            return getattr(listing_class(None, user), f"filter_{name}")(queryset, value)

        attrs[f"apply_{name}"] = apply
        attrs[name] = ParamFilter(
            method=f"apply_{name}", param=param, help_text=help_texts.get(name, listing_class.labels.get(name, ""))
        )
    return type(f"{listing_class.__name__}FilterSet", (base,), attrs)
