"""Small generated files for the demo: PDFs drawn with reportlab and plain-text attachments."""

import hashlib
import io
from xml.sax.saxutils import escape

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer
from wagtail.models import Collection, CollectionViewRestriction

from pages.models import PortalDocument

RESTRICTED_COLLECTION = "Lukkede bilag"


def blocks_text(title, blocks, header_lines=()):
    """The plain text of a generated PDF, recorded as the document's extracted text."""
    lines = list(header_lines) + [title]
    for kind, content in blocks:
        lines += content if kind == "ul" else [content]
    return "\n".join(lines)


def pdf_file(title, blocks, header_lines=(), author="KL"):
    """The bytes and text of a generated PDF."""
    return pdf_bytes(title, blocks, header_lines, author), blocks_text(title, blocks, header_lines)


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
        """The document with this title; ``make_content`` gives its text, or its bytes and text, when it is made."""
        self.seen.add(title)
        document = PortalDocument.objects.filter(title=title).first()
        if document is not None:
            return document
        content = make_content()
        content, text = (content.encode("utf-8"), content) if isinstance(content, str) else content
        document = PortalDocument(title=title, sha256=hashlib.sha256(content).hexdigest(), extracted_text=text)
        # The demo made the file, so it knows the text: no need to read it back in the background.
        document.skip_extraction = True
        if restricted:
            if self._restricted is None:
                self._restricted = restricted_collection()
            document.collection = self._restricted
        document.file.save(filename, ContentFile(content), save=False)
        document._set_document_file_metadata()
        document.save()
        self.created += 1
        return document
