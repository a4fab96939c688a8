"""Portable backups of the portal: the database as JSON and the uploaded media, in one .tar.gz.

The archive holds ``manifest.json`` (format, time, object counts), ``data/NNN-app.model.json`` (one file per
model, in dependency order, foreign keys to content types and permissions written as natural keys so the
archive loads into any database, SQLite or PostgreSQL) and ``media/…`` (a copy of MEDIA_ROOT).
"""

import contextlib
import datetime as dt
import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import signals
from wagtail.snippets.models import create_extra_permissions

FORMAT = 1
# Left out: content types (made again from the models; rows refer to them by natural key), short-lived
# sessions and Wagtail's own search index, which is rebuilt after a restore.
EXCLUDED = {
    "contenttypes.ContentType",
    "sessions.Session",
    "admin.LogEntry",
    "wagtailsearch.IndexEntry",
    "wagtailsearch.SQLiteFTSIndexEntry",
}


class Progress:
    """A one-line progress bar on a terminal, plain lines elsewhere."""

    def __init__(self, stream, width=28):
        self.stream = stream
        self.width = width
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def update(self, label, done, total):
        if not self.tty:
            return
        filled = int(self.width * done / total) if total else self.width
        bar = "█" * filled + "·" * (self.width - filled)
        self.stream.write(f"\r  {label[:38]:<38} [{bar}] {done}/{total}", ending="")
        self.stream.flush()

    def done(self, label, detail):
        if self.tty:
            self.stream.write("\r\033[K", ending="")
        self.stream.write(f"  {label:<38} {detail}")


def backed_up_models():
    """Every concrete model with data worth keeping, in an order in which it can be loaded."""
    app_list = dict.fromkeys(apps.get_app_configs())
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label not in EXCLUDED and not model._meta.proxy and model._meta.managed
    ]


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def write_backup(path, stdout, include_media=True):
    """Writes the archive to ``path`` and returns its manifest."""
    progress = Progress(stdout)
    models = backed_up_models()
    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "models": {},
        "media_files": 0,
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        stdout.write("Database:")
        # One consistent snapshot of every table, even while editors keep working.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for number, model in enumerate(models, start=1):
                label = model._meta.label
                queryset = model._base_manager.order_by("pk")
                total = queryset.count()
                buffer = io.StringIO()
                written = 0

                def counted(rows, total=total, label=label):
                    nonlocal written
                    for row in rows:
                        written += 1
                        if written % 200 == 0:
                            progress.update(label, written, total)
                        yield row

                serializers.serialize(
                    "json", counted(queryset.iterator(chunk_size=1000)), stream=buffer, use_natural_foreign_keys=True
                )
                _add_bytes(tar, f"data/{number:03d}-{label.lower()}.json", buffer.getvalue().encode())
                manifest["models"][label] = written
                if written:
                    progress.done(label, f"{written} objects")
        if include_media:
            files = media_files(settings.MEDIA_ROOT)
            stdout.write(f"Media ({settings.MEDIA_ROOT}):")
            for done, file in enumerate(files, start=1):
                tar.add(file, arcname=f"media/{file.relative_to(settings.MEDIA_ROOT).as_posix()}")
                progress.update("files", done, len(files))
            progress.done("files", f"{len(files)} files")
            manifest["media_files"] = len(files)
        _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
    partial.replace(path)
    return manifest


@contextlib.contextmanager
def model_signals_muted():
    """Loads raw rows without side effects: no receiver runs, as if the rows had always been there."""
    muted = (signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete, signals.m2m_changed)
    saved = [(signal, signal.receivers) for signal in muted]
    for signal in muted:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def read_manifest(tar):
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except KeyError as exc:
        raise ValueError("Not a portal backup: manifest.json is missing.") from exc
    if manifest.get("format") != FORMAT:
        raise ValueError(f"Unsupported backup format {manifest.get('format')!r} (this portal reads {FORMAT}).")
    return manifest


def _create_content_types():
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0, interactive=False)


def _create_missing_permissions():
    """Permissions for models newer than the backup; those in the backup are restored as they were."""
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    create_extra_permissions(apps.get_app_config("wagtailsnippets"))


def load_backup(path, stdout, include_media=True):
    """Replaces the database's content and adds the media from the archive at ``path``; returns its manifest."""
    progress = Progress(stdout)
    with tarfile.open(path, "r:gz") as tar:
        manifest = read_manifest(tar)
        data_members = sorted((m for m in tar.getmembers() if m.name.startswith("data/")), key=lambda m: m.name)
        stdout.write("Emptying the database …")
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        _create_content_types()
        stdout.write("Database:")
        loaded_models = set()
        with transaction.atomic(), connection.constraint_checks_disabled(), model_signals_muted():
            deferred = []
            for member in data_members:
                raw = tar.extractfile(member).read()
                objects = list(
                    serializers.deserialize("json", raw, ignorenonexistent=True, handle_forward_references=True)
                )
                label = member.name.split("-", 1)[1].removesuffix(".json")
                for done, obj in enumerate(objects, start=1):
                    obj.save()
                    if obj.deferred_fields:
                        deferred.append(obj)
                    loaded_models.add(type(obj.object))
                    if done % 200 == 0:
                        progress.update(label, done, len(objects))
                if objects:
                    progress.done(label, f"{len(objects)} objects")
            for obj in deferred:
                obj.save_deferred_fields()
            table_names = [model._meta.db_table for model in loaded_models]
            connection.check_constraints(table_names=table_names)
        statements = connection.ops.sequence_reset_sql(no_style(), list(loaded_models))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        _create_missing_permissions()
        if include_media:
            media = [m for m in tar.getmembers() if m.name.startswith("media/") and m.isfile()]
            stdout.write(f"Media ({settings.MEDIA_ROOT}):")
            root = Path(settings.MEDIA_ROOT)
            root.mkdir(parents=True, exist_ok=True)
            for done, member in enumerate(media, start=1):
                member.name = member.name.removeprefix("media/")
                # The "data" filter refuses absolute paths, links out of the folder and device files.
                tar.extract(member, root, filter="data")
                progress.update("files", done, len(media))
            progress.done("files", f"{len(media)} files")
    return manifest
