"""KL's memo of 19 January 2009, read from its text file into headings, paragraphs and lists."""

import re
from html import escape
from pathlib import Path

MEMO_FILE = Path(__file__).with_name("memo_2009.txt")

# The section headings of the memo; everything else is a paragraph or a list.
HEADINGS = {
    "Oprindelig model for kommunernes deltagelse i vækstforumsekretariatet",
    "Erfaringer fra den oprindelige sekretariatsmodel",
    "Ny model",
    "Erhvervskoordinationsgruppen (EKO)",
    "Kommunalt erhvervsnetværk (N17)",
    "Arbejdsgrupper",
    "Evaluering af den nye model",
}
SUBHEADINGS = {"K17s erhvervsgruppe 2009"}

# The letterhead printed in the margin of the first page: recorded as the memo's metadata, not its text.
LETTERHEAD_FIRST = "Den 19. januar 2009"
LETTERHEAD_LAST = "1/1"
MEMBERS_INTRO = "Kommunale medlemmer i vækstforum Sjælland:"


def _paragraphs(text):
    """The memo's paragraphs, with the letterhead removed and words hyphenated across a page joined again."""
    paragraphs = []
    for raw in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
        if not lines:
            continue
        # Bullets keep one line each; other paragraphs are reflowed into one line.
        paragraphs.append("\n".join(lines) if lines[0].startswith("- ") else " ".join(lines))
    # The first two paragraphs are the word “NOTAT” and the title, which the page shows itself.
    paragraphs = paragraphs[2:]
    if LETTERHEAD_FIRST in paragraphs and LETTERHEAD_LAST in paragraphs:
        first, last = paragraphs.index(LETTERHEAD_FIRST), paragraphs.index(LETTERHEAD_LAST)
        del paragraphs[first : last + 1]
    joined = []
    for paragraph in paragraphs:
        if joined and joined[-1].endswith("-") and paragraph[:1].islower():
            joined[-1] = joined[-1][:-1] + paragraph
        else:
            joined.append(paragraph)
    return joined


def memo_blocks(text=None):
    """The memo as a list of ``(kind, content)``: ``h2``/``h3``/``p`` with a string, ``ul`` with a list of strings."""
    text = MEMO_FILE.read_text(encoding="utf-8") if text is None else text
    blocks = []
    pending = []  # bullet paragraphs waiting to be grouped

    def flush():
        if len(pending) == 1:
            # A lone bullet followed by its explanation is the memo's way of titling a task.
            blocks.append(("h3", pending[0].rstrip(".")))
        elif pending:
            blocks.append(("ul", list(pending)))
        pending.clear()

    for paragraph in _paragraphs(text):
        if paragraph.startswith("- "):
            for line in paragraph.split("\n"):
                if line.startswith("- "):
                    pending.append(line.removeprefix("- ").strip())
                elif pending:
                    pending[-1] += " " + line
            continue
        flush()
        if paragraph in HEADINGS:
            blocks.append(("h2", paragraph))
        elif paragraph in SUBHEADINGS:
            blocks.append(("h3", paragraph))
        elif paragraph.startswith("Kommunaldirektør "):
            if blocks and blocks[-1][0] == "ul" and blocks[-1][1][0].startswith("Kommunaldirektør "):
                blocks[-1][1].append(paragraph)
            else:
                blocks.append(("ul", [paragraph]))
        elif paragraph.startswith(MEMBERS_INTRO):
            blocks.append(("p", MEMBERS_INTRO))
            members = paragraph.removeprefix(MEMBERS_INTRO)
            blocks.append(("ul", [m.strip() for m in re.split(r"(?<=Kommune)\s+", members) if m.strip()]))
        else:
            blocks.append(("p", paragraph))
    flush()
    return blocks


def memo_html(blocks=None):
    """The memo's text as rich-text HTML for the memo page."""
    parts = []
    for kind, content in blocks or memo_blocks():
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in content) + "</ul>")
        else:
            parts.append(f"<{kind}>{escape(content, quote=False)}</{kind}>")
    return "".join(parts)
