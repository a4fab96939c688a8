"""Admin registration of the portal's snippets, with list columns and filters."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages.documents_access import check_document_access
from pages.models import FocusArea, Membership, Municipality, Person


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


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (MunicipalityViewSet, PersonViewSet, MembershipViewSet, FocusAreaViewSet)
    menu_icon = "group"
    menu_label = _("People and places")
    menu_name = "people"


register_snippet(OrganisationViewSetGroup)


@hooks.register("before_serve_document")
def only_serve_documents_the_visitor_may_see(document, request):
    """A document attached as non-publishable, to a closed item or to a draft is never served to the public."""
    return check_document_access(document, request)
