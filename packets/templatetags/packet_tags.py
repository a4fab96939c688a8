"""The packet a meeting page offers, for its download link and its ``<link rel="alternate">``.

The page models know nothing of packets: the meeting template asks here."""

from django import template
from django.urls import reverse

from pages import visibility
from pages.models import MeetingPage

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_packet(context, page=None):
    """``{"url": …, "members_url": …}`` for a saved meeting with an agenda (members_url only for those who may read
    its closed items, when it has any); None otherwise."""
    if not isinstance(page, MeetingPage) or not page.pk or not page.live:
        return None
    items = context.get("agenda_items")
    if items is None:
        items = list(page.agenda_items.all())
    if not items:
        return None
    packet = {"url": reverse("packets:public", args=[page.pk]), "members_url": None}
    request = context.get("request")
    if request is not None and visibility.for_request(request).sees_closed_items(page):
        packet["members_url"] = reverse("packets:members", args=[page.pk])
    return packet
