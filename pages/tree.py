"""The page tree's one rule for parents: a page's parent is the page whose path is its own minus one step.

Listings, feeds and the open-data API name the body that owns each item; they find all the parents of a
list of pages with one query through :func:`parents_of`.
"""

from wagtail.models import Page


def parent_path(path):
    """The tree path of the parent of the page at ``path``."""
    return path[: -Page.steplen]


def parents_of(paths, queryset):
    """``{child path: parent}`` for the pages at ``paths``, in one query on ``queryset`` (which may leave some out)."""
    by_path = {parent.path: parent for parent in queryset.filter(path__in={parent_path(p) for p in paths})}
    return {path: by_path[parent_path(path)] for path in paths if parent_path(path) in by_path}
