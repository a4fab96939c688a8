"""Abstract pieces shared by several page types."""

from django.core.paginator import Paginator
from wagtail.models import Page


def paginate(request, queryset, per_page=20):
    """Returns the requested page of a listing; a missing or malformed ?page= gives the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def with_parents(pages):
    """Sets ``parent_page`` on each page with one query for all of them, so listings name the owning body."""
    pages = list(pages)
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    parents = {p.path: p for p in Page.objects.filter(path__in=parent_paths).specific(defer=True)}
    for page in pages:
        page.parent_page = parents.get(page.path[: -Page.steplen])
    return pages
