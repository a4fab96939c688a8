"""Imports a folder of PDF, DOCX, ODT and text files as published memos, each with its file attached."""

import csv
import datetime as dt
import hashlib
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from pages.models import MemoIndexPage, MemoPage, OrganisationPage, PortalDocument
from search.extraction import extract

SUPPORTED = {".pdf", ".docx", ".odt", ".txt"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y")


class ImportFailure(Exception):
    """A file that cannot be imported, with the reason."""


def normalise_header(name):
    return "_".join((name or "").strip().lower().replace("-", " ").split())


def read_metadata(path):
    """The CSV rows keyed by file name (columns: file, title, date, journal number, case id, author reference, body)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = {}
    for row in csv.DictReader(text.splitlines(), dialect=dialect):
        row = {normalise_header(k): (v or "").strip() for k, v in row.items() if k}
        if row.get("file"):
            rows[Path(row["file"]).name] = row
    return rows


def parse_date(value):
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ImportFailure(f"the date “{value}” is not a date (use YYYY-MM-DD or DD.MM.YYYY)")


class Command(BaseCommand):
    help = "Imports a folder of PDF, DOCX, ODT and TXT files as memos with the file attached; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder with the files (searched recursively).")
        parser.add_argument(
            "--metadata", help="CSV file: file, title, date, journal number, case id, author reference, body."
        )
        parser.add_argument("--parent", type=int, help="Id of the memo archive page to file the memos under.")

    def handle(self, folder, metadata=None, parent=None, **options):
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        archive = self.archive(parent)
        rows = read_metadata(metadata) if metadata else {}
        files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        imported, skipped, failures, warnings = 0, 0, [], []
        for number, path in enumerate(files, start=1):
            self.progress(number, len(files), path.name)
            shown = path.relative_to(root)
            try:
                outcome, warning = self.import_file(path, rows.get(path.name, {}), archive)
            except ImportFailure as exc:
                failures.append((shown, str(exc)))
                continue
            except Exception as exc:  # one bad file never stops the others; the reason is reported below
                failures.append((shown, f"{type(exc).__name__}: {exc}"))
                continue
            if outcome == "skipped":
                skipped += 1
            else:
                imported += 1
            if warning:
                warnings.append((shown, warning))
        self.stderr.write("")
        unknown = sorted(set(rows) - {p.name for p in files})
        for name in unknown:
            failures.append((Path(name), "listed in the metadata file but not found in the folder"))
        self.stdout.write(f"Imported {imported} file(s); {skipped} already imported; {len(failures)} failed.")
        for path, reason in warnings:
            self.stdout.write(f"  imported without text: {path}: {reason}")
        if failures:
            self.stdout.write("Failures:")
            for path, reason in failures:
                self.stdout.write(f"  {path}: {reason}")
            raise CommandError(f"{len(failures)} file(s) could not be imported; see the list above.")

    def archive(self, parent):
        if parent:
            archive = MemoIndexPage.objects.filter(pk=parent).first()
            if archive is None:
                raise CommandError(f"Page {parent} is not a memo archive (MemoIndexPage).")
            return archive
        archive = MemoIndexPage.objects.filter(locale__language_code="da").order_by("path").first()
        if archive is None:
            raise CommandError("There is no memo archive yet: create one, or name it with --parent.")
        return archive

    def progress(self, number, total, name):
        if not total:
            return
        width = 30
        filled = int(width * number / total)
        bar = "#" * filled + "-" * (width - filled)
        end = "" if getattr(self.stderr, "isatty", lambda: False)() else "\n"
        self.stderr.write(f"\r[{bar}] {number}/{total} {name[:40]}", ending=end)
        sys.stderr.flush()

    def import_file(self, path, row, archive):
        """Imports one file in its own transaction; returns ("imported" | "skipped", warning)."""
        if path.suffix.lower() not in SUPPORTED:
            raise ImportFailure("not a PDF, DOCX, ODT or TXT file")
        data = path.read_bytes()
        if not data:
            raise ImportFailure("the file is empty")
        digest = hashlib.sha256(data).hexdigest()
        if PortalDocument.objects.filter(sha256=digest).exists():
            return "skipped", ""
        title = row.get("title") or path.stem.replace("_", " ").strip()
        date = parse_date(row["date"]) if row.get("date") else dt.date.fromtimestamp(path.stat().st_mtime)
        journal, facet = self.journal(row.get("journal_number", ""))
        organisation = self.organisation(row.get("body", ""))
        text, error = extract(data, path.name)

        document = PortalDocument(title=title[:255], extracted_text=text, extraction_error=error)
        document.skip_extraction = True
        try:
            with transaction.atomic():
                document.file.save(path.name, ContentFile(data), save=False)
                document.save()
                memo = MemoPage(
                    title=title[:255],
                    slug=self.unique_slug(archive, title),
                    date=date,
                    journal_number=journal,
                    action_facet=facet,
                    case_id=row.get("case_id", "")[:50],
                    author_reference=row.get("author_reference", "")[:20],
                    attachments=[
                        {"type": "attachment", "value": {"document": document.pk, "title": "", "publishable": True}}
                    ],
                    live=False,
                )
                self.validate(memo)
                archive.add_child(instance=memo)
                if organisation:
                    memo.related_organisations.add(organisation)
                memo.save_revision().publish()
        except BaseException:
            if document.file and document.file.name:
                document.file.storage.delete(document.file.name)
            raise
        return "imported", error

    def validate(self, memo):
        problems = []
        for name in ("journal_number", "action_facet", "case_id", "author_reference"):
            field = MemoPage._meta.get_field(name)
            try:
                field.clean(getattr(memo, name), memo)
            except ValidationError as exc:
                problems.append(f"{field.verbose_name}: {' '.join(exc.messages)}")
        if problems:
            raise ImportFailure("; ".join(problems))

    def journal(self, value):
        parts = value.split()
        if not parts:
            return "", ""
        if len(parts) > 2:
            raise ImportFailure(f"the journal number “{value}” should look like “04.00.00 P16”")
        return parts[0], (parts[1] if len(parts) == 2 else "")

    def organisation(self, value):
        if not value:
            return None
        found = OrganisationPage.objects.filter(Q(title__iexact=value) | Q(short_name__iexact=value)).first()
        if found is None:
            raise ImportFailure(f"no body or group is called “{value}”")
        return found

    def unique_slug(self, archive, title):
        base = slugify(title, allow_unicode=True)[:60] or "notat"
        slug, counter = base, 2
        siblings = set(archive.get_children().values_list("slug", flat=True))
        while slug in siblings:
            slug, counter = f"{base}-{counter}", counter + 1
        return slug
