"""Calendar files (RFC 5545) for meetings: events, the Copenhagen time zone, text escaping and line folding.

The events are written directly rather than through ``icalendar``'s component objects: that
library needed about five seconds to serialise a feed of 10,000 meetings, while this writer
needs a small fraction of that. ``icalendar``, ``ical`` and ``vobject`` parse every feed in the
tests, and calcurse, khal and ical2html import them, so the output is held to what real
clients accept.

Feeds hand :meth:`EventWriter.many` all their meetings at once, as tuples of the values the
database returns (naive UTC datetimes); :class:`Event` and :func:`event_bytes` use the same writer
for one meeting.
"""

import datetime as dt
import re
from itertools import groupby, repeat
from operator import itemgetter
from zoneinfo import ZoneInfo

from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _

TZID = "Europe/Copenhagen"
COPENHAGEN = ZoneInfo(TZID)
PRODID = "-//Region Sjaelland//Faelleskommunal moedeportal//DA"
MAX_OCTETS = 75
# calcurse reads a text of at most 8,191 bytes and rejects one cut inside an escape: longer agendas are shortened.
MAX_DESCRIPTION = 8000
MAX_TITLE = 300

# Central European time with the EU's summer-time rule (since 1996) in the RRULE form that
# Outlook, ical.js and libical read reliably; an RDATE list puts summer meetings an hour off.
VTIMEZONE_LINES = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

# Characters iCalendar text may not carry (all controls but tab); newlines are escaped before this runs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_UTC = dt.UTC


def escape_text(value):
    """Escapes a TEXT value: backslash, semicolon, comma and newlines, and drops control characters."""
    value = str(value)
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    value = value.replace(";", "\\;").replace(",", "\\,")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in value:
        value = value.replace("\n", "\\n")
    return value if value.isprintable() else _CONTROL.sub("", value)


def fold(line):
    """Splits an encoded content line into physical lines of at most 75 octets, never inside a UTF-8 character or an
    escape."""
    if len(line) <= MAX_OCTETS:
        return line
    parts, start, limit, size = [], 0, MAX_OCTETS, len(line)
    while size - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: move the cut to the character's start
            cut -= 1
        # Never between a backslash and the character it escapes: RFC 5545 allows it, but calcurse then rejects the
        # whole text as malformed. Backslashes are ASCII, so the cut stays at a character's start.
        while line[cut - 1] == 0x5C and cut - 1 > start:
            cut -= 1
        parts.append(line[start:cut])
        start, limit = cut, MAX_OCTETS - 1  # continuation lines begin with a space
    parts.append(line[start:])
    return b"\r\n ".join(parts)


# Times ----------------------------------------------------------------------------------------
# A feed of 10,000 meetings writes 30,000 stamps, so these avoid aware datetimes (``replace(tzinfo=…)`` and
# ``astimezone`` cost microseconds each) and work on naive UTC values, which is what SQLite returns.

_WINDOW = dt.timedelta(hours=3)
_wall_offset = COPENHAGEN.utcoffset  # the offset of a wall-clock time (a naive datetime) in Copenhagen


def naive_utc(value):
    """An instant as a naive UTC datetime; naive values are taken to be UTC already, as the database stores them."""
    if value.tzinfo is None:
        return value
    return value.astimezone(_UTC).replace(tzinfo=None)


def copenhagen_wall_time(value):
    """A naive UTC datetime as the naive wall-clock time in Copenhagen.

    Read as a wall-clock time, ``value`` is at most two hours from the answer; when Copenhagen's offset is the same
    three hours either side of it, no change of offset lies near, and that offset is the right one. Only the hours
    around the two yearly changes take the exact, slower conversion.
    """
    offset = _wall_offset(value)
    if _wall_offset(value - _WINDOW) == offset == _wall_offset(value + _WINDOW):
        return value + offset
    return value.replace(tzinfo=_UTC).astimezone(COPENHAGEN).replace(tzinfo=None)


# Looking the digits up takes less than half the time of formatting the numbers ("%04d%02d…" % (…), strftime or
# isoformat).
_DIGITS2 = tuple(f"{n:02d}" for n in range(100))
_DIGITS4 = tuple(f"{n:04d}" for n in range(10000))


