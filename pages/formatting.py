"""How the portal writes dates, times and its own name in the interface language (Copenhagen time).

Plain functions, used by the template filters in ``pages.templatetags.portal_tags``, the PDFs, the briefing memo,
the notifications and the calendar feeds alike.
"""

import datetime as dt
import html
import re

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.html import strip_tags

# Date formats per interface language (Django's dateformat codes; backslash escapes literal letters).
DATE_FORMATS = {
    "da": {"date": "j. F Y", "weekday_date": "l \\d\\e\\n j. F Y", "time": "H.i", "datetime": "j. F Y \\k\\l. H.i"},
    "en": {"date": "j F Y", "weekday_date": "l j F Y", "time": "H:i", "datetime": "j F Y, H:i"},
}


def current_language():
    """The interface language of the request, reduced to one of settings.LANGUAGES ("da-dk" is "da")."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _formats():
    return DATE_FORMATS.get(current_language(), DATE_FORMATS["en"])


def _local(value):
    """A datetime in Europe/Copenhagen; dates pass through unchanged."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return timezone.localtime(value, timezone.get_default_timezone())
    return value


def long_date(value):
    """A date in words in the visitor's language: “19. januar 2009” or “19 January 2009”."""
    if not value:
        return ""
    return dateformat.format(_local(value), _formats()["date"])


def weekday_date(value):
    """A date with its weekday: “mandag den 19. januar 2009” or “Monday 19 January 2009”."""
    if not value:
        return ""
    return dateformat.format(_local(value), _formats()["weekday_date"])


def meeting_time(value):
    """The time of day in Copenhagen: “14.00” in Danish, “14:00” in English."""
    if not value:
        return ""
    return dateformat.format(_local(value), _formats()["time"])


def meeting_datetime(value):
    """Date and time in Copenhagen: “19. januar 2009 kl. 14.00” or “19 January 2009, 14:00”."""
    if not value:
        return ""
    return dateformat.format(_local(value), _formats()["datetime"])


def time_range(start, end=None):
    """A meeting's span: “19. januar 2009 kl. 14.00–16.00”, or both dates in full when it runs over midnight."""
    if not start:
        return ""
    if not end:
        return meeting_datetime(start)
    if _local(start).date() == _local(end).date():
        return f"{meeting_datetime(start)}–{meeting_time(end)}"
    return f"{meeting_datetime(start)} – {meeting_datetime(end)}"


def site_name():
    """The portal's name in the interface language (settings.PORTAL_SITE_NAMES), else settings.WAGTAIL_SITE_NAME."""
    names = settings.PORTAL_SITE_NAMES
    return names.get(current_language()) or getattr(settings, "WAGTAIL_SITE_NAME", "")


BLOCK_END_RE = re.compile(r"(</(?:p|h[1-6]|li|div|tr|blockquote|pre|table|ul|ol)>|<br\s*/?>)", re.IGNORECASE)


def plain(value):
    """Rich text or HTML as plain text, each paragraph, heading, list item or line on a line of its own."""
    return html.unescape(strip_tags(BLOCK_END_RE.sub(r"\1\n", str(value or "")))).strip()
