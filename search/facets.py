"""Facet counts over a whole matching set, merged across page types."""

from collections import Counter
from dataclasses import dataclass

from home.searchable import FACET_NAMES

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


def merged_facets(ids_by_model, *, tag=None, category=None, year=None):
    """{"tag": [...], "category": [...], "year": [...]} summed over each model's `search_facets`
    (whose one format is documented in home/searchable.py)."""
    merged = {name: Counter() for name in FACET_NAMES}
    for model, ids in ids_by_model.items():
        if ids:
            for name, counter in model.search_facets(ids).items():
                merged[name].update(counter)
    active = {"tag": tag, "category": category, "year": str(year) if year else None}
    facets = {}
    for name, counter in merged.items():
        values = [
            FacetValue(facet.value, facet.label, count, facet.value == active[name]) for facet, count in counter.items()
        ]
        if name == "year":
            values.sort(key=lambda facet: facet.value, reverse=True)
        else:
            values.sort(key=lambda facet: (-facet.count, facet.label.casefold()))
            values = [facet for index, facet in enumerate(values) if index < FACET_LIMIT or facet.active]
        facets[name] = values
    return facets
