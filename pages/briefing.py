"""The briefing memo: the case handlers' comments on a forum meeting's agenda, gathered into one members-only memo.

Before a forum meeting the coordination group writes one combined memo commenting on each agenda item, for the
municipal representative and for the pre-meeting with the municipal members. ``gather`` reads the meeting's agenda
in order and finds, for each item, the applications with its case number and their case handlers' comments.
``generate`` writes the result into the memo's "comments on the agenda" part: a new memo the first time, a new
draft revision after that, keeping whatever the editors wrote in the memo's introduction. The memo is filed in the
memo archive of the body that holds the pre-meeting, restricted to that body's members, and goes through the body's
normal approval workflow.
"""

from dataclasses import dataclass, field
from html import escape

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext

from pages.formatting import long_date, meeting_datetime, meeting_time
from pages.models import ApplicationIndexPage, ApplicationPage, MeetingPage, MemoIndexPage, MemoPage, OrganisationPage
from pages.models.applications import one_per_application
from pages.roles import restrict_to_members


@dataclass
class ItemBriefing:
    number: int
    title: str
    case_reference: str
    applications: list = field(default_factory=list)  # of (application, [comments], [handler names])

    @property
    def comment_count(self):
        return sum(len(comments) for _application, comments, _handlers in self.applications)


@dataclass
class Briefing:
    meeting: MeetingPage
    items: list
    unmatched: list  # applications for the meeting that are on none of its agenda items

    @property
    def uncommented(self):
        return [item for item in self.items if item.comment_count == 0]

    @property
    def comment_count(self):
        return sum(item.comment_count for item in self.items) + sum(len(c) for _a, c, _h in self.unmatched)


def pre_meeting_for(meeting):
    """The pre-meeting that prepares ``meeting``, in the meeting's language when there is one."""
    pre_meetings = MeetingPage.objects.filter(
        precedes__translation_key=meeting.translation_key, kind=MeetingPage.Kind.PRE_MEETING
    ).order_by("start")
    return pre_meetings.filter(locale=meeting.locale).first() or pre_meetings.first()


def applications_for(meeting):
    """The live applications that ``meeting`` (in any of its languages) will decide, by case number; each application
    once, in the meeting's language when it has been translated."""
    applications = (
        ApplicationPage.objects.live()
        .filter(decision_meeting__translation_key=meeting.translation_key)
        .select_related("focus_area")
        .order_by("reference", "pk")
    )
    return sorted(one_per_application(applications, meeting.locale), key=lambda a: (a.reference, a.pk))


def gather(meeting):
    """Every agenda item of ``meeting`` in agenda order with the applications on it and their comments."""
    applications = list(applications_for(meeting))
    comments = {}
    for application in applications:
        comments[application.pk] = list(application.all_comments().order_by("created_at", "pk"))
    by_reference = {}
    for application in applications:
        if application.reference.strip():
            by_reference.setdefault(application.reference.strip(), []).append(application)
    items = []
    matched = set()
    for number, item in enumerate(meeting.agenda_items.order_by("sort_order", "pk"), start=1):
        reference = item.case_reference.strip()
        briefing = ItemBriefing(number=number, title=item.title, case_reference=reference)
        for application in by_reference.get(reference, []) if reference else []:
            matched.add(application.pk)
            handlers = [p.name for p in application.case_handlers()]
            briefing.applications.append((application, comments[application.pk], handlers))
        items.append(briefing)
    unmatched = [(a, comments[a.pk], [p.name for p in a.case_handlers()]) for a in applications if a.pk not in matched]
    return Briefing(meeting=meeting, items=items, unmatched=unmatched)


def _paragraphs(text):
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _amount(value):
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _application_html(application, comments, handlers):
    html = format_html(
        "<h4>{}</h4>",
        gettext("Application: %(title)s (%(applicant)s, DKK %(amount)s, %(area)s)")
        % {
            "title": application.title,
            "applicant": application.applicant,
            "amount": _amount(application.amount),
            "area": application.focus_area.name,
        },
    )
    if not comments:
        who = ", ".join(handlers) if handlers else gettext("no case handler is assigned to the focus area")
        return html + format_html("<p><b>{}</b></p>", gettext("No comments (case handlers: %(who)s).") % {"who": who})
    for comment in comments:
        author = comment.author.name
        if comment.author.municipality_id:
            author = f"{author}, {comment.author.municipality.name}"
        html += format_html("<p><b>{}</b>: {}</p>", author, comment.get_recommendation_display())
        html += _paragraphs(comment.text)
    return html


def render_html(briefing):
    """The memo's "comments on the agenda" part as rich text, in the active language."""
    parts = []
    for item in briefing.items:
        # Every item keeps its place in the agenda's order; a routine item without applications is only its heading.
        parts.append(format_html("<h3>{}. {}</h3>", item.number, item.title))
        if not item.applications:
            continue
        if item.case_reference:
            parts.append(format_html("<p><i>{}</i></p>", gettext("Case number %(ref)s") % {"ref": item.case_reference}))
        for application, comments, handlers in item.applications:
            parts.append(_application_html(application, comments, handlers))
    if briefing.unmatched:
        parts.append(format_html("<h3>{}</h3>", gettext("Applications for this meeting that are not on its agenda")))
        for application, comments, handlers in briefing.unmatched:
            parts.append(_application_html(application, comments, handlers))
    return "".join(parts)


