"""Writes a portable backup of the database and the uploaded media to one .tar.gz file."""

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.backup.archive import write_backup


class Command(BaseCommand):
    help = "Back up the database (as portable JSON) and the uploaded media into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help=(
                "Where to write the archive; default backups/portal-<time>.tar.gz (PORTAL_BACKUP_DIR sets the folder)."
            ),
        )
        parser.add_argument("--no-media", action="store_true", help="Leave the uploaded media out.")

    def handle(self, *args, **options):
        path = options["path"]
        if not path:
            folder = Path(os.environ.get("PORTAL_BACKUP_DIR", settings.BASE_DIR / "backups"))
            path = folder / f"portal-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = write_backup(path, self.stdout, include_media=not options["no_media"])
        objects = sum(manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {path}: {objects} objects, {manifest['media_files']} media files.")
        )
