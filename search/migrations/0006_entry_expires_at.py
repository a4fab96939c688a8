"""Entries remember when their page (or the page it is a copy of) expires, so searches leave it out from then on.

SQLite reads the expiry from the covering index with the other filter columns, never from the wide row.
"""

from django.db import migrations, models

SQLITE_INDEX = (
    "CREATE INDEX search_entry_facets ON search_searchentry "
    "(id, language, is_public, kind, organisation_id, year, date, focus_area_ids, expires_at)"
)
SQLITE_OLD_INDEX = (
    "CREATE INDEX search_entry_facets ON search_searchentry "
    "(id, language, is_public, kind, organisation_id, year, date, focus_area_ids)"
)


def fill_expiry(apps, schema_editor):
    """Entries of pages that expire, or whose sources do, get that time (few pages have one)."""
    page_model = apps.get_model("wagtailcore", "Page")
    entry_model = apps.get_model("search", "SearchEntry")
    expiring = page_model.objects.exclude(expire_at=None)
    for page in expiring.only("pk", "expire_at", "translation_key").iterator():
        copies = page_model.objects.filter(models.Q(pk=page.pk) | models.Q(alias_of_id=page.pk))
        copies |= page_model.objects.filter(translation_key=page.translation_key)
        for entry in entry_model.objects.filter(page_id__in=copies.values("pk")).only("pk", "expires_at"):
            if entry.expires_at is None or entry.expires_at > page.expire_at:
                entry.expires_at = page.expire_at
                entry.save(update_fields=["expires_at"])


def forward_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_facets")
        schema_editor.execute(SQLITE_INDEX)


def backward_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_facets")
        schema_editor.execute(SQLITE_OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_pending_engine_update"), ("wagtailcore", "0001_initial")]

    operations = [
        # Nullable and without a default, so SQLite adds the column in place instead of rebuilding the table
        # (which would drop the full-text triggers).
        migrations.AddField(
            model_name="searchentry",
            name="expires_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the page, or the page it is a copy of, expires; empty when it does not.",
                null=True,
                verbose_name="hidden from",
            ),
        ),
        migrations.RunPython(fill_expiry, migrations.RunPython.noop),
        migrations.RunPython(forward_index, backward_index),
    ]
