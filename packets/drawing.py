"""The pages of a meeting packet the portal draws itself, with the memos' letterhead and styles (pages/pdf.py): the
cover with the agenda, one section per item, and the placeholder page for an attachment that cannot be merged."""

from io import BytesIO

from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from pages.formatting import meeting_time, weekday_date
from pages.pdf import document_template, escape, html_flowables, letterhead


def styles():
    sheet = getSampleStyleSheet()
    sheet.add(ParagraphStyle("Notice", parent=sheet["BodyText"], backColor=colors.HexColor("#f1f1f1"), borderPadding=4))
    sheet.add(ParagraphStyle("AgendaRow", parent=sheet["BodyText"], spaceBefore=0, spaceAfter=0))
    sheet.add(ParagraphStyle("AgendaSub", parent=sheet["BodyText"], leftIndent=12, fontSize=9, spaceAfter=0))
    return sheet


def _pdf(title, story):
    buffer = BytesIO()
    document_template(buffer, title).build(story)
    return buffer.getvalue()


def _p(text, style):
    return Paragraph(escape(text), style)


def closed_notice(item, members):
    """What a closed item's section says about it: members are told it is closed; the public that only its title and
    decision are public."""
    if members:
        text = gettext("Closed item") + " – " + gettext("not shown to the public.")
    else:
        text = gettext("Closed item") + " – " + gettext("only the title and the decision are public.")
    if item["legal_basis"]:
        text += " " + gettext("Legal basis:") + " " + item["legal_basis"]
    return text


def front(plan, entries):
    """The cover (body, date, time, place) and the agenda; ``entries`` are (number, title, page, attachments) with
    attachments as (title, page), pages counted from 1 (None for a closed item with nothing to show)."""
    sheet = styles()
    meeting = plan["meeting"]
    members = plan["edition"] == "members"
    story = letterhead(sheet, meeting["organisation"], members_only=members)
    story.append(Spacer(1, 2 * cm))
    story.append(_p(meeting["title"], sheet["Title"]))
    facts = [
        (gettext("Body"), meeting["organisation"]),
        (gettext("Date"), meeting["date"]),
        (gettext("Time"), meeting["time"]),
    ]
    if meeting["location"]:
        facts.append((gettext("Place"), meeting["location"]))
    if meeting["cancelled"]:
        reason = meeting["cancellation_reason"]
        facts.append((gettext("Status"), gettext("Cancelled") + (f": {reason}" if reason else "")))
    table = Table(
        [[_p(label, sheet["Heading4"]), _p(value, sheet["BodyText"])] for label, value in facts],
        colWidths=[3.5 * cm, 12.5 * cm],
        hAlign="LEFT",
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 0.5 * cm), table, Spacer(1, 1 * cm)]
    if members:
        story.append(_p(gettext("Members' edition: it holds the closed items. Do not pass it on."), sheet["Notice"]))
        story.append(Spacer(1, 0.5 * cm))
    story.append(_p(gettext("The meeting's page: %(url)s") % {"url": meeting["url"]}, sheet["BodyText"]))
    story.append(PageBreak())

    story.append(_p(gettext("Agenda"), sheet["Heading1"]))
    rows = [[_p(gettext("Item"), sheet["Heading4"]), "", _p(gettext("Page"), sheet["Heading4"])]]
    for number, title, page, attachments in entries:
        rows.append([_p(f"{number}.", sheet["AgendaRow"]), _p(title, sheet["AgendaRow"]), str(page or "")])
        for attachment_title, attachment_page in attachments:
            rows.append(
                [
                    "",
                    _p(gettext("Attachment: %(title)s") % {"title": attachment_title}, sheet["AgendaSub"]),
                    str(attachment_page),
                ]
            )
    agenda = Table(rows, colWidths=[1.2 * cm, 13 * cm, 1.8 * cm], repeatRows=1, hAlign="LEFT")
    agenda.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (0, 0), (1, 0)),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ("FONTSIZE", (2, 1), (2, -1), 10),
            ]
        )
    )
    story.append(agenda)
    return _pdf(meeting["title"], story)


def item_section(plan, item):
    """One item's pages: its number and title, case text, recommendation, decision and the list of its attachments."""
    sheet = styles()
    members = plan["edition"] == "members"
    story = [_p(f"{item['number']}. {item['title']}", sheet["Heading1"])]
    if item["closed"]:
        story.append(_p(closed_notice(item, members), sheet["Notice"]))
        story.append(Spacer(1, 0.3 * cm))
    if item["case_reference"]:
        story.append(_p(gettext("Case reference") + f": {item['case_reference']}", sheet["Italic"]))
    story += html_flowables(item["description"], sheet)
    for heading, text in ((gettext("Recommendation"), item["recommendation"]), (gettext("Decision"), item["decision"])):
        if text:
            flowables = html_flowables(text, sheet)
            story.append(KeepTogether([_p(heading, sheet["Heading3"]), *flowables[:1]]))
            story += flowables[1:]
    if item["attachments"]:
        story.append(_p(gettext("Attachments"), sheet["Heading3"]))
        for attachment in item["attachments"]:
            story.append(_p(f"• {attachment['title']}", sheet["BodyText"]))
    return _pdf(item["title"], story)


PROBLEMS = {
    "encrypted": lambda: gettext("The file is encrypted, so it cannot be put into the agenda."),
    "broken": lambda: gettext("The file is damaged, so it cannot be put into the agenda."),
    "missing": lambda: gettext("The file could not be found."),
    "not_pdf": lambda: gettext("The file is not a PDF, so it cannot be put into the agenda."),
}


def placeholder(plan, attachment):
    """One page in the place of an attachment that cannot be merged: its title, why, and where to fetch it."""
    sheet = styles()
    story = [
        _p(gettext("Attachment to item %(number)s") % {"number": attachment["item"]}, sheet["Heading4"]),
        _p(attachment["title"], sheet["Heading1"]),
        _p(PROBLEMS[attachment["problem"]](), sheet["Notice"]),
        Spacer(1, 0.5 * cm),
    ]
    if attachment["problem"] != "missing":
        story.append(_p(gettext("Fetch the file here: %(url)s") % {"url": attachment["url"]}, sheet["BodyText"]))
    return _pdf(attachment["title"], story)


def cover_facts(meeting):
    """The cover's date and time lines, in the interface language."""
    return {"date": weekday_date(meeting.start), "time": f"{meeting_time(meeting.start)}–{meeting_time(meeting.end)}"}
