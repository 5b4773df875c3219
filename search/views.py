from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from home.fragments import fragment_key, fragments_on
from home.listing import query_string

from .services import SearchError, SearchOutcome, clean_filters, search_site
from .text import clean_query

# URL parameter for each filter of search_site, and its name for people.
PARAMS = {"type": "kind", "tag": "tag", "category": "category", "year": "year"}
LABELS = {"type": _("Type"), "tag": _("Topic"), "category": _("Category"), "year": _("Year")}


def _link(params, **changes):
    return "?" + query_string(**{**params, **changes})


def _decorate(outcome):
    """Adds to each facet value the link that adds or removes it, and lists the active filters
    (the listings' context shape: `active_filters`, `clear_url`, `query_string`, `is_filtered`)."""
    params = {"q": outcome.query, **{param: outcome.filters.get(name) for param, name in PARAMS.items()}}
    active = []
    for param, name in PARAMS.items():
        values = outcome.facets.get(param, [])
        for facet in values:
            facet.url = _link(params, **{param: None if facet.active else facet.value})
        if outcome.filters.get(name):
            label = next((facet.label for facet in values if facet.active), outcome.filters[name])
            active.append({"kind": LABELS[param], "label": label, "url": _link(params, **{param: None})})
    return {
        "active_filters": active,
        "is_filtered": bool(active),
        "clear_url": _link({"q": outcome.query}),
        "query_string": _link(params)[1:],
    }


@require_GET
def search(request):
    """/search/?q=…&type=…&tag=…&category=…&year=…&page=…

    The results (status line, facets, hits, suggestions) are a fragment cached per address,
    audience and content version (home/fragments.py): a search asked again costs no search. A
    failed search (engine down, a bad filter) is never cached."""
    get = request.GET
    query = clean_query(get.get("q", ""))
    key = fragment_key("search", request) if fragments_on(request) else None
    results = cache.get(key) if key else None
    status = 200
    if results is None:
        results, status = _results(request)
        if key and status == 200:
            cache.set(key, results, settings.LUMINO_FRAGMENT_TIMEOUT)
    context = {"search_query": query, "results": results}
    return TemplateResponse(request, "search/search.html", context, status=status)


def _results(request):
    get = request.GET
    filters = {name: get.get(param) for param, name in PARAMS.items()}
    status, error = 200, None
    try:
        outcome = search_site(get.get("q", ""), user=request.user, page=get.get("page"), request=request, **filters)
    except SearchError as exc:
        outcome = SearchOutcome(query=clean_query(get.get("q", "")), filters=clean_filters(**filters))
        status, error = exc.status, exc.message
    context = {"outcome": outcome, "search_query": outcome.query, "error": error, **_decorate(outcome)}
    return render_to_string("search/results_area.html", context, request), status
