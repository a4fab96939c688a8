"""The calendar feed a page offers, for its “Subscribe” button and its ``<link rel="alternate">``.

Pages don't know their feeds: the templates ask here, so the page models import nothing of the calendars.
"""

from django import template

from pages import visibility
from pages.models import HomePage, MeetingPage, OrganisationPage

from .. import links

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed(context, page=None):
    """The home page's feed of every meeting, a body's feed, a meeting's single event; None for other pages."""
    request = context.get("request")
    if isinstance(page, HomePage):
        return links.home_feed(request)
    if isinstance(page, OrganisationPage):
        subgroups = visibility.public().pages(
            OrganisationPage.objects.filter(visibility.subtree_q(page, inclusive=False, children=True))
        )
        return links.organisation_feed(request, page, subgroups)
    if isinstance(page, MeetingPage) and page.pk:
        return links.meeting_download(request, page)
    return None