def memo_title(meeting):
    organisation = meeting.get_parent().specific
    date = long_date(meeting.start)
    return gettext("Briefing memo with comments on the agenda: %(body)s, %(date)s") % {
        "body": organisation.display_short_name,
        "date": date,
    }


def default_introduction(meeting, pre_meeting):
    text = gettext(
        "This memo gathers the case handlers' comments and recommendations on the agenda of %(meeting)s, "
        "for the municipal representative in the recommendations secretariat"
    ) % {"meeting": meeting_label(meeting)}
    if pre_meeting is not None:
        date = long_date(pre_meeting.start)
        text += gettext(" and for the pre-meeting on %(date)s") % {"date": date}
    return f"<p>{escape(text)}.</p>"


def meeting_label(meeting):
    """The meeting's title and time, the day said once: “Møde i VF 18. februar 2027 kl. 13.00”, or “Møde i
    Vækstforum, 18. februar 2027 kl. 13.00” when the title does not name the day."""
    if long_date(meeting.start) in meeting.title:
        return gettext("%(title)s at %(time)s") % {"title": meeting.title, "time": meeting_time(meeting.start)}
    return gettext("%(title)s, %(when)s") % {"title": meeting.title, "when": meeting_datetime(meeting.start)}


def existing_memo(meeting):
    """The briefing memo already written for ``meeting`` in its language, if any."""
    return MemoPage.objects.filter(briefing_for=meeting).order_by("pk").first()


def archive_for(meeting):
    """Where the memo is filed: the memo archive of the body holding the pre-meeting, else of the applications' network.

    Returns ``(organisation, archive)``; the archive is None when the organisation has none yet.
    """
    pre_meeting = pre_meeting_for(meeting)
    if pre_meeting is not None:
        organisation = pre_meeting.get_parent().specific
    else:
        index = ApplicationIndexPage.objects.filter(forum__translation_key=meeting.get_parent().translation_key).first()
        organisation = index.get_parent().specific if index is not None else meeting.get_parent().specific
    # Memo archives sit under bodies: a working group's memo goes to the body it belongs to.
    while organisation is not None and organisation.specific_class.__name__ != "BodyPage":
        organisation = OrganisationPage.objects.ancestor_of(organisation).order_by("-depth").first()
        organisation = organisation.specific if organisation is not None else None
    if organisation is None:
        return None, None
    archive = MemoIndexPage.objects.child_of(organisation).filter(locale=meeting.locale).first()
    return organisation, archive


def user_may_generate(user, meeting):
    """Whether ``user`` may write the briefing memo: they may add memos where it is filed, or edit the memo."""
    memo = existing_memo(meeting)
    if memo is not None:
        return memo.permissions_for_user(user).can_edit()
    organisation, archive = archive_for(meeting)
    if archive is not None:
        return archive.permissions_for_user(user).can_add_subpage()
    return organisation is not None and organisation.permissions_for_user(user).can_add_subpage()


@transaction.atomic
def generate(meeting, user=None):
    """Writes or updates the briefing memo of ``meeting``; returns ``(memo, created)``. Nothing is published."""
    meeting = meeting.specific
    with translation.override(meeting.locale.language_code):
        briefing = gather(meeting)
        html = render_html(briefing)
        memo = existing_memo(meeting)
        if memo is not None:
            # The newest draft keeps the editors' introduction and everything else; only the gathered part changes.
            draft = memo.get_latest_revision_as_object()
            draft.briefing = html
            draft.save_revision(user=user, log_action=True)
            memo.refresh_from_db()
            return memo, False

        organisation, archive = archive_for(meeting)
        if organisation is None:
            raise ValueError(f"No body to file the briefing memo of {meeting} under.")
        if archive is None:
            archive = MemoIndexPage(title=gettext("Memos"), slug="notater", locale=organisation.locale)
            organisation.add_child(instance=archive)
            # An empty archive shows only the public memos filed in it; the portal opens it, whoever asked.
            archive.save_revision().publish()
        pre_meeting = pre_meeting_for(meeting)
        title = memo_title(meeting)
        memo = MemoPage(
            title=title,
            slug=_free_slug(archive, slugify(title, allow_unicode=True)[:80] or "samlet-notat"),
            date=timezone.localdate(),
            sender=organisation.title,
            body=default_introduction(meeting, pre_meeting),
            briefing=html,
            briefing_for=meeting,
            live=False,
            locale=archive.locale,
        )
        memo.related_meetings = [m for m in (meeting, pre_meeting) if m is not None]
        memo.related_organisations = [meeting.get_parent().specific, organisation]
        archive.add_child(instance=memo)
        # Members only from the first draft: nothing of it is ever public.
        restrict_to_members(memo)
        memo.save_revision(user=user, log_action=True)
        return memo, True


def _free_slug(parent, slug):
    candidate, n = slug, 2
    while parent.get_children().filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
