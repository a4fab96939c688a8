"""Replaces Wagtail's welcome page with the portal's Danish home page and adds the English locale."""

from django.db import migrations


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("pages.HomePage")

    danish, _ = Locale.objects.get_or_create(language_code="da")
    Locale.objects.get_or_create(language_code="en")
    if HomePage.objects.exists():
        return
    # Wagtail's own migration leaves a placeholder page at depth 2; the portal's home takes its place.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="pages")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Forside",
        draft_title="Forside",
        slug="forside",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/forside/",
        locale=danish,
        live=True,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": ""}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
