"""The best matches, in the backend's relevance order, capped: a few queries on the database backends.

modelsearch's SQLite backend orders by relevance through a correlated subquery that runs the FTS5
MATCH again for every matching page, so its time grows with the square of the matches (seconds at
thousands of matches). On SQLite the ranking is done here instead, in one pass over the FTS5 table
with modelsearch's own match and bm25 expressions, in the same order as modelsearch's (score, then
newest page first).

modelsearch's PostgreSQL backend starts from the pages and joins their index entries through
`object_id = page.id::varchar`, then filters on `(title || body) @@ query`: no index serves either,
so every search reads every page and every entry (~550 ms at 50,000 articles, even for a word found
nowhere). On PostgreSQL the query starts from the index entries instead: the same match, served by
the GIN index on `(title || body)` (search/migrations/0004), the same rank expression and order.
On both, the ranked ids are then checked against the pages a person may see, by primary key, in
the query that loads their titles. Elasticsearch and OpenSearch are asked as usual.

Scoring is the cost that grows with the matches (PostgreSQL reads and decompresses every matching
body to rank it: ~250 ms for a word in 50,000 articles). So on both databases at most `max_ranked`
matches are scored: when more match, the newest of those with the whole query in the title (up to
half of them), then the newest of the others (by index entry: the order pages were first indexed).
Below the cap the answer is exactly modelsearch's; above it, the best of those, and the list says
it is partial. A word found in that many pages tells little about relevance (BM25 gives such a
word almost no weight); the title and what is new then matter more.
"""

from collections import namedtuple

from django.db import connections
from django.db.models import F, IntegerField, Q
from django.db.models.functions import Cast

from modelsearch.query import And, Or, PlainText
from modelsearch.utils import get_descendants_content_types_pks


def _vendor(queryset):
    return queryset.query.get_compiler(queryset.db).connection.vendor


def _on_sqlite_fts(backend, queryset):
    if _vendor(queryset) != "sqlite":
        return False
    # Imported only on SQLite: the module defines models that exist on SQLite alone.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(backend, SQLiteSearchBackend)


def _on_postgres(backend, queryset):
    if _vendor(queryset) != "postgresql":
        return False
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(backend, PostgresSearchBackend)


# What ranking needs of a match; building up to 1,000 Page objects per search costs ~80 ms.
Match = namedtuple("Match", "pk content_type_id title")
# Matches scored at most (see above): ~10 ms of scoring on either database.
MAX_RANKED = 500


class Matches(list):
    """The best matches, best first; `partial` when more pages matched than were scored or kept."""

    def __init__(self, matches=(), *, partial=False):
        super().__init__(matches)
        self.partial = partial


def best_matches(queryset, query, limit, *, max_ranked=None):
    """Up to `limit` pages of `queryset` matching `query` (And/Or of PlainText), best first, as Match;
    at most `max_ranked` (default MAX_RANKED) of the matches are scored (see above)."""
    max_ranked = max_ranked or MAX_RANKED
    results = queryset.only("id", "content_type_id", "title").search(query)
    if isinstance(query, And | Or | PlainText) and _on_postgres(results.backend, queryset):
        ranked, partial = _postgres_ranking(results, queryset, max_ranked)
    elif isinstance(query, And | Or | PlainText) and _on_sqlite_fts(results.backend, queryset):
        ranked, partial = _sqlite_ranking(results, queryset, query, max_ranked)
    else:
        found = [Match(page.pk, page.content_type_id, page.title) for page in results[: limit + 1]]
        return Matches(found[:limit], partial=len(found) > limit)
    # At most max_ranked ids: checked against the visible pages by primary key, in one query.
    ids = list(dict.fromkeys(ranked))
    rows = queryset.order_by().filter(pk__in_array=ids).values_list("pk", "content_type_id", "title")
    found = {row[0]: Match(*row) for row in rows}
    visible = [found[pk] for pk in ids if pk in found]
    return Matches(visible[:limit], partial=partial or len(visible) > limit)


