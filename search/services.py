"""The site search: one function for the HTML page and the API, over the configured backend.

`search_site` asks the backend (database full-text by default, Elasticsearch/OpenSearch when
configured) for the best matching pages a person may see (at most MAX_MATCHES; the ranking is
search/ranking.py's), ranks title matches first, filters and counts facets over them, then loads
only the shown page of results: a fixed number of queries per page type, however many pages match.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from home.renditions import SEARCH_RESULT, expand
from home.visibility import is_members_only, members_only_paths, private_sections, visible_pages
from portal.errors import DomainError
from portal.outages import SEARCH
from portal.params import Choice, Slug, Year, read_params

from .facets import merged_facets, type_facet
from .ranking import best_matches
from .registry import kind_label, models_by_content_type, models_by_kind
from .suggestions import suggest
from .text import WORD, backend_query, clean_query, highlight, query_terms, stem

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PER_PAGE = 50
# Facets and totals are computed over at most this many of the best matches.
MAX_MATCHES = 500
AUTOCOMPLETE_LIMIT = 8
(THUMBNAIL,) = expand(SEARCH_RESULT)  # the result's picture, made ahead (home/renditions.py)


class SearchError(DomainError):
    pass


@dataclass
class Hit:
    page: Page
    kind: str
    kind_label: str
    url: str
    snippet: str
    date: object
    category: str
    tags: list
    image: object
    members_only: bool


@dataclass
class SearchOutcome:
    query: str
    filters: dict
    hits: list = field(default_factory=list)
    page_obj: object = None
    total: int = 0
    # More pages matched than were ranked (search/ranking.py): `total` is then a lower bound.
    partial: bool = False
    facets: dict = field(default_factory=dict)
    suggestions: dict | None = None


def clean_filters(*, kind=None, tag=None, category=None, year=None):
    raw = {"kind": kind, "tag": tag, "category": category, "year": year}
    # The API passes validated values (the year as a number); the page passes the query string.
    raw = {name: str(value) if value is not None else None for name, value in raw.items()}
    return read_params(
        raw,
        kind=Choice(models_by_kind(), default=None),
        tag=Slug(default=None),
        category=Slug(default=None),
        year=Year(),
    )


def _runs_in_sql():
    """Whether the search backend is one of the database ones, which apply any SQL filter (a
    subquery); Elasticsearch and OpenSearch need the visibility rule as path filters."""
    # Read from the settings: building the backend may fail (engine library missing, engine down),
    # and that must surface where search_site turns it into a 503, not here.
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "modelsearch.backends.database")
    return backend.startswith("modelsearch.backends.database")


def _audience(user):
    """What `_searchable` and the badges need to know about `user`: on the database backends
    nothing is loaded (None: the rule is a subquery); for a search index, every private section."""
    if _runs_in_sql():
        return None
    return private_sections() if user is not None and user.is_authenticated else []


def _searchable(user, sections):
    pages = visible_pages(user, sections, subquery=sections is None)
    return pages.filter(content_type_id__in=list(models_by_content_type()))


def _matching(base, terms):
    """(page id, content type id, title) of the best matches, title matches ahead, and whether
    more pages matched than were ranked."""
    try:
        matches = best_matches(base, backend_query(terms), MAX_MATCHES)
    except Exception as exc:
        SEARCH.failed(exc)
        logger.debug("The search backend failed for %r", terms, exc_info=True)
        raise SearchError(
            "unavailable", _("Search is not available right now; try again in a few minutes."), status=503
        ) from exc
    SEARCH.succeeded()
    stems = {stem(term) for term in terms}
    in_title = {page.pk: len(stems & {stem(word) for word in WORD.findall(page.title)}) for page in matches}
    # sorted() is stable, so the backend's relevance order is kept within each tier.
    return sorted(matches, key=lambda page: -in_title[page.pk]), matches.partial


def load_specific(refs, models):
    """The specific pages for `refs` (in order), with what their result cards show: one query
    per type plus its prefetches."""
    ids_by_model = defaultdict(list)
    for ref in refs:
        ids_by_model[models[ref.content_type_id]].append(ref.pk)
    loaded = {}
    for model, ids in ids_by_model.items():
        pages = model.with_cards(model.objects.filter(pk__in_array=ids), THUMBNAIL, also=["tags"])
        loaded.update((page.pk, page) for page in pages)
    return [loaded[ref.pk] for ref in refs if ref.pk in loaded]


def _snippet(page, terms):
    text = page.search_text()
    stems = {stem(term) for term in terms}
    sources = [text, page.card_summary or ""]
    source = next((s for s in sources if stems & {stem(word) for word in WORD.findall(s)}), page.card_summary or text)
    return highlight(source, terms)


def _hit(page, terms, request, members_paths):
    date = page.search_date
    return Hit(
        page=page,
        kind=page.search_kind,
        kind_label=str(kind_label(page.search_kind)),
        url=page.get_url(request),
        snippet=_snippet(page, terms),
        date=date.date() if isinstance(date, datetime) else date,
        category=page.search_category,
        tags=list(page.tags.all()),
        image=page.card_image,
        members_only=is_members_only(page, members_paths),
    )


def search_site(query, *, user, kind=None, tag=None, category=None, year=None, page=1, per_page=PER_PAGE, request=None):
    """Search every registered page type for `query`, as `user` may see them.

    An empty query returns the empty state (suggestions), not an error. Raises SearchError
    (503) when the search backend is unreachable.
    """
    query = clean_query(query)
    filters = clean_filters(kind=kind, tag=tag, category=category, year=year)
    terms = query_terms(query)
    sections = _audience(user)
    base = _searchable(user, sections)
    outcome = SearchOutcome(query=query, filters=filters)
    if not terms:
        outcome.suggestions = suggest(query, terms, base, request=request)
        return outcome
    models = models_by_content_type()
    matches, outcome.partial = _matching(base, terms)
    if filters["tag"] or filters["category"] or filters["year"]:
        ids_by_model = defaultdict(list)
        for ref in matches:
            ids_by_model[models[ref.content_type_id]].append(ref.pk)
        allowed = set()
        for model, ids in ids_by_model.items():
            narrowed = model.search_filter(
                model.objects.filter(pk__in_array=ids),
                tag=filters["tag"],
                category=filters["category"],
                year=filters["year"],
            )
            allowed.update(narrowed.values_list("pk", flat=True))
        matches = [ref for ref in matches if ref.pk in allowed]
    # The type facet ignores the type filter, so every kind stays one click away.
    outcome.facets["type"] = type_facet([models[ref.content_type_id].search_kind for ref in matches], filters["kind"])
    if filters["kind"]:
        matches = [ref for ref in matches if models[ref.content_type_id].search_kind == filters["kind"]]
    ids_by_model = defaultdict(list)
    for ref in matches:
        ids_by_model[models[ref.content_type_id]].append(ref.pk)
    outcome.facets.update(merged_facets(ids_by_model, **{k: filters[k] for k in ("tag", "category", "year")}))
    per_page = max(1, min(int(per_page or PER_PAGE), MAX_PER_PAGE))
    outcome.page_obj = Paginator(matches, per_page).get_page(page)
    outcome.total = len(matches)
    pages = load_specific(outcome.page_obj.object_list, models)
    members_paths = members_only_paths(user, sections, pages)
    outcome.hits = [_hit(page, terms, request, members_paths) for page in pages]
    if not matches:
        outcome.suggestions = suggest(query, terms, base, request=request)
    return outcome


def autocomplete(query, *, user, limit=AUTOCOMPLETE_LIMIT, request=None):
    """Up to `limit` {title, url, kind} whose titles start like `query`; [] when the backend fails."""
    query = clean_query(query)
    if not query_terms(query):
        return []
    models = models_by_content_type()
    try:
        pages = list(_searchable(user, _audience(user)).autocomplete(query)[:limit])
    except Exception:
        logger.warning("Autocomplete failed for %r", query, exc_info=True)
        return []
    return [
        {"title": page.title, "url": page.get_url(request), "kind": models[page.content_type_id].search_kind}
        for page in pages
    ]
