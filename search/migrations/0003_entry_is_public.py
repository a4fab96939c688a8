"""A denormalised public flag on each entry, so searches need no join to the page tree."""

from django.db import migrations, models


def mark_existing(apps, schema_editor):
    # Entries were only ever written for live, public pages; the rebuild command refreshes them anyway.
    apps.get_model("search", "SearchEntry").objects.update(is_public=True)


# SQLite reads a matching entry's filter columns from this index instead of its wide row (text and terms).
SQLITE_INDEX = (
    "CREATE INDEX search_entry_facets ON search_searchentry "
    "(id, language, is_public, kind, organisation_id, year, date)"
)


# Adding the column makes SQLite rebuild the entries table, which drops the full-text triggers: restore them.
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, terms)
        VALUES ('delete', old.id, old.title_terms, old.terms);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title_terms, terms ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, terms)
        VALUES ('delete', old.id, old.title_terms, old.terms);
        INSERT INTO search_fts(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


def sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in [*SQLITE_TRIGGERS, SQLITE_INDEX]:
            schema_editor.execute(statement)


def postgres_compression(apps, schema_editor):
    # LZ4 compresses and decompresses the long text, term and vector values several times faster than pglz.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone():
            for column in ("text", "title_terms", "terms", "vector"):
                cursor.execute(f"ALTER TABLE search_searchentry ALTER COLUMN {column} SET COMPRESSION lz4")


def drop_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_facets")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="is_public",
            field=models.BooleanField(
                default=False,
                help_text="Whether the page was live and under no view restriction when it was last indexed.",
                verbose_name="public",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["language", "is_public", "date"], name="search_entry_public_date"),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
        migrations.RunPython(sqlite_index, drop_sqlite_index),
        migrations.RunPython(postgres_compression, migrations.RunPython.noop),
    ]
