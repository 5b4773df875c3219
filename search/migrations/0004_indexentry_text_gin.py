from django.db import migrations

INDEX = "lumino_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    """On PostgreSQL, a GIN index on the text that modelsearch searches: `title || body`.

    modelsearch matches `(title || body) @@ query`; its own GIN indexes, on `title` and on `body`
    separately, cannot serve that expression, so every search read every index entry.
    search/ranking.py queries that exact expression. SQLite (FTS5) and Elasticsearch need nothing.
    """

    dependencies = [
        ("search", "0003_pending_requested_at"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
