"""What the search page offers when there is nothing to show: corrections, titles, tags, news."""

import difflib
import logging
from collections import Counter

from django.db.models import Count

from home.fragments import cached_fragment

from .registry import models_by_content_type
from .text import WORD, fold, query_terms

logger = logging.getLogger(__name__)

POPULAR_TAGS = 10
LATEST = 5
TITLE_SUGGESTIONS = 5
# Words of this many recent titles (plus tag names) make the "did you mean" vocabulary.
VOCABULARY_TITLES = 500


def _page_link(page, models, request):
    return {"title": page.title, "url": page.get_url(request), "kind": models[page.content_type_id].search_kind}


def popular_tags(base, limit=POPULAR_TAGS):
    """The most used tags on pages this person may see: one query per page type."""
    counts, slugs = Counter(), {}
    visible_ids = base.values("pk")
    for model in set(models_by_content_type().values()):
        through = model._meta.get_field("tags").remote_field.through
        rows = (
            through.objects.filter(content_object_id__in=visible_ids)
            .values("tag__name", "tag__slug")
            .annotate(uses=Count("pk"))
            .order_by("-uses")[: limit * 2]
        )
        for row in rows:
            counts[row["tag__name"]] += row["uses"]
            slugs[row["tag__name"]] = row["tag__slug"]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))[:limit]
    return [{"name": name, "slug": slugs[name], "count": count} for name, count in ranked]


def title_vocabulary(base, tags):
    """{folded word: word} of recent titles and tag names: what "did you mean" picks from."""
    vocabulary = {}
    titles = base.order_by("-first_published_at").values_list("title", flat=True)[:VOCABULARY_TITLES]
    for text in [*titles, *(tag["name"] for tag in tags)]:
        for word in WORD.findall(text):
            if len(word) > 2:
                vocabulary.setdefault(fold(word), word.lower())
    return vocabulary


def did_you_mean(terms, vocabulary):
    """The query with each unknown word replaced by the closest word of `vocabulary`, or ""."""
    corrected, changed = [], False
    for term in terms:
        if term in vocabulary:
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.75)
        corrected.append(vocabulary[close[0]] if close else term)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else ""


def _whatever_the_query(base, request):
    """Popular tags, the latest items and the "did you mean" vocabulary: the same for every query,
    and each a scan of the whole site (~200 ms at 50,000 pages), so kept as a fragment per content
    version and audience when there is a request (home/fragments.py)."""

    def build():
        models = models_by_content_type()
        tags = popular_tags(base)
        latest = base.order_by("-first_published_at", "-pk")[:LATEST]
        return {
            "popular_tags": tags,
            "latest": [_page_link(page, models, request) for page in latest],
            "vocabulary": title_vocabulary(base, tags),
        }

    if request is None:
        return build()
    return cached_fragment("search-suggestions", request, build, per_address=False)


def suggest(query, terms, base, *, request=None):
    """Suggestions for the empty state: a corrected query, titles that start like the query,
    popular tags and the latest items. A failing backend only removes the title suggestions."""
    models = models_by_content_type()
    common = _whatever_the_query(base, request)
    titles = []
    if terms:
        try:
            titles = [_page_link(page, models, request) for page in base.autocomplete(query)[:TITLE_SUGGESTIONS]]
        except Exception:
            logger.warning("Autocomplete suggestions failed for %r", query, exc_info=True)
    return {
        "did_you_mean": did_you_mean(query_terms(query), common["vocabulary"]) if terms else "",
        "titles": titles,
        "popular_tags": common["popular_tags"],
        "latest": common["latest"],
    }
