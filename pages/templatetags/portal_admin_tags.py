"""Template tags of the portal's admin panels."""

from django import template

from pages import briefing, meeting_admin

register = template.Library()


@register.simple_tag
def page_actions(page, user):
    """The actions shown at the top of ``page``'s edit form for ``user``."""
    return meeting_admin.page_actions(page.specific if page is not None and page.pk else page, user)


@register.filter
def meeting_label(meeting):
    """A meeting's title and time with its day said once (pages/briefing.py)."""
    return briefing.meeting_label(meeting)
