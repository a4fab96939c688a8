"""What a meeting's packet holds, its content version, and building it into a file in storage.

The public edition holds what the public may read of the meeting (the visibility rule's public viewer); the members'
edition what the organisation's members may read (``visibility.for_members_of``). Who may fetch which edition is
asked when it is served (packets/views.py), never here. The content version is a hash of everything drawn or merged,
so a changed item, decision, attachment, file or visibility gives a new version and the old file is never served for
it.
"""

import hashlib
import io
import json
import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader
from wagtail.documents import get_document_model

from pages import visibility
from pages.models import MeetingPage
from portal import addresses

from . import drawing
from .merge import Bookmark, CopyFailed, StreamingPdfWriter, footer_stamp
from .models import MeetingPacket

logger = logging.getLogger(__name__)

# Raised whenever the drawing or the merge changes what a packet looks like: every packet is then built again.
FORMAT_VERSION = 1
EDITIONS = (MeetingPacket.Edition.PUBLIC, MeetingPacket.Edition.MEMBERS)


def live_meeting(meeting_id):
    """The published meeting with that id (its live row, never a draft), or None."""
    return MeetingPage.objects.live().filter(pk=meeting_id).select_related("locale").first()


def viewer_for(meeting, edition):
    return visibility.for_members_of(meeting) if edition == MeetingPacket.Edition.MEMBERS else visibility.public()


def _document_row(document, row, item_number):
    name = document.file.name or ""
    return {
        "document": document.pk,
        "title": row["title"],
        "sha256": document.sha256,
        "file": name,
        "is_pdf": name.lower().endswith(".pdf"),
        "url": addresses.absolute(document.url),
        "item": item_number,
    }


def plan(meeting, edition):
    """Everything the packet draws and merges, as plain data; None when the meeting has no agenda."""
    items = viewer_for(meeting, edition).agenda(meeting)
    if not items:
        return None
    language = meeting.locale.language_code
    with translation.override(language):
        facts = drawing.cover_facts(meeting)
        organisation = meeting.get_parent().specific
        return {
            "format": FORMAT_VERSION,
            "edition": str(edition),
            "language": language,
            "meeting": {
                "id": meeting.pk,
                "title": meeting.title,
                "organisation": getattr(organisation, "display_name", "") or organisation.title,
                "date": facts["date"],
                "time": facts["time"],
                "location": meeting.location,
                "cancelled": meeting.cancelled,
                "cancellation_reason": meeting.cancellation_reason,
                "url": addresses.absolute(meeting.url or ""),
            },
            "items": [
                {
                    "pk": item.pk,
                    "number": item.number,
                    "shown": item.is_visible,
                    "text_shown": item.text_visible,
                    "closed": item.closed,
                    "legal_basis": item.legal_basis if item.is_visible else "",
                    "title": item.title if item.is_visible else "",
                    "case_reference": item.case_reference,
                    "description": item.description,
                    "recommendation": item.recommendation,
                    "decision": item.decision,
                    "attachments": [_document_row(a["document"], a, item.number) for a in item.resolved_attachments],
                }
                for item in items
            ],
        }


def version_of(contents):
    return hashlib.sha256(json.dumps(contents, sort_keys=True, default=str).encode()).hexdigest()[:32]


def disclosed(contents):
    """The items and documents a packet shows, to compare an older version with the current one."""
    shown = set()
    for item in contents["items"]:
        if item["shown"]:
            shown.add(f"title:{item['pk']}")
        if item["text_shown"]:
            shown.add(f"text:{item['pk']}")
        # A replaced file is another document: the old file is not served while the new one is merged.
        shown.update(f"document:{a['document']}:{a['sha256']}" for a in item["attachments"])
    return sorted(shown)


def current(meeting, edition):
    """(contents, version) of the meeting's packet as it should be now; (None, None) without an agenda."""
    contents = plan(meeting, edition)
    return (contents, version_of(contents)) if contents else (None, None)


def stored(meeting_id, edition, version):
    """The stored packet of that version, when its file is there."""
    packet = MeetingPacket.objects.filter(meeting_id=meeting_id, edition=edition, version=version).first()
    if packet is not None and default_storage.exists(packet.file.name):
        return packet
    return None


def previous(meeting_id, edition, contents):
    """The newest other stored version that shows nothing the current contents hide, to serve while it is built."""
    allowed = set(disclosed(contents))
    for packet in MeetingPacket.objects.filter(meeting_id=meeting_id, edition=edition).order_by("-built_at", "-pk"):
        if set(packet.disclosed) <= allowed and default_storage.exists(packet.file.name):
            return packet
    return None


# -- building -----------------------------------------------------------------------------------------------------


def _page_count(path):
    return len(PdfReader(path).pages)


def _inspect(document_row, open_file):
    """How many pages an attachment brings, or the problem that puts a placeholder page in its place."""
    if not document_row["is_pdf"]:
        return None, "not_pdf"
    try:
        reader = PdfReader(open_file, strict=False)
        if reader.is_encrypted:
            return None, "encrypted"
        count = len(reader.pages)
        for page in reader.pages:
            page.cropbox  # noqa: B018 - a page without a readable box cannot be stamped
        return (count, None) if count else (None, "broken")
    except Exception:  # noqa: BLE001 - whatever pypdf meets in a damaged file
        return None, "broken"


def _open_document(document_id):
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    try:
        return document.file.open("rb")
    except (FileNotFoundError, OSError):
        return None


