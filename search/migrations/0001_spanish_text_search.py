from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'lumino_es') THEN
        CREATE TEXT SEARCH CONFIGURATION lumino_es (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION lumino_es
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS lumino_es;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    """Spanish stemming that ignores accents ("tecnologia" finds "tecnología") on PostgreSQL.

    SQLite's FTS5 folds accents by itself; Elasticsearch and OpenSearch configure their own analysers.
    """

    dependencies = []

    operations = [migrations.RunPython(create, drop)]
