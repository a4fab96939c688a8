"""A memo as a PDF: a letterhead, its record line, introduction and, for a briefing memo, the gathered comments,
drawn with reportlab. The letterhead, page and rich-text drawing serve the meeting packets too (packets/)."""

from html.parser import HTMLParser
from io import BytesIO

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer
from wagtail.rich_text import expand_db_html

from pages.formatting import long_date, site_name
from portal import addresses

# Rich-text blocks and the paragraph style each becomes.
BLOCK_STYLES = {"p": "BodyText", "h2": "Heading2", "h3": "Heading3", "h4": "Heading4", "li": "BodyText"}
# Inline markup reportlab's paragraphs understand, from what rich text holds.
INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "sup": "super", "sub": "sub"}


class _Flowables(HTMLParser):
    """Turns rich-text HTML into reportlab flowables: paragraphs, headings and lists, with bold, italics and links."""

    def __init__(self, styles):
        super().__init__(convert_charrefs=True)
        self.styles = styles
        self.flowables = []
        self.block = None
        self.text = []
        self.list_items = None
        self.list_kind = None

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_STYLES:
            self._flush()
            self.block = tag
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_items, self.list_kind = [], tag
        elif tag == "br":
            self.text.append("<br/>")
        elif tag in INLINE:
            self.text.append(f"<{INLINE[tag]}>")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                href = addresses.absolute(href)  # a PDF has no page to resolve a path against
            self.text.append(
                f'<a href="{_escape(href)}" color="blue">' if href.startswith(("http", "mailto:")) else "<a>"
            )

    def handle_endtag(self, tag):
        if tag in BLOCK_STYLES:
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.list_items:
                bullet = "1" if self.list_kind == "ol" else "bullet"
                self.flowables.append(ListFlowable(self.list_items, bulletType=bullet, leftIndent=14))
            self.list_items = None
        elif tag in INLINE:
            self.text.append(f"</{INLINE[tag]}>")
        elif tag == "a":
            self.text.append("</a>")

    def handle_data(self, data):
        self.text.append(_escape(data))

    def _flush(self):
        text = "".join(self.text).strip()
        self.text = []
        block, self.block = self.block or "p", None
        if not text or text.replace("<br/>", "").strip() == "":
            return
        if text.count("<a") != text.count("</a>"):
            text = text.replace("<a>", "").replace("</a>", "")
        paragraph = Paragraph(text, self.styles[BLOCK_STYLES.get(block, "BodyText")])
        if self.list_items is not None:
            self.list_items.append(ListItem(paragraph))
        else:
            self.flowables.append(paragraph)

    def close(self):
        super().close()
        self._flush()
        return self.flowables


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# Plain text made safe for a reportlab paragraph's markup.
escape = _escape


def html_flowables(html, styles):
    parser = _Flowables(styles)
    parser.feed(expand_db_html(html or ""))
    return parser.close()


# Danish letters as Danish writes them without them, so that a file name keeps its words.
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def pdf_filename(title, fallback="notat"):
    """“Samlet notat … Vækstforum” → ``samlet-notat-…-vaekstforum.pdf``."""
    return f"{slugify(title.translate(DANISH_LETTERS))[:80].strip('-') or fallback}.pdf"


MARGINS = {"leftMargin": 2.5 * cm, "rightMargin": 2.5 * cm, "topMargin": 2 * cm, "bottomMargin": 2 * cm}


def document_template(buffer, title, author=""):
    """An A4 page with the portal's margins, for memos and meeting packets alike."""
    return SimpleDocTemplate(buffer, pagesize=A4, title=title, author=author, **MARGINS)


def letterhead(styles, sender="", members_only=False):
    """The portal's letterhead: the site's name and the sender, and “Members only” on what the public never gets."""
    line = [_escape(site_name())]
    if sender:
        line.append(_escape(sender))
    story = [Paragraph(" · ".join(line), styles["Heading4"])]
    if members_only:
        story.append(Paragraph(f"<b>{_escape(gettext('Members only'))}</b>", styles["BodyText"]))
    story.append(Spacer(1, 0.3 * cm))
    return story


def memo_pdf(memo):
    """The memo as PDF bytes, in the memo's language."""

    styles = getSampleStyleSheet()
    buffer = BytesIO()
    with translation.override(memo.locale.language_code):
        document = document_template(buffer, memo.title, memo.sender or "")
        members_only = bool(memo.get_view_restrictions())
        story = letterhead(styles, memo.sender, members_only)
        story.append(Paragraph(_escape(memo.title), styles["Title"]))
        record = [long_date(memo.date)]
        if memo.journal_label:
            record.append(gettext("Journal no. %(number)s") % {"number": memo.journal_label})
        if memo.case_id:
            record.append(gettext("Case id %(id)s") % {"id": memo.case_id})
        if memo.author_reference:
            record.append(gettext("Ref. %(ref)s") % {"ref": memo.author_reference})
        if memo.sender:
            record.insert(0, memo.sender)
        story.append(Paragraph(_escape(" · ".join(record)), styles["Italic"]))
        story.append(Spacer(1, 0.5 * cm))
        story += html_flowables(memo.body, styles)
        if memo.briefing:
            story.append(Spacer(1, 0.3 * cm))
            story.append(Paragraph(_escape(gettext("Comments on the agenda")), styles["Heading2"]))
            story += html_flowables(memo.briefing, styles)

        def footer(canvas, doc):
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            if members_only:
                canvas.drawString(2.5 * cm, 1.2 * cm, gettext("Members only"))
            canvas.drawRightString(A4[0] - 2.5 * cm, 1.2 * cm, gettext("Page %(number)s") % {"number": doc.page})
            canvas.restoreState()

        document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