def _candidates(entries, titled, key, max_ranked):
    """(newest, in_title): the entry ids to score when more than `max_ranked` of `entries` match,
    `max_ranked` in all: the newest with the query in the title (`titled`), up to half of them,
    then the newest matches; None when the matches are few enough to score them all."""
    newest = list(entries.order_by(f"-{key}").values_list(key, flat=True)[: max_ranked + 1])
    if len(newest) <= max_ranked:
        return None
    in_title = list(titled.order_by(f"-{key}").values_list(key, flat=True)[: max_ranked // 2])
    return newest[: max_ranked - len(in_title)], in_title


def _sqlite_ranking(results, queryset, query, max_ranked):
    """modelsearch's SQLite search (FTS5 match, bm25 rank, order) as (page ids best first, partial)."""
    from modelsearch.backends.database.sqlite.query import MatchExpression, SQLiteFTSIndexEntry, normalize

    compiler, config = results.query_compiler, results.backend.config
    search_query = compiler.build_search_query(normalize(query), config=config)
    content_types = get_descendants_content_types_pks(queryset.model)
    entries = SQLiteFTSIndexEntry.objects.filter(
        MatchExpression(compiler.FTS_TABLE_FIELDS, search_query), index_entry__content_type__in=content_types
    )
    titled = SQLiteFTSIndexEntry.objects.filter(
        MatchExpression(["title"], search_query), index_entry__content_type__in=content_types
    )
    candidates = _candidates(entries, titled, "index_entry_id", max_ranked)
    if candidates is not None:
        newest, in_title = candidates
        # A range and an OR: FTS5 would otherwise run the match once per id of an `IN` list (~0.5 s).
        entries = entries.filter(Q(index_entry_id__gte=newest[-1]) | Q(index_entry_id__in=in_title))
    ranked = (
        entries.annotate(
            score=compiler._build_rank_expression(compiler.get_search_vectors(), config),
            object_pk=Cast("index_entry__object_id", IntegerField()),
        )
        .order_by("score", "-object_pk")
        .values_list("object_pk", flat=True)
    )
    return list(ranked), candidates is not None


def _postgres_ranking(results, queryset, max_ranked):
    """modelsearch's PostgreSQL search (search_query, rank, order), run from the index entries, as
    (page ids best first, partial)."""
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    compiler.query = _merge_variants(compiler.query, config, queryset.db)
    search_query = compiler.build_tsquery(compiler.query, config=config)
    # modelsearch's own vectors (get_index_vectors), named from the index entry instead of the page.
    vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
    content_types = get_descendants_content_types_pks(queryset.model)
    entries = IndexEntry.objects.annotate(_vector_=F("title")._combine(F("body"), "||", False)).filter(
        _vector_=search_query, content_type__in=content_types
    )
    titled = IndexEntry.objects.filter(title=search_query, content_type__in=content_types)
    candidates = _candidates(entries, titled, "id", max_ranked)
    if candidates is not None:
        # Already known to match: no need to test the query again on each of them.
        entries = IndexEntry.objects.filter(id__in_array={*candidates[0], *candidates[1]})
    ranked = (
        entries.annotate(
            score=compiler._build_rank_expression(vectors, config),
            object_pk=Cast("object_id", IntegerField()),
        )
        .order_by(F("score").desc(), "-object_pk")
        .values_list("object_pk", flat=True)
    )
    return list(ranked), candidates is not None


def _merge_variants(query, config, using):
    """`query` with each word's forms kept once when `config` reduces them all to the same lexemes
    ("ejemplo" and "ejemplos" are both `ejempl` in `lumino_es`): the same matches and the same scores
    (an Or averages its parts' ranks, here equal), half the `ts_rank` calls per match."""
    groups = query.subqueries if isinstance(query, And) else [query]
    leaves = [leaf for group in groups for leaf in (group.subqueries if isinstance(group, Or) else [group])]
    if not any(isinstance(group, Or) for group in groups) or not all(isinstance(leaf, PlainText) for leaf in leaves):
        return query
    # Each form as modelsearch's Lexeme writes it for to_tsquery.
    forms = ["'{}'".format(leaf.query_string.replace("'", "''").replace("\\", "\\\\")) for leaf in leaves]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT to_tsquery(COALESCE(%s::regconfig, get_current_ts_config()), form)::text"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS f(form, n) ORDER BY n",
            [config, forms],
        )
        lexemes = {id(leaf): row[0] for leaf, row in zip(leaves, cursor.fetchall(), strict=True)}
    merged = []
    for group in groups:
        alike = isinstance(group, Or) and len({lexemes[id(leaf)] for leaf in group.subqueries}) == 1
        merged.append(group.subqueries[0] if alike else group)
    return And(merged) if isinstance(query, And) else merged[0]
