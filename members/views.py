"""The members' side of the portal: logging in and out on the portal's own pages, and “My area”.

Everything “My area” lists goes through the portal's one visibility rule (``pages.visibility``) for the member
who asks: their bodies, the members-only archives and pages they may open and their upcoming meetings.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page

from calendars.links import link
from pages import visibility
from pages.formatting import site_name
from pages.models import CalendarToken, MeetingPage, Membership, OrganisationPage, OrganisationRoles
from pages.models.mixins import with_parents

UPCOMING_LIMIT = 20
MEMBERS_ONLY_LIMIT = 50


class MemberLoginForm(AuthenticationForm):
    """Django's login form, its password named as the portal's texts and error messages name it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = pgettext_lazy("login form", "Password")


class MemberLoginView(auth_views.LoginView):
    """The login form in the portal's design and the visitor's language; view-restricted pages send visitors here
    (``settings.LOGIN_URL``) and it sends them back."""

    template_name = "members/login.html"
    authentication_form = MemberLoginForm

    def dispatch(self, request, *args, **kwargs):
        request.portal_cache_forbidden = True
        return super().dispatch(request, *args, **kwargs)


class MemberLogoutView(auth_views.LogoutView):
    """Logging out, by POST only (Django's rule), back to the front page in the member's language."""

    def get_success_url(self):
        # The page the member was on may be members-only: the front page of their language is always open.
        return f"/{translation.get_language()}/"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


def _languages():
    """The visitor's language first, then the default language: a page is shown in the first it has."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    return [current] if current == settings.LANGUAGE_CODE else [current, settings.LANGUAGE_CODE]


def _in_language(pages):
    """One page per translation key, in the visitor's language where it has one, else in the default language."""
    languages = _languages()
    chosen = {}
    for page in pages:
        key = page.translation_key
        rank = languages.index(page.locale.language_code)
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, page)
    return sorted((page for _rank, page in chosen.values()), key=lambda page: page.path)


def _roles(user):
    """``{translation key: [role, …]}`` of the organisations ``user`` works in: by their groups and their seats."""
    group_ids = set(user.groups.values_list("pk", flat=True))
    roles = {}
    for row in OrganisationRoles.objects.filter(
        Q(members__in=group_ids) | Q(editors__in=group_ids) | Q(approvers__in=group_ids)
    ).distinct():
        for label, group_id in (
            (_("member"), row.members_id),
            (_("editor"), row.editors_id),
            (_("approver"), row.approvers_id),
        ):
            if group_id in group_ids:
                roles.setdefault(row.translation_key, []).append(str(label))
    person = getattr(user, "person", None)
    if person is not None:
        for seat in Membership.objects.filter(person=person).current().select_related("organisation"):
            labels = roles.setdefault(seat.organisation.translation_key, [])
            role = str(seat.get_role_display()).lower()
            if role not in labels:
                labels.insert(0, role)
    return roles


def _bodies(viewer, roles):
    pages = viewer.pages(
        OrganisationPage.objects.filter(translation_key__in=roles, locale__language_code__in=_languages())
    ).select_related("locale")
    bodies = _in_language(pages.specific())
    for body in bodies:
        body.member_roles = roles[body.translation_key]
    return bodies


def _members_only(viewer):
    """The members-only pages ``viewer`` may open, each with the visible page it is filed under."""
    pages = _in_language(
        viewer.members_only(Page.objects.filter(locale__language_code__in=_languages()))
        .select_related("locale")
        .order_by("path")[: MEMBERS_ONLY_LIMIT * 2]
    )[:MEMBERS_ONLY_LIMIT]
    parents = {p.path: p for p in viewer.pages(Page.objects.filter(path__in={p.path[: -Page.steplen] for p in pages}))}
    for page in pages:
        page.parent_page = parents.get(page.path[: -Page.steplen])
    return pages


def _upcoming(viewer, bodies):
    if not bodies:
        return []
    below = Q()
    for body in bodies:
        below |= visibility.subtree_q(body, children=True, inclusive=False)
    meetings = viewer.pages(MeetingPage.objects.filter(below, start__gte=timezone.now())).order_by("start")
    return with_parents(meetings[:UPCOMING_LIMIT])


def private_feed(request):
    """The member's private calendar feed, or None when they have not made its address yet."""
    token = CalendarToken.objects.filter(user=request.user).first()
    if token is None:
        return None
    return link(request, _("My meetings – %(site)s") % {"site": site_name()}, "private", key=token.key)


@never_cache
@require_safe
def my_area(request):
    """A member's own page: their bodies, what is open to them only, their private calendar and their next meetings."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    request.portal_cache_forbidden = True
    viewer = visibility.for_request(request)
    bodies = _bodies(viewer, _roles(request.user))
    context = {
        "bodies": bodies,
        "members_only_pages": _members_only(viewer),
        "upcoming_meetings": _upcoming(viewer, bodies),
        "private_feed": private_feed(request),
    }
    return render(request, "members/my_area.html", context)
