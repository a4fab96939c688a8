"""Restores a backup written by ``manage.py backup``: replaces the database's content and puts the media back."""

import tarfile

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.backup.archive import load_backup, read_manifest
from portal.cache import bump_generation


class Command(BaseCommand):
    help = "Restore a backup archive into this database (migrating it first) and media folder."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--no-media", action="store_true", help="Leave the media folder as it is.")
        parser.add_argument("--no-index", action="store_true", help="Do not rebuild the search index afterwards.")

    def handle(self, *args, **options):
        database = connection.settings_dict["NAME"]
        try:
            with tarfile.open(options["path"], "r:gz") as tar:
                manifest = read_manifest(tar)
        except (OSError, ValueError, tarfile.TarError) as exc:
            raise CommandError(f"Cannot restore {options['path']}: {exc}") from exc
        self.stdout.write(
            f"Backup of {manifest['created']} ({manifest['database']}): {sum(manifest['models'].values())} objects, "
            f"{manifest['media_files']} media files."
        )
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the database {database} and adds the backup's files to "
                f"{settings.MEDIA_ROOT}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        self.stdout.write("Bringing the database schema up to date …")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = load_backup(options["path"], self.stdout, include_media=not options["no_media"])
        except (OSError, ValueError, tarfile.TarError) as exc:
            raise CommandError(f"Cannot restore {options['path']}: {exc}") from exc
        bump_generation()
        if not options["no_index"]:
            self.stdout.write("Rebuilding the search index …")
            try:
                call_command("update_index", verbosity=0)
            except Exception as exc:  # noqa: BLE001 - the data is back; the index can be rebuilt later
                self.stderr.write(f"The search index could not be rebuilt now ({exc}); run `manage.py update_index`.")
        objects = sum(manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {objects} objects and {manifest['media_files']} media files from a backup made "
                f"{manifest['created']} on {manifest['database']}."
            )
        )
