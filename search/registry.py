"""The page types the site search covers: every installed page model that inherits
`home.searchable.SearchablePage` (the protocol and its defaults are documented there).

A type that inherits the mixin without naming its kind is a mistake, and fails loudly at the
first search instead of being skipped.
"""

from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured

from home.searchable import SearchablePage


@cache
def searchable_models():
    models = [model for model in apps.get_models() if issubclass(model, SearchablePage)]
    for model in models:
        if not model.search_kind or not model.search_kind_label:
            raise ImproperlyConfigured(
                f"{model._meta.label} inherits SearchablePage but sets no search_kind and search_kind_label."
            )
    kinds = [model.search_kind for model in models]
    if len(set(kinds)) != len(kinds):
        raise ImproperlyConfigured(f"Two searchable page types share a search_kind: {sorted(kinds)}.")
    return tuple(models)


def models_by_kind():
    return {model.search_kind: model for model in searchable_models()}


def models_by_content_type():
    """{content type id: model}; ContentType's own cache makes this free after the first call."""
    models = searchable_models()
    if not models:
        return {}
    content_types = ContentType.objects.get_for_models(*models)
    return {content_types[model].pk: model for model in models}


def kind_label(kind):
    model = models_by_kind().get(kind)
    return model.search_kind_label if model is not None else kind
