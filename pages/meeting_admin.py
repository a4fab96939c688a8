"""The admin's ways to a meeting: the bodies an editor may add meetings to and the actions shown on a body's and a
meeting's edit page."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pages import admin_views, briefing, workflow_notices
from pages.models import MeetingPage, OrganisationPage

# The page types a meeting may be filed under (MeetingPage.parent_page_types).
MEETING_PARENTS = ("bodypage", "workinggrouppage", "consortiumpage")


def new_meeting_url(organisation):
    return reverse("wagtailadmin_pages:add", args=("pages", "meetingpage", organisation.pk))


def meetings_url(organisation):
    return reverse("wagtailadmin_explore", args=(organisation.pk,))


def organisations_for_new_meetings(user, limit=40):
    """The bodies, working groups and consortia (in the default language) ``user`` may add a meeting to, by title."""
    if not user.is_authenticated:
        return []
    candidates = (
        OrganisationPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, content_type__model__in=MEETING_PARENTS
        )
        .specific()
        .order_by("path")
    )
    found = [page for page in candidates if page.permissions_for_user(user).can_add_subpage()]
    return found[:limit]


def page_actions(page, user):
    """The actions an editor sees at the top of a page's edit form: for a body, its meetings and a new one; for a
    meeting, its body's meetings and (for a body that decides applications) the briefing memo."""
    actions = []
    if page is None or page.pk is None:
        return actions
    if isinstance(page, OrganisationPage) and page.specific_class.__name__.lower() in MEETING_PARENTS:
        if page.permissions_for_user(user).can_add_subpage():
            actions.append({"label": _("New meeting"), "url": new_meeting_url(page), "icon": "plus", "primary": True})
        actions.append(
            {
                "label": _("Meetings and pages of %(body)s") % {"body": page.display_short_name},
                "url": meetings_url(page),
                "icon": "folder-open-inverse",
            }
        )
    if isinstance(page, MeetingPage):
        scheduled = page.scheduled_revision
        if scheduled and scheduled.approved_go_live_at:
            actions.append({"notice": workflow_notices.scheduled_text(scheduled.approved_go_live_at)})
        if admin_views.decides_applications(page) and briefing.user_may_generate(user, page):
            actions.append(
                {
                    "label": _("Briefing memo"),
                    "url": admin_views.generate_briefing_url(page),
                    "icon": "doc-full",
                    "primary": True,
                }
            )
        parent = page.get_parent()
        actions.append(
            {
                "label": _("Back to the meetings of %(body)s") % {"body": parent.specific.display_short_name},
                "url": meetings_url(parent),
                "icon": "arrow-left",
            }
        )
    return actions


def new_meeting_rows(user):
    """For the dashboard: each organisation ``user`` may add a meeting to, its next meeting and the way to a new one."""
    rows = []
    now = timezone.now()
    for organisation in organisations_for_new_meetings(user):
        upcoming = MeetingPage.objects.child_of(organisation).filter(start__gte=now).order_by("start").first()
        rows.append(
            {
                "organisation": organisation,
                "next_meeting": upcoming,
                "new_meeting_url": new_meeting_url(organisation),
                "meetings_url": meetings_url(organisation),
            }
        )
    return rows


def new_meeting_panel(rows):
    return admin_views.DashboardPanel("new_meeting", "pages/admin/new_meeting_panel.html", 80, rows=rows)
