"""Abstract pieces shared by several page types."""

from django.core.paginator import Paginator
from wagtail.models import Page

from pages.tree import parents_of


def paginate(request, queryset, per_page=20):
    """Returns the requested page of a listing; a missing or malformed ?page= gives the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def with_parents(pages):
    """Sets ``parent_page`` on each page with one query for all of them, so listings name the owning body."""
    pages = list(pages)
    parents = parents_of([page.path for page in pages], Page.objects.specific(defer=True))
    for page in pages:
        page.parent_page = parents.get(page.path)
    return pages
