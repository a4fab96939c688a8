"""Admin registration of the portal's snippets, with list columns and filters."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages import admin_views, meeting_admin, visibility
from pages.documents_access import check_document_access
from pages.models import CaseHandlerAssignment, FocusArea, MeetingPage, Membership, Municipality, Person

page_permission_policy = PagePermissionPolicy()

page_permission_policy = PagePermissionPolicy()


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    list_display = ["name", "code", "website"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "title", "municipality", "party"]
    list_filter = ["municipality", "party"]
    search_fields = ["name", "title"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    list_display = ["person", "organisation", "role", "start_date", "end_date"]
    list_filter = ["role", "organisation"]
    search_fields = ["person__name", "organisation__title"]


class FocusAreaViewSet(SnippetViewSet):
    model = FocusArea
    icon = "tag"
    list_display = ["name", "locale"]


class CaseHandlerViewSet(SnippetViewSet):
    model = CaseHandlerAssignment
    icon = "user"
    menu_label = _("Case handlers")
    list_display = ["focus_area", "person", "network", "start_date", "end_date"]
    list_filter = ["focus_area", "network"]
    search_fields = ["person__name", "focus_area__name"]


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (MunicipalityViewSet, PersonViewSet, MembershipViewSet, FocusAreaViewSet, CaseHandlerViewSet)
    menu_icon = "group"
    menu_label = _("People and places")
    menu_name = "people"


register_snippet(OrganisationViewSetGroup)


@hooks.register("before_serve_page")
def serve_only_what_the_visitor_may_see(page, request, serve_args, serve_kwargs):
    """Pages follow the portal's visibility rule: an unpublished, expired or scheduled page (or a copy of one in
    another language) is not found; a restricted one (or a copy of one) asks the visitor to log in."""
    decision = visibility.for_request(request).serve_check(page)
    if decision == "missing":
        raise Http404
    if decision == "login":
        request.portal_cache_forbidden = True
        return redirect_to_login(request.get_full_path())  # to settings.LOGIN_URL
    return None


def _pages_in_reach(request, pages):
    """What an editor's admin lists: the pages of the bodies they work in and the way to them. Other bodies' pages
    stay out of their explorer and page chooser: the admin shows draft titles, which are not for them."""
    user = request.user
    if user.is_superuser:
        return pages
    return pages.filter(pk__in=page_permission_policy.explorable_instances(user).values("pk"))


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_pages_in_reach(parent_page, pages, request):
    return _pages_in_reach(request, pages)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_shows_pages_in_reach(pages, request):
    return _pages_in_reach(request, pages)


@hooks.register("construct_reports_menu")
def reports_for_administrators(request, menu_items):
    """Wagtail's reports list pages across every body: for administrators only (portal/middleware.py guards them)."""
    if not request.user.is_superuser:
        menu_items[:] = []


@hooks.register("before_serve_document")
def only_serve_documents_the_visitor_may_see(document, request):
    """A document attached as non-publishable, to a closed item or to a draft is never served to the public."""
    return check_document_access(document, request)


@hooks.register("register_admin_urls")
def briefing_urls():
    return [
        path(
            "briefing/<id:meeting_id>/",
            admin_views.generate_briefing,
            name="pages_generate_briefing",
        )
    ]


@hooks.register("register_page_header_buttons")
def briefing_button(page, user, view_name, next_url=None):
    """On a meeting of a body that decides applications: the action that writes its briefing memo."""
    if page.pk is None or not issubclass(page.specific_class or type(page), MeetingPage):
        return
    meeting = page.specific
    if admin_views.decides_applications(meeting) and admin_views.briefing.user_may_generate(user, meeting):
        yield Button(
            _("Briefing memo"),
            admin_views.generate_briefing_url(meeting),
            icon_name="doc-full",
            priority=40,
        )


@hooks.register("construct_homepage_panels")
def application_panels(request, panels):
    """Editors see the bodies they add meetings to; case handlers see the applications in their areas; editors see
    applications no one handles; those who file briefing memos see the coming meetings to brief."""
    rows = meeting_admin.new_meeting_rows(request.user)
    if rows:
        panels.append(meeting_admin.new_meeting_panel(rows))
    person = getattr(request.user, "person", None)
    if person is not None and person.case_handler_assignments.current().exists():
        panels.append(admin_views.case_handler_panel(person))
    unassigned = admin_views.unassigned_applications(request.user)
    if unassigned:
        panels.append(admin_views.unassigned_panel(unassigned, request.user))
    briefings = admin_views.briefing_rows(request.user)
    if briefings:
        panels.append(admin_views.briefing_panel(briefings))


@hooks.register("construct_page_action_menu")
def approvers_approve_through_the_workflow(menu_items, request, context):
    """While a page awaits approval, its approvers approve it in the workflow: "Publish" would end the workflow
    without a word, so it is not offered then."""
    page = context.get("page")
    if page is not None and page.pk and page.workflow_in_progress:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
