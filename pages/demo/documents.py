"""Small generated files for the demo: PDFs drawn with reportlab and plain-text attachments."""

import hashlib
import io
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer
from wagtail.models import Collection, CollectionViewRestriction

from pages.models import PortalDocument

RESTRICTED_COLLECTION = "Lukkede bilag"


def pdf_bytes(title, blocks, header_lines=(), author="KL"):
    """A PDF of ``blocks`` (as from ``memo_blocks``) under a title; the built-in fonts cover æ, ø and å."""
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(line), styles["Normal"]) for line in header_lines]
    if header_lines:
        story.append(Spacer(1, 0.5 * cm))
    story.append(Paragraph(escape(title), styles["Title"]))
    for kind, content in blocks:
        if kind == "ul":
            items = [ListItem(Paragraph(escape(text), styles["BodyText"])) for text in content]
            story.append(ListFlowable(items, bulletType="bullet", leftIndent=12))
        else:
            style = {"h2": "Heading2", "h3": "Heading3"}.get(kind, "BodyText")
            story.append(Paragraph(escape(content), styles[style]))
    buffer = io.BytesIO()
    # ``invariant`` leaves out timestamps and random ids, so the same text always gives the same file.
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author=author, invariant=1, lang="da-DK")
    doc.build(story)
    return buffer.getvalue()


def restricted_collection():
    """The collection for files that stay with the members: only editors and moderators can open them."""
    from django.contrib.auth.models import Group

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=RESTRICTED_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=RESTRICTED_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=["Editors", "Moderators"]))
    return collection


class DocumentStore:
    """Finds the demo's documents by title and makes the missing ones, counting what it made."""

    def __init__(self):
        self.created = 0
        self.seen = set()
        self._restricted = None

    def get(self, title, filename, make_content, restricted=False):
        """The document with this title; ``make_content`` is only called when it has to be made."""
        self.seen.add(title)
        document = PortalDocument.objects.filter(title=title).first()
        if document is not None:
            return document
        content = make_content()
        if isinstance(content, str):
            content = content.encode("utf-8")
        document = PortalDocument(title=title, sha256=hashlib.sha256(content).hexdigest())
        if restricted:
            if self._restricted is None:
                self._restricted = restricted_collection()
            document.collection = self._restricted
        document.file.save(filename, ContentFile(content), save=False)
        document._set_document_file_metadata()
        document.save()
        self.created += 1
        return document
