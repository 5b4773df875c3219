"""Facet counts over a whole matching set, merged across page types."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import slugify

from taggit.models import Tag

from .registry import kind_label

FACET_LIMIT = 15


@dataclass
class FacetValue:
    value: str  # what goes in the URL (a kind, a slug, a year)
    label: str
    count: int
    active: bool = False


def type_facet(kinds, active):
    counts = Counter(kinds)
    return [
        FacetValue(kind, str(kind_label(kind)), count, kind == active)
        for kind, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _category_slugs(model, names):
    """{name: slug} for category names given without a slug, through the model's `category` relation."""
    if not names:
        return {}
    try:
        category_model = model._meta.get_field("category").related_model
        category_model._meta.get_field("slug")
    except (FieldDoesNotExist, AttributeError):
        return {}
    return dict(category_model._default_manager.filter(name__in=names).values_list("name", "slug"))


def merged_facets(ids_by_model, *, tag=None, category=None, year=None):
    """{"tag": [...], "category": [...], "year": [...]} from each model's `search_facets`.

    Models key their Counters by a label that may carry a `.slug`; bare tag names and bare
    category names (through the model's `category` relation) are looked up, one query each.
    """
    merged = {"tag": Counter(), "category": Counter(), "year": Counter()}
    slugs = {"tag": {}, "category": {}}
    for model, ids in ids_by_model.items():
        if not ids:
            continue
        bare_categories = []
        for name, counter in model.search_facets(ids).items():
            if name not in merged:
                continue
            for key, count in counter.items():
                if key in (None, ""):
                    continue
                label = str(key)
                merged[name][label] += count
                if name in slugs and getattr(key, "slug", ""):
                    slugs[name][label] = key.slug
                elif name == "category":
                    bare_categories.append(label)
        slugs["category"].update(_category_slugs(model, bare_categories))
    missing_tags = [label for label in merged["tag"] if label not in slugs["tag"]]
    if missing_tags:
        slugs["tag"].update(Tag.objects.filter(name__in=missing_tags).values_list("name", "slug"))
    active = {"tag": tag, "category": category, "year": str(year) if year else None}
    facets = {}
    for name, counter in merged.items():
        values = []
        for label, count in counter.items():
            value = label if name == "year" else slugs[name].get(label) or slugify(label, allow_unicode=True)
            values.append(FacetValue(value, label, count, value == active[name]))
        if name == "year":
            values.sort(key=lambda facet: facet.value, reverse=True)
        else:
            values.sort(key=lambda facet: (-facet.count, facet.label.casefold()))
            values = [facet for index, facet in enumerate(values) if index < FACET_LIMIT or facet.active]
        facets[name] = values
    return facets
