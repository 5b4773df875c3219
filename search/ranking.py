"""The best matches, in the backend's relevance order, capped: one query on the database backends.

modelsearch's SQLite backend orders by relevance through a correlated subquery that runs the FTS5
MATCH again for every matching page, so its time grows with the square of the matches (seconds at
thousands of matches). On SQLite the ranking is done here instead, in one pass over the FTS5 table
with modelsearch's own match and bm25 expressions, joined to the pages a person may see, in the same
order as modelsearch's (score, then newest page first).

modelsearch's PostgreSQL backend starts from the pages and joins their index entries through
`object_id = page.id::varchar`, then filters on `(title || body) @@ query`: no index serves either,
so every search reads every page and every entry (~550 ms at 50,000 articles, even for a word found
nowhere). On PostgreSQL the query starts from the index entries instead: the same match, served by
the GIN index on `(title || body)` (search/migrations/0004), the same rank expression and order, and
each match checked against the visible pages by primary key. Elasticsearch and OpenSearch are asked
as usual.
"""

from collections import namedtuple

from django.db import connections
from django.db.models import Exists, F, IntegerField, OuterRef
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


def best_matches(queryset, query, limit):
    """Up to `limit` pages of `queryset` matching `query` (And/Or of PlainText), best first, as Match."""
    results = queryset.only("id", "content_type_id", "title").search(query)
    if isinstance(query, And | Or | PlainText) and _on_postgres(results.backend, queryset):
        return _postgres_matches(results, queryset, limit)
    if not isinstance(query, And | Or | PlainText) or not _on_sqlite_fts(results.backend, queryset):
        return [Match(page.pk, page.content_type_id, page.title) for page in results[:limit]]
    from modelsearch.backends.database.sqlite.query import MatchExpression, SQLiteFTSIndexEntry, normalize

    compiler, config = results.query_compiler, results.backend.config
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalize(query), config=config))
    # Each match is checked against the visible pages by primary key: an `IN (visible pages)` list
    # would build all ~50,000 visible ids first, even for a word found once.
    visible = queryset.order_by().filter(pk=Cast(OuterRef("index_entry__object_id"), IntegerField()))
    ranked = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(Exists(visible), index_entry__content_type__in=get_descendants_content_types_pks(queryset.model))
        .annotate(
            score=compiler._build_rank_expression(compiler.get_search_vectors(), config),
            object_pk=Cast("index_entry__object_id", IntegerField()),
        )
        .order_by("score", "-object_pk")
        .values_list("object_pk", flat=True)
    )
    return _load(queryset, list(dict.fromkeys(ranked[:limit])))


def _postgres_matches(results, queryset, limit):
    """modelsearch's PostgreSQL search (search_query, rank, order), run from the index entries."""
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    compiler.query = _merge_variants(compiler.query, config, queryset.db)
    search_query = compiler.build_tsquery(compiler.query, config=config)
    # modelsearch's own vectors (get_index_vectors), named from the index entry instead of the page.
    vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
    visible = queryset.order_by().filter(pk=Cast(OuterRef("object_id"), IntegerField()))
    ranked = (
        IndexEntry.objects.annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=search_query)
        .filter(Exists(visible), content_type__in=get_descendants_content_types_pks(queryset.model))
        .annotate(
            score=compiler._build_rank_expression(vectors, config),
            object_pk=Cast("object_id", IntegerField()),
        )
        .order_by(F("score").desc(), "-object_pk")
        .values_list("object_pk", flat=True)
    )
    return _load(queryset, list(dict.fromkeys(ranked[:limit])))


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


def _load(queryset, ids):
    # The ids are already among the visible pages: no need to apply the visibility filter twice.
    rows = queryset.model._base_manager.filter(pk__in=ids).values_list("pk", "content_type_id", "title")
    found = {row[0]: Match(*row) for row in rows}
    return [found[pk] for pk in ids if pk in found]
