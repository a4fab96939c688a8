"""The Atom feed and the follow form of the page being shown: a page that lists agendas, minutes and memos, or the
search page with a search. Templates ask for them; the page models know nothing of following."""

from django import template
from wagtail.models import Page

from following import searches
from following.forms import FollowForm
from following.views import page_target, search_target

register = template.Library()


def _target(context):
    request = context.get("request")
    cached = getattr(request, "_following_target", False) if request is not None else False
    if cached is not False:
        return cached
    target = None
    page = context.get("page")
    if isinstance(page, Page):
        target = page_target(page)
    elif request is not None and getattr(request.resolver_match, "url_name", "") == "search":
        try:
            target = search_target(searches.clean(request.GET))
        except searches.BadSearch:
            target = None
    if request is not None:
        request._following_target = target
    return target


@register.simple_tag(takes_context=True)
def atom_feed(context):
    """The shown page's feed (its ``title`` and ``feed_url``), or None when it has none."""
    return _target(context)


@register.inclusion_tag("following/follow_box.html", takes_context=True)
def follow_box(context):
    """The visible feed link and the follow-by-e-mail form."""
    return {"target": _target(context), "form": FollowForm(), "request": context.get("request")}