def write(contents, out, workdir):
    """Draws and merges the packet described by ``contents`` into the binary file ``out``; returns its page count."""
    workdir = Path(workdir)
    with translation.override(contents["language"]):
        meeting = contents["meeting"]
        # 1. The portal's own pages for each item, and what each attachment brings.
        parts = []  # (item, section path or None, [(attachment, pages, problem)])
        for item in contents["items"]:
            section = None
            if item["shown"]:
                section = workdir / f"item-{item['number']}.pdf"
                section.write_bytes(drawing.item_section(contents, item))
            attachments = []
            for attachment in item["attachments"]:
                handle = _open_document(attachment["document"])
                if handle is None:
                    attachments.append((attachment, 1, "missing"))
                    continue
                with handle:
                    count, problem = _inspect(attachment, handle)
                attachments.append((attachment, count or 1, problem))
            parts.append((item, section, attachments))
        sections = {item["number"]: _page_count(path) for item, path, _a in parts if path}

        # 2. The cover and agenda, drawn again until the page numbers they print hold for their own length.
        front_pages, front = 2, None
        for _attempt in range(5):
            entries, page = [], front_pages + 1
            for item, path, attachments in parts:
                start = page if path else None
                page += sections.get(item["number"], 0)
                listed = []
                for attachment, count, _problem in attachments:
                    listed.append((attachment["title"], page))
                    page += count
                title = item["title"] or gettext("Closed item")
                entries.append((item["number"], title, start, listed))
            front = drawing.front(contents, entries)
            counted = len(PdfReader(io.BytesIO(front)).pages)
            if counted == front_pages:
                break
            front_pages = counted
        total = page - 1
        front_path = workdir / "front.pdf"
        front_path.write_bytes(front)

        # 3. Everything, in order, straight into ``out``.
        left = f"{meeting['organisation']} · {meeting['title']}"
        if contents["edition"] == MeetingPacket.Edition.MEMBERS:
            left = f"{gettext('Members only')} · {left}"

        def stamps(index, box):
            return footer_stamp(
                left, gettext("Page %(number)s of %(total)s") % {"number": index + 1, "total": total}, box
            )

        writer = StreamingPdfWriter(out, language=contents["language"], title=meeting["title"])
        writer.add(str(front_path), stamps)
        bookmarks = [Bookmark(gettext("Cover"), 0), Bookmark(gettext("Agenda"), 1)]
        for item, path, attachments in parts:
            first = writer.add(str(path), stamps) if path else None
            children = []
            for attachment, count, problem in attachments:
                at = None
                if problem is None:
                    handle = _open_document(attachment["document"])
                    try:
                        at = writer.add(handle, stamps)
                    except CopyFailed:
                        logger.warning(
                            "Packet of meeting %s: attachment %s left out", meeting["id"], attachment["document"]
                        )
                        problem = "broken"
                    finally:
                        handle.close()
                if problem is not None:
                    at = _placeholder(writer, contents, attachment, problem, count, stamps, workdir)
                children.append(Bookmark(gettext("Attachment: %(title)s") % {"title": attachment["title"]}, at))
            if first is not None:
                bookmarks.append(Bookmark(f"{item['number']}. {item['title']}", first, children))
        return writer.close(bookmarks)


def _placeholder(writer, contents, attachment, problem, count, stamps, workdir):
    """The placeholder page, and blank pages up to ``count`` when a file failed after its pages were counted."""
    path = workdir / f"placeholder-{attachment['document']}.pdf"
    path.write_bytes(drawing.placeholder(contents, {**attachment, "problem": problem}))
    at = writer.add(str(path), stamps)
    for _extra in range(count - 1):
        writer.add(str(path), stamps)
    return at


def build(meeting_id, edition):
    """Builds and stores the current version of a meeting's packet unless it is stored already; returns the packet,
    or None when the meeting is not published or has no agenda."""
    meeting = live_meeting(meeting_id)
    if meeting is None:
        return None
    contents, version = current(meeting, edition)
    if contents is None:
        return None
    packet = stored(meeting.pk, edition, version)
    if packet is not None:
        return packet
    with tempfile.TemporaryDirectory(prefix="packet-") as workdir:
        out_path = Path(workdir) / "packet.pdf"
        with out_path.open("w+b") as out:
            pages = write(contents, out, workdir)
        name = f"packets/{meeting.pk}/{edition}-{version}.pdf"
        if default_storage.exists(name):
            default_storage.delete(name)
        with out_path.open("rb") as handle:
            name = default_storage.save(name, File(handle))
        size = out_path.stat().st_size
    try:
        with transaction.atomic():
            packet, _created = MeetingPacket.objects.update_or_create(
                meeting=meeting,
                edition=edition,
                version=version,
                defaults={"file": name, "disclosed": disclosed(contents), "pages": pages, "size": size},
            )
    except IntegrityError:  # another worker stored the same version at the same moment
        packet = MeetingPacket.objects.get(meeting=meeting, edition=edition, version=version)
    discard_older(meeting.pk, edition, keep=packet.pk)
    return packet


def discard_older(meeting_id, edition, keep=None):
    """Removes the stored versions of an edition other than ``keep``, files and rows."""
    for packet in MeetingPacket.objects.filter(meeting_id=meeting_id, edition=edition).exclude(pk=keep):
        default_storage.delete(packet.file.name)
        packet.delete()
