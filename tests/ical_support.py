"""Shared helpers for the calendar tests: byte checks and three independent parsers."""

import datetime as dt

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream

from tests import factories

UTC = dt.UTC


def check_bytes(body):
    """Fails unless the feed is UTF-8 without BOM, CRLF only, and no physical line is over 75 octets."""
    assert body, "empty response"
    assert not body.startswith(b"\xef\xbb\xbf"), "byte-order mark"
    assert body.endswith(b"\r\n"), "last line not ended by CRLF"
    assert b"\n" not in body.replace(b"\r\n", b""), "bare LF"
    assert b"\r" not in body.replace(b"\r\n", b""), "bare CR"
    for number, line in enumerate(body.split(b"\r\n")[:-1], start=1):
        assert len(line) <= 75, f"line {number} has {len(line)} octets: {line[:80]!r}"
        line.decode("utf-8")  # each physical line on its own: a fold inside a character would fail here
    return body.decode("utf-8")


def parse(body):
    """Checks the bytes, then parses with icalendar, ical (strict) and vobject (validating); returns icalendar's."""
    text = check_bytes(body)
    calendar = icalendar.Calendar.from_ical(text)
    assert not calendar.get_missing_tzids(), "TZID without VTIMEZONE"
    strict = IcsCalendarStream.calendar_from_ics(text)
    loose = vobject.readOne(text, validate=True)
    events = calendar.walk("VEVENT")
    assert len(strict.events) == len(events)
    assert len(list(loose.contents.get("vevent", []))) == len(events)
    # The strict parser and icalendar agree on every event's identity and time.
    strict_times = {e.uid: e.dtstart.astimezone(UTC) for e in strict.events}
    assert strict_times == {str(e["UID"]): e.decoded("DTSTART").astimezone(UTC) for e in events}
    return calendar


def events_by_uid(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def unfolded(body):
    return body.decode("utf-8").replace("\r\n ", "")


def portal():
    """N17 with a summer, a winter, a cancelled, an old and an unpublished meeting, and a members-only group."""
    home = factories.home_page()
    n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    summer = factories.meeting(
        n17, start=factories.copenhagen(2025, 6, 12, 10), title="Netværksmøde juni", items=3, closed=(2,)
    )
    winter = factories.meeting(n17, start=factories.copenhagen(2025, 1, 15, 9, 30), title="Netværksmøde januar")
    old = factories.meeting(n17, start=factories.copenhagen(2021, 3, 3, 13), title="Stiftende møde")
    draft = factories.meeting(n17, start=factories.copenhagen(2025, 9, 1, 10), title="Kladde til møde", publish=False)
    cancelled = factories.meeting(n17, start=factories.copenhagen(2025, 11, 5, 10), title="Novembermøde")
    cancelled.cancelled = True
    cancelled.cancellation_reason = "For få punkter på dagsordenen"
    cancelled.save_revision().publish()
    cancelled.refresh_from_db()
    group = factories.working_group(n17, title="Energi og Klima", short_name="EK")
    group_meeting = factories.meeting(group, start=factories.copenhagen(2025, 5, 20, 14), title="Energimøde")
    return {
        "home": home,
        "n17": n17,
        "summer": summer,
        "winter": winter,
        "old": old,
        "draft": draft,
        "cancelled": cancelled,
        "group": group,
        "group_meeting": group_meeting,
    }