def _stamp(v):
    two = _DIGITS2
    return f"{_DIGITS4[v.year]}{two[v.month]}{two[v.day]}T{two[v.hour]}{two[v.minute]}{two[v.second]}"


# Events -----------------------------------------------------------------------------------------


def _labels():
    """The words a feed uses, in the active language, looked up once per calendar."""
    return {
        "cancelled": _("CANCELLED: %(title)s"),
        "reason": _("The meeting is cancelled: %(reason)s"),
        "no_reason": _("The meeting is cancelled."),
        "agenda": _("Agenda:"),
        "closed": _("Closed item"),
    }


def _content_line(line):
    """One content line as folded UTF-8 bytes ending in CRLF."""
    encoded = line.encode()
    if len(encoded) > MAX_OCTETS:
        encoded = fold(encoded)
    return encoded + b"\r\n"


class WrittenEvents:
    """VEVENTs already written, so that a feed rebuilt after one meeting changed writes only that meeting again.

    Shared by every feed of this process (all meetings, bodies, people, members' own feeds) and bounded in size. The
    key is everything the writer is given — the words of the language and every value of the meeting, its agenda lines
    included — so an entry can never stand for content that has changed since: changed content is another key. Two
    generations stand in for least-recently-used eviction: an entry found in the older one moves to the newer one,
    and when the newer one is full the older one is dropped. There are no locks: with threads, the worst that can
    happen is an entry dropped early or written twice.
    """

    # An entry's key holds the meeting's texts again, and Python objects have overhead: measured on a feed of 10,000
    # meetings, the memory an entry takes is about 3.5 times the length of its VEVENT.
    ENTRY_COST = 4

    def __init__(self, max_bytes=64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.clear()

    def clear(self):
        self._current, self._previous, self._size = {}, {}, 0

    def get_many(self, keys):
        """The VEVENT kept for each key, or None."""
        bodies = list(map(self._current.get, keys))
        previous = self._previous
        if previous and None in bodies:
            found = [i for i, body in enumerate(bodies) if body is None and keys[i] in previous]
            for i in found:
                bodies[i] = previous[keys[i]]
            self.put_many([keys[i] for i in found], [bodies[i] for i in found])
        return bodies

    def put_many(self, keys, bodies):
        self._current.update(zip(keys, bodies, strict=True))
        self._size += self.ENTRY_COST * sum(map(len, bodies))
        if self._size > self.max_bytes // 2:
            self._previous, self._current, self._size = self._current, {}, 0


written_events = WrittenEvents()
_NAIVE_EPOCH = naive_utc(EPOCH)


class EventWriter:
    """Writes VEVENTs in the active language; make one per calendar.

    An event is a tuple ``(uid, start, end, changed, sequence, summary, location, url, cancelled, reason, agenda)``:
    ``start``, ``end`` and ``changed`` are naive UTC datetimes (``changed`` may be None), ``cancelled`` is whether the
    meeting is cancelled and ``reason`` why, and ``agenda`` is the meeting's tuple of lines from :meth:`agenda_lines`
    (empty without an agenda). With ``memo`` (a :class:`WrittenEvents`), an event written before from exactly the
    same values is reused.
    """

    __slots__ = ("_agenda", "_cancelled", "_closed", "_labels", "_memo", "_no_reason", "_reason")

    def __init__(self, labels=None, memo=None):
        labels = labels or _labels()
        self._cancelled = labels["cancelled"]
        self._reason = labels["reason"]
        self._no_reason = labels["no_reason"]
        self._agenda = labels["agenda"]
        self._closed = labels["closed"]
        self._labels = tuple(sorted(labels.items()))
        self._memo = memo

    def agenda_lines(self, items):
        """``(meeting_id, title)`` pairs, each meeting's together and in agenda order, ``None`` for a closed item's
        title → each meeting's agenda as numbered lines headed by “Agenda:”. A closed item shows only its number and
        “Closed item”."""
        head, closed = self._agenda, self._closed
        # Each agenda becomes a tuple at once: tens of thousands of lists kept to the end would be moved into the
        # garbage collector's oldest generation and bring on its full collections (0.1 s each on a 2-core machine).
        return {
            meeting_id: (
                head,
                *[f"{number}. {closed if title is None else title}" for number, (_, title) in enumerate(group, 1)],
            )
            for meeting_id, group in groupby(items, itemgetter(0))
        }

    def __call__(self, uid, start, end, changed, sequence, summary, location, url, cancelled, reason, agenda):
        """One event's VEVENT as folded UTF-8 bytes, CRLF after every line."""
        event = (uid, start, end, changed, sequence, summary, location, url, cancelled, reason, tuple(agenda))
        return self.many([event])[0]

    def many(self, events):
        """Each event's VEVENT as folded UTF-8 bytes, CRLF after every line."""
        memo = self._memo
        if memo is None:
            return [self._write(*event) for event in events]
        keys = list(zip(repeat(self._labels), events))
        bodies = memo.get_many(keys)
        missing = [i for i, body in enumerate(bodies) if body is None]
        if missing:
            written = [self._write(*events[i]) for i in missing]
            for i, body in zip(missing, written, strict=True):
                bodies[i] = body
            memo.put_many([keys[i] for i in missing], written)
        return bodies

    def _write(self, uid, start, end, changed, sequence, summary, location, url, cancelled, reason, agenda):
        if url and not (url.isascii() and url.isprintable()):
            url = _clean_url(url)
        description = [url] if url else []
        if cancelled:
            summary = self._cancelled % {"title": summary}
            reason = reason.strip()
            description.append(self._reason % {"reason": reason} if reason else self._no_reason)
        if agenda:
            description += agenda
        stamp = _stamp(changed or _NAIVE_EPOCH)
        # Fixed-width ASCII lines, always shorter than 75 octets. DTEND must come after DTSTART: a meeting stored
        # without a valid end becomes a moment in time rather than an event clients reject.
        dtend = f"DTEND;TZID={TZID}:{_stamp(copenhagen_wall_time(end))}\r\n" if end is not None and end > start else ""
        parts = [
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{stamp}Z\r\nLAST-MODIFIED:{stamp}Z\r\n"
            f"DTSTART;TZID={TZID}:{_stamp(copenhagen_wall_time(start))}\r\n{dtend}"
            f"SEQUENCE:{sequence}\r\nSTATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}\r\n".encode(),
            _content_line("SUMMARY:" + escape_text(summary)),
        ]
        if location:
            parts.append(_content_line("LOCATION:" + escape_text(location)))
        if url:
            parts.append(_content_line("URL:" + url))
        if description:
            text = escape_text("\n".join(description))
            if len(text) > MAX_DESCRIPTION // 4 and len(text.encode()) > MAX_DESCRIPTION:
                text = _shortened(description)
            parts.append(_content_line("DESCRIPTION:" + text))
        parts.append(b"END:VEVENT\r\n")
        return b"".join(parts)


def _shortened(lines):
    """The escaped description of a long agenda, cut to fit MAX_DESCRIPTION: titles of at most MAX_TITLE characters,
    and as many whole lines as fit, then “…” (the meeting's page, whose address comes first, has the rest)."""
    kept, size = [], 0
    for line in lines:
        line = line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1].rstrip() + "…"
        escaped = escape_text(line)
        cost = len(escaped.encode()) + 2  # and the \n before it
        if size + cost > MAX_DESCRIPTION - 8:
            kept.append("…")
            break
        kept.append(escaped)
        size += cost
    return "\\n".join(kept)


def _clean_url(url):
    if not url.isascii():
        url = iri_to_uri(url)
    return url if url.isprintable() else _CONTROL.sub("", url)


def calendar_bytes(events, name=None, description=None):
    """A whole VCALENDAR as UTF-8 bytes; ``name`` marks a subscribable feed and adds its name and refresh hints.

    ``events`` are VEVENTs already written (bytes from :class:`EventWriter`).
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines += [
            f"NAME:{escape_text(name)}",
            f"X-WR-CALNAME:{escape_text(name)}",
            f"X-WR-TIMEZONE:{TZID}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
        if description:
            lines += [f"DESCRIPTION:{escape_text(description)}", f"X-WR-CALDESC:{escape_text(description)}"]
    lines.extend(VTIMEZONE_LINES)
    parts = [_content_line(line) for line in lines]
    parts.extend(events)
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)
