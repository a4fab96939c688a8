"""Admin views of the applications work: the "generate briefing memo" action and the dashboard panels."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from pages import briefing
from pages.models import ApplicationComment, ApplicationIndexPage, ApplicationPage, CaseHandlerAssignment, MeetingPage
from pages.models.applications import one_per_application


def decides_applications(meeting):
    """Whether ``meeting`` belongs to a body that decides applications, or already has some to decide."""
    parent_key = meeting.get_parent().translation_key
    return (
        ApplicationIndexPage.objects.filter(forum__translation_key=parent_key).exists()
        or ApplicationPage.objects.filter(decision_meeting__translation_key=meeting.translation_key).exists()
    )


def generate_briefing(request, meeting_id):
    """GET: what generating the briefing memo will do. POST: writes or updates it and opens it in the editor."""
    meeting = get_object_or_404(MeetingPage, pk=meeting_id)
    if not briefing.user_may_generate(request.user, meeting):
        raise PermissionDenied
    if request.method == "POST":
        memo, created = briefing.generate(meeting, user=request.user)
        if created:
            messages.success(
                request,
                _(
                    "The briefing memo was written as a draft for members only. "
                    "Submit it for approval when it is ready."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "The briefing memo was updated with the newest comments; its introduction was kept. "
                    "The change is a draft."
                ),
            )
        return redirect("wagtailadmin_pages:edit", memo.pk)
    gathered = briefing.gather(meeting)
    organisation, archive = briefing.archive_for(meeting)
    return TemplateResponse(
        request,
        "pages/admin/generate_briefing.html",
        {
            "meeting": meeting,
            "briefing": gathered,
            "organisation": organisation,
            "archive": archive,
            "pre_meeting": briefing.pre_meeting_for(meeting),
            "memo": briefing.existing_memo(meeting),
            "header_title": _("Briefing memo"),
        },
    )


def generate_briefing_url(meeting):
    return reverse("pages_generate_briefing", args=[meeting.pk])


class DashboardPanel(Component):
    """A panel of the admin dashboard: a template and the rows it lists, gathered before the panel is shown."""

    def __init__(self, name, template_name, order, **context):
        self.name = name
        self.template_name = template_name
        self.order = order
        self.context = context

    def get_context_data(self, parent_context):
        return self.context


def case_handler_panel(person):
    """The applications in the focus areas ``person`` handles, not yet decided, with whether they have commented."""
    areas = CaseHandlerAssignment.objects.current().filter(person=person).select_related("focus_area")
    keys = {a.focus_area.translation_key for a in areas}
    applications = (
        ApplicationPage.objects.live()
        .filter(focus_area__translation_key__in=keys)
        .exclude(status__in=ApplicationPage.DECIDED)
        .select_related("focus_area", "decision_meeting")
        .order_by("decision_meeting__start", "received", "pk")
    )
    commented = set(person.application_comments.values_list("application__translation_key", flat=True))
    applications = one_per_application(applications[:200])[:50]
    return DashboardPanel(
        "case_handler_applications",
        "pages/admin/case_handler_panel.html",
        90,
        rows=[{"application": a, "commented": a.translation_key in commented} for a in applications],
        areas=[a.focus_area for a in areas],
        person=person,
    )


def briefing_rows(user, days=120):
    """For each coming meeting (next ``days`` days) of a deciding body that ``user`` may brief: its applications,
    comments and memo."""
    forums = {index.forum for index in ApplicationIndexPage.objects.exclude(forum=None).select_related("forum")}
    now = timezone.now()
    meetings = []
    for forum in forums:
        meetings += MeetingPage.objects.child_of(forum).filter(
            start__gte=now, start__lte=now + timedelta(days=days), cancelled=False
        )
    meetings.sort(key=lambda m: m.start)
    rows = []
    for meeting in meetings[:10]:
        if not briefing.user_may_generate(user, meeting):
            continue
        applications = briefing.applications_for(meeting)
        keys = [a.translation_key for a in applications]
        rows.append(
            {
                "meeting": meeting,
                "applications": len(applications),
                "comments": ApplicationComment.objects.filter(application__translation_key__in=keys).count(),
                "memo": briefing.existing_memo(meeting),
                "url": generate_briefing_url(meeting),
            }
        )
    return rows


def unassigned_applications(user, limit=50):
    """Undecided applications the user may edit whose focus area has no current case handler (at most ``limit``)."""
    handled = CaseHandlerAssignment.objects.current().values_list("focus_area__translation_key", flat=True)
    applications = (
        ApplicationPage.objects.exclude(status__in=ApplicationPage.DECIDED)
        .exclude(focus_area__translation_key__in=list(handled))
        .select_related("focus_area")
        .order_by("received", "pk")
    )
    applications = one_per_application(applications[: limit * 4])
    return [a for a in applications if a.permissions_for_user(user).can_edit()][:limit]


def briefing_panel(rows):
    """The coming meetings of bodies that decide applications whose briefing memo the user may write or update."""
    return DashboardPanel("briefing_memos", "pages/admin/briefing_panel.html", 92, rows=rows)


def unassigned_panel(applications, user):
    """Applications, not yet decided, in a focus area nobody handles now: for the people who edit the archive. The
    way to assign a case handler is named only to those whose menu has it; the others are told whom to ask."""
    return DashboardPanel(
        "unassigned_applications",
        "pages/admin/unassigned_panel.html",
        91,
        applications=applications,
        assigns_case_handlers=user.has_perm("pages.add_casehandlerassignment"),
    )
