"""Writes everything public as OParl 1.1 JSON plus the public attachments, to a folder or one zip file."""

import datetime as dt
import io
import json
import os
import posixpath
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from opendata import index, oparl
from opendata.models import Kind

BATCH = 500
# Lists in the order a client would load them: who, then what they meet about.
ORDER = (
    Kind.ORGANIZATION,
    Kind.PERSON,
    Kind.MEMBERSHIP,
    Kind.LOCATION,
    Kind.MEETING,
    Kind.AGENDA_ITEM,
    Kind.PAPER,
    Kind.FILE,
)


class Progress:
    """A one-line text progress bar on standard error, redrawn in place when that is a terminal."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.width = label, max(total, 0), width
        self.stream = stream or sys.stderr
        self.done = 0
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.draw()

    def advance(self, count=1):
        self.done += count
        if self.tty:
            self.draw()

    def draw(self, end=""):
        filled = self.width if not self.total else int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{self.label:<14} [{bar}] {self.done}/{self.total}"
        self.stream.write(("\r" if self.tty else "") + line + end)
        self.stream.flush()

    def close(self):
        if self.tty:
            self.draw(end="\n")
        else:
            self.stream.write(f"{self.label:<14} [{'#' * self.width}] {self.done}/{self.total}\n")


class Command(BaseCommand):
    help = "Export all public data as OParl 1.1 JSON with the public attachments, to OUTDIR (or OUTDIR/open-data.zip)."

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="Folder to write into; it is created if missing.")
        parser.add_argument("--zip", action="store_true", help="Write one zip file, OUTDIR/open-data.zip, instead.")
        parser.add_argument("--no-files", action="store_true", help="Leave out the attachments themselves.")

    def handle(self, outdir, zip=False, no_files=False, **options):
        target = Path(outdir)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} exists and is not a folder.")
        target.mkdir(parents=True, exist_ok=True)
        show = options.get("verbosity", 1) > 0
        stream = self.stderr._out if show else io.StringIO()

        with translation.override(settings.LANGUAGE_CODE):
            index.rebuild()
            staging = Path(tempfile.mkdtemp(prefix="open-data-", dir=target))
            try:
                counts = self.write_tree(staging, stream, with_files=not no_files)
                if zip:
                    result = self.zip_tree(staging, target / "open-data.zip", stream)
                else:
                    result = self.replace_tree(staging, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"Exported {summary} to {result}")

    def write_tree(self, root, stream, with_files):
        ctx = oparl.Context()
        (root / "oparl").mkdir()
        self.write_json(root / "oparl" / "system.json", oparl.system_object(ctx))
        self.write_json(root / "oparl" / "body.json", oparl.body_object(ctx))
        counts = {}
        for kind in ORDER:
            object_type = oparl.TYPES[kind]
            queryset = object_type.annotated(ctx)
            ids = list(queryset.values_list("pk", flat=True))
            progress = Progress(object_type.type_name, len(ids), stream)
            path = root / "oparl" / f"{kind}.json"
            with path.open("w", encoding="utf-8") as out:
                out.write('{"data": [\n')
                first = True
                for start in range(0, len(ids), BATCH):
                    objects = list(queryset.filter(pk__in=ids[start : start + BATCH]))
                    for obj in object_type.serialise_many(objects, ctx):
                        out.write(("" if first else ",\n") + json.dumps(obj, ensure_ascii=False))
                        first = False
                    progress.advance(len(objects))
                out.write("\n],\n")
                out.write(f'"pagination": {{"totalElements": {len(ids)}}},\n')
                out.write(f'"links": {{"self": {json.dumps(oparl.api_url("list", kind))}}}}}\n')
            progress.close()
            counts[object_type.type_name] = len(ids)
        if with_files:
            counts["attachments"] = self.copy_files(root / "files", ctx, stream)
        self.write_json(
            root / "manifest.json",
            {
                "generated": oparl.stamp(timezone.now()),
                "oparlVersion": oparl.SCHEMA,
                "system": oparl.api_url("system"),
                "counts": counts,
                "layout": {
                    "oparl/<type>.json": "every public object of that OParl type, as one OParl list page",
                    "files/<id>/<file name>": "the file of the OParl File with that id",
                },
            },
        )
        return counts

    def copy_files(self, folder, ctx, stream):
        documents = list(ctx.scope.files().order_by("pk"))
        progress = Progress("attachments", len(documents), stream)
        copied = 0
        for document in documents:
            name = posixpath.basename(document.file.name)
            destination = folder / str(document.pk) / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                with document.file.open("rb") as source, destination.open("wb") as out:
                    shutil.copyfileobj(source, out)
                copied += 1
            except FileNotFoundError:
                self.stderr.write(f"\nMissing from storage, skipped: document {document.pk} ({document.file.name})")
            progress.advance()
        progress.close()
        return copied

    def write_json(self, path, data):
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    def zip_tree(self, staging, destination, stream):
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        progress = Progress("zip", len(files), stream)
        partial = destination.with_suffix(".zip.partial")
        stamp = dt.datetime.now().timetuple()[:6]
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                info = zipfile.ZipInfo(path.relative_to(staging).as_posix(), date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                with path.open("rb") as source, archive.open(info, "w") as out:
                    shutil.copyfileobj(source, out)
                progress.advance()
        progress.close()
        os.replace(partial, destination)
        return destination

    def replace_tree(self, staging, target):
        for name in ("oparl", "files", "manifest.json"):
            old = target / name
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
            if (staging / name).exists():
                os.replace(staging / name, old)
        return target
