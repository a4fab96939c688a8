"""Facets and ranking at scale: focus area ids on the entry itself, a vector of the title alone, newest first.

The focus area facet is counted from the ids on each entry (a short text, cheap to group by) instead of a join
to the focus area table. PostgreSQL gets a small stored tsvector of the title's terms with a GIN index, so a
broad search finds the entries whose title holds every word (those rank highest) without reading any entry's
full vector; and a date index in the order results are shown (newest first, undated last), which a search
with very many matches walks to find the newest of them.
"""

from django.db import migrations, models

# SQLite reads a matching entry's filter and facet columns from this index instead of its wide row.
SQLITE_INDEX = (
    "CREATE INDEX search_entry_facets ON search_searchentry "
    "(id, language, is_public, kind, organisation_id, year, date, focus_area_ids)"
)
SQLITE_OLD_INDEX = (
    "CREATE INDEX search_entry_facets ON search_searchentry "
    "(id, language, is_public, kind, organisation_id, year, date)"
)
POSTGRES_STATEMENTS = [
    # Stored, so that testing an entry's title while walking the date index costs no parsing.
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_title_vector ON search_searchentry USING gin (title_vector)",
    "CREATE INDEX IF NOT EXISTS search_entry_public_newest ON search_searchentry "
    "(language, is_public, date DESC NULLS LAST, id)",
]


def fill_focus_ids(apps, schema_editor):
    entry_model = apps.get_model("search", "SearchEntry")
    through = entry_model.focus_areas.through
    found = {}
    for entry_id, area_id in through.objects.values_list("searchentry_id", "focusarea_id").iterator():
        found.setdefault(entry_id, []).append(area_id)
    # Entries without focus areas keep NULL, which reads as none: rewriting every row would be slow with a big index.
    batch = []
    for entry_id, area_ids in found.items():
        batch.append(entry_model(pk=entry_id, focus_area_ids=" ".join(str(pk) for pk in sorted(area_ids))))
        if len(batch) == 1000:
            entry_model.objects.bulk_update(batch, ["focus_area_ids"])
            batch = []
    entry_model.objects.bulk_update(batch, ["focus_area_ids"])


def forward_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_facets")
        schema_editor.execute(SQLITE_INDEX)
    elif vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key checks pending from the update
        for statement in POSTGRES_STATEMENTS:
            schema_editor.execute(statement)


def backward_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_facets")
        schema_editor.execute(SQLITE_OLD_INDEX)
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_public_newest")
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_title_vector")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_is_public")]

    operations = [
        # Nullable and without a default, so SQLite adds the column in place instead of rebuilding the table
        # (which would drop the full-text triggers).
        migrations.AddField(
            model_name="searchentry",
            name="focus_area_ids",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The ids of the focus areas, sorted and separated by spaces; written with them.",
                null=True,
                verbose_name="focus area ids",
            ),
        ),
        migrations.RunPython(fill_focus_ids, migrations.RunPython.noop),
        migrations.RunPython(forward_indexes, backward_indexes),
    ]
