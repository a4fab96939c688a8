"""Calendar feeds: what subscribers get, who sees what, caching and bad input, through real HTTP."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.models import PageViewRestriction

from calendars.ical import written_events
from calendars.views import built_feeds
from pages import visibility
from pages.models import CalendarToken
from tests import factories
from tests.ical_support import UTC, events_by_uid, parse, portal, unfolded

pytestmark = pytest.mark.django_db

ALL = "/da/kalender/alle.ics"


@pytest.fixture
def site():
    return portal()


@pytest.fixture(autouse=True)
def _fresh_feeds():
    """Each test builds its feeds and events itself rather than finding ones kept from another test."""
    built_feeds.clear()
    written_events.clear()


def feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    restriction.groups.set(groups)
    return restriction


def member(username="mette", groups=()):
    user = User.objects.create_user(username, password="pw-for-tests-only")  # noqa: S106
    user.groups.set(groups)
    return user


# The calendar and its events -----------------------------------------------------------------


def test_all_meetings_feed_carries_every_public_meeting_with_its_details(client, site):
    response = feed(client, ALL)
    calendar = parse(response.content)
    events = events_by_uid(calendar)

    published = [site[k] for k in ("summer", "winter", "old", "cancelled", "group_meeting")]
    assert set(events) == {str(m.uid) for m in published}
    assert str(site["draft"].uid) not in events

    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert "METHOD" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == "Alle møder – Fælleskommunal mødeportal – Region Sjælland"
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    text = unfolded(response.content)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "X-PUBLISHED-TTL:PT1H\r\n" in text

    summer = events[str(site["summer"].uid)]
    assert str(summer["SUMMARY"]) == "N17: Netværksmøde juni"
    assert str(summer["LOCATION"]) == "Rådhuset, Sorø"
    page_url = site["summer"].get_full_url()
    assert str(summer["URL"]) == page_url
    assert page_url in str(summer["DESCRIPTION"])
    assert "Punkt 1: Orientering om vækstforum" in str(summer["DESCRIPTION"])
    assert str(summer["STATUS"]) == "CONFIRMED"
    # DTSTAMP and LAST-MODIFIED are when the meeting was last published, not when the feed was fetched.
    site["summer"].refresh_from_db()
    assert summer.decoded("DTSTAMP") == site["summer"].last_published_at.replace(microsecond=0)
    assert summer.decoded("LAST-MODIFIED") == summer.decoded("DTSTAMP")
    # The working group's meeting is named by the group's short name.
    assert str(events[str(site["group_meeting"].uid)]["SUMMARY"]) == "EK: Energimøde"


def test_times_are_copenhagen_time_in_summer_and_winter_with_an_rrule_vtimezone(client, site):
    response = feed(client, ALL)
    text = unfolded(response.content)
    events = events_by_uid(parse(response.content))

    summer = events[str(site["summer"].uid)]
    winter = events[str(site["winter"].uid)]
    assert summer["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert "DTSTART;TZID=Europe/Copenhagen:20250612T100000\r\n" in text
    assert "DTSTART;TZID=Europe/Copenhagen:20250115T093000\r\n" in text
    assert summer.decoded("DTSTART").astimezone(UTC) == dt.datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
    assert summer.decoded("DTEND").astimezone(UTC) == dt.datetime(2025, 6, 12, 10, 0, tzinfo=UTC)
    assert winter.decoded("DTSTART").astimezone(UTC) == dt.datetime(2025, 1, 15, 8, 30, tzinfo=UTC)

    vtimezone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert "TZID:Europe/Copenhagen" in vtimezone
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in vtimezone
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in vtimezone
    assert "RDATE" not in vtimezone
    assert text.count("BEGIN:VTIMEZONE") == 1

    # The VTIMEZONE gives the same offset as the tz database on every day from 2000 to 2037.
    from zoneinfo import ZoneInfo

    zone = parse(response.content).walk("VTIMEZONE")[0].to_tz()
    reference = ZoneInfo("Europe/Copenhagen")
    day = dt.datetime(2000, 1, 1, 12)
    while day.year < 2038:
        assert zone.utcoffset(day) == day.replace(tzinfo=reference).utcoffset(), day
        day += dt.timedelta(days=1)


def test_closed_items_never_show_their_title_in_any_feed(client, site):
    user = member("lone")
    restrict(site["group"], PageViewRestriction.LOGIN)
    token = CalendarToken.objects.create(user=user)
    urls = [
        ALL,
        "/en/kalender/alle.ics",
        f"/da/kalender/organisation/{site['n17'].pk}.ics",
        f"/da/kalender/moede/{site['summer'].pk}.ics",
        f"/da/kalender/privat/{token.key}.ics",
    ]
    # The closed item has a title of its own, distinct from the open items.
    item = site["summer"].agenda_items.get(closed=True)
    item.title = "Fortroligt: salg af grund til virksomhed"
    item.save()
    for url in urls:
        body = feed(client, url).content
        assert "Fortroligt" not in unfolded(body), url
    danish = events_by_uid(parse(feed(client, ALL).content))[str(site["summer"].uid)]
    assert "2. Lukket punkt" in str(danish["DESCRIPTION"])
    assert "1. Punkt 1: Orientering om vækstforum" in str(danish["DESCRIPTION"])
    english = events_by_uid(parse(feed(client, "/en/kalender/alle.ics").content))[str(site["summer"].uid)]
    assert "2. Closed item" in str(english["DESCRIPTION"])


def test_cancelled_meeting_stays_with_status_cancelled_and_a_marked_summary(client, site):
    events = events_by_uid(parse(feed(client, ALL).content))
    event = events[str(site["cancelled"].uid)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "AFLYST: N17: Novembermøde"
    assert "For få punkter på dagsordenen" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) > 0
    english = events_by_uid(parse(feed(client, "/en/kalender/alle.ics").content))[str(site["cancelled"].uid)]
    assert str(english["SUMMARY"]) == "CANCELLED: N17: Novembermøde"


def test_moving_a_meeting_raises_its_sequence_and_keeps_its_uid(client, site):
    # The meeting was last published a minute ago, so a change now shows a later stamp at second precision.
    type(site["winter"]).objects.filter(pk=site["winter"].pk).update(
        last_published_at=dt.datetime.now(UTC) - dt.timedelta(minutes=1)
    )
    first = feed(client, ALL)
    before = events_by_uid(parse(first.content))[str(site["winter"].uid)]

    meeting = site["winter"]
    meeting.start = factories.copenhagen(2025, 1, 22, 9, 30)
    meeting.end = factories.copenhagen(2025, 1, 22, 11, 30)
    meeting.save_revision().publish()

    second = client.get(ALL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    after = events_by_uid(parse(second.content))[str(meeting.uid)]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART").astimezone(UTC) == dt.datetime(2025, 1, 22, 8, 30, tzinfo=UTC)
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")

    # Moving the place counts too; a change of title alone does not.
    sequence = int(after["SEQUENCE"])
    meeting.location = "Rådhuset, Næstved"
    meeting.save_revision().publish()
    moved = events_by_uid(parse(feed(client, ALL).content))[str(meeting.uid)]
    assert int(moved["SEQUENCE"]) > sequence
    assert str(moved["LOCATION"]) == "Rådhuset, Næstved"


@pytest.mark.parametrize("kept_bytes", [None, 4000], ids=["room-for-all", "room-for-one-event"])
def test_a_feed_rebuilt_after_changes_is_the_feed_built_afresh(client, site, monkeypatch, kept_bytes):
    if kept_bytes:
        monkeypatch.setattr(written_events, "max_bytes", kept_bytes)
    # The first build keeps the events it wrote; the changes below must show in the next build all the same.
    feed(client, ALL)
    feed(client, "/en/kalender/alle.ics")

    summer = site["summer"]
    item = summer.agenda_items.get(sort_order=0)
    item.title = "Budget 2026, første behandling"
    item.save()
    summer.save_revision().publish()
    n17 = site["n17"]
    n17.short_name = "Netværket"
    n17.save_revision().publish()
    winter = site["winter"]
    winter.cancelled = True
    winter.cancellation_reason = "Sygdom"
    winter.save_revision().publish()

    rebuilt = {url: feed(client, url).content for url in (ALL, "/en/kalender/alle.ics")}
    events = events_by_uid(parse(rebuilt[ALL]))
    assert "1. Budget 2026, første behandling" in str(events[str(summer.uid)]["DESCRIPTION"])
    assert "Orientering om vækstforum" in str(events[str(summer.uid)]["DESCRIPTION"])  # item 3 is unchanged
    assert "1. Punkt 1" not in str(events[str(summer.uid)]["DESCRIPTION"])
    assert str(events[str(site["old"].uid)]["SUMMARY"]) == "Netværket: Stiftende møde"
    assert str(events[str(winter.uid)]["SUMMARY"]) == "AFLYST: Netværket: Netværksmøde januar"
    assert str(events[str(winter.uid)]["STATUS"]) == "CANCELLED"
    english = events_by_uid(parse(rebuilt["/en/kalender/alle.ics"]))
    assert str(english[str(winter.uid)]["SUMMARY"]) == "CANCELLED: Netværket: Netværksmøde januar"

    # Byte for byte what a build from nothing gives.
    built_feeds.clear()
    written_events.clear()
    for url, body in rebuilt.items():
        assert feed(client, url).content == body, url


def test_an_agenda_corrected_in_the_database_shows_in_every_feed_built_afterwards(client, site):
    feed(client, ALL)  # writes the summer meeting's event
    item = site["summer"].agenda_items.get(sort_order=0)
    item.title = "Rettet titel på punkt 1"
    item.save()  # a correction straight in the database: the meeting's stamps and sequence stay as they were
    response = feed(client, f"/da/kalender/organisation/{site['n17'].pk}.ics")
    description = str(events_by_uid(parse(response.content))[str(site["summer"].uid)]["DESCRIPTION"])
    assert "1. Rettet titel på punkt 1" in description
    assert "Punkt 1:" not in description


def test_old_meetings_stay_in_the_feed(client, site):
    events = events_by_uid(parse(feed(client, ALL).content))
    assert str(site["old"].uid) in events  # from 2021


# HTTP: caching and conditional requests ------------------------------------------------------


def test_conditional_requests_get_304_without_building_the_feed(
    client, site, monkeypatch, django_assert_max_num_queries
):
    first = feed(client, ALL)
    assert first["Cache-Control"] == "public, max-age=900"
    assert first["ETag"].startswith('"')
    assert first["Last-Modified"]
    assert "attachment" not in first.get("Content-Disposition", "")

    # The feed is the same on a second fetch: DTSTAMP does not follow the clock.
    assert feed(client, ALL).content == first.content

    import calendars.views

    def no_build(*args, **kwargs):
        raise AssertionError("the feed was built for a conditional request")

    monkeypatch.setattr(calendars.views, "_events", no_build)
    with django_assert_max_num_queries(4):  # view restrictions, site, language, the validator
        not_modified = client.get(ALL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == first["ETag"]
    assert not_modified["Cache-Control"] == "public, max-age=900"

    since = client.get(ALL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    monkeypatch.undo()

    # A newly published meeting changes the validator, so the next poll gets the whole feed.
    factories.meeting(site["n17"], start=factories.copenhagen(2026, 2, 2, 10), title="Nyt møde")
    changed = client.get(ALL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Nyt møde" in unfolded(changed.content)


def test_unpublishing_a_meeting_changes_the_validator(client, site):
    first = feed(client, ALL)
    site["winter"].unpublish()
    second = client.get(ALL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert str(site["winter"].uid) not in events_by_uid(parse(second.content))


def test_the_validator_follows_restrictions_and_scheduled_unpublishing(client, site):
    """The ETag is also the key of the kept feed, so every change in the portal that a feed shows must change it."""
    from django.core.management import call_command
    from django.utils import timezone

    url = f"/da/kalender/organisation/{site['n17'].pk}.ics"
    # A view restriction on the body's working group takes its meetings out of the feed with subgroups.
    with_groups = feed(client, url + "?include=subgroups")
    assert str(site["group_meeting"].uid) in events_by_uid(parse(with_groups.content))
    restrict(site["group"], PageViewRestriction.LOGIN)
    after = client.get(url + "?include=subgroups", HTTP_IF_NONE_MATCH=with_groups["ETag"])
    assert after.status_code == 200
    assert str(site["group_meeting"].uid) not in events_by_uid(parse(after.content))

    # A meeting whose expiry passes is unpublished by Wagtail's scheduler, and leaves the feed.
    first = feed(client, url)
    summer = site["summer"]
    summer.expire_at = timezone.now() - dt.timedelta(minutes=1)
    summer.save(update_fields=["expire_at"])
    call_command("publish_scheduled", verbosity=0)
    expired = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert expired.status_code == 200
    assert str(summer.uid) not in events_by_uid(parse(expired.content))


def test_a_body_feed_holds_its_own_meetings_and_not_a_neighbours(client, site):
    """Feeds select a body's meetings by the range of its place in the page tree: the neighbouring body, made right
    after it, and the body's own working group stay out of the plain feed."""
    neighbour = factories.body(title="Kommunekontaktrådet", short_name="KKR")
    assert neighbour.path[:-4] == site["n17"].path[:-4]  # siblings under the same home page
    kkr_meeting = factories.meeting(neighbour, start=factories.copenhagen(2025, 6, 13, 10), title="KKR-møde")
    own = events_by_uid(parse(feed(client, f"/da/kalender/organisation/{site['n17'].pk}.ics").content))
    assert str(site["summer"].uid) in own
    assert str(kkr_meeting.uid) not in own
    assert str(site["group_meeting"].uid) not in own
    theirs = events_by_uid(parse(feed(client, f"/da/kalender/organisation/{neighbour.pk}.ics").content))
    assert set(theirs) == {str(kkr_meeting.uid)}


def test_the_validator_reads_an_index_not_the_page_table(site):
    """A calendar server's poll is answered from an index made after every migrate: on SQLite the validator's
    statement reads the meetings' publication stamps from it alone."""
    from django.db import connection
    from wagtail.models import Page

    from calendars.views import VALIDATOR_INDEX, _below, _meeting_types, _scope

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert indexes[VALIDATOR_INDEX]["columns"] == [
        "content_type_id",
        "path",
        "depth",
        "live",
        "expire_at",
        "locale_id",
        "alias_of_id",
        "translation_key",
        "last_published_at",
        "id",
    ]
    if connection.vendor == "sqlite":
        scope = _scope(_below(site["n17"], children=True), visibility.public())
        pages = Page.objects.filter(scope, content_type__in=_meeting_types())
        sql, params = pages.values("pk", "last_published_at").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(row[-1] for row in cursor.fetchall())
        assert f"COVERING INDEX {VALIDATOR_INDEX}" in plan, plan


def test_an_error_gives_a_5xx_not_an_empty_calendar(site, monkeypatch):
    import calendars.views

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(calendars.views, "_events", broken)
    response = Client(raise_request_exception=False).get(ALL)
    assert response.status_code >= 500
    assert b"BEGIN:VCALENDAR" not in response.content


# One organisation, one person ----------------------------------------------------------------


def test_organisation_feed_and_its_subgroups(client, site):
    url = f"/da/kalender/organisation/{site['n17'].pk}.ics"
    response = feed(client, url)
    calendar = parse(response.content)
    uids = set(events_by_uid(calendar))
    assert str(site["summer"].uid) in uids
    assert str(site["group_meeting"].uid) not in uids
    assert str(site["draft"].uid) not in uids
    assert str(calendar["X-WR-CALNAME"]).startswith("N17")

    with_groups = set(events_by_uid(parse(feed(client, url + "?include=subgroups").content)))
    assert with_groups == uids | {str(site["group_meeting"].uid)}

    group_only = set(events_by_uid(parse(feed(client, f"/da/kalender/organisation/{site['group'].pk}.ics").content)))
    assert group_only == {str(site["group_meeting"].uid)}


def test_members_only_meetings_never_appear_in_public_body_or_person_feeds(client, site):
    secret = factories.meeting(site["n17"], start=factories.copenhagen(2025, 8, 8, 10), title="Lukket formøde")
    restrict(secret, PageViewRestriction.LOGIN)
    restrict(site["group"], PageViewRestriction.GROUPS, [Group.objects.create(name="EK-medlemmer")])
    person = factories.person()
    factories.membership(person, site["n17"])
    factories.membership(person, site["group"])
    urls = [
        ALL,
        f"/da/kalender/organisation/{site['n17'].pk}.ics",
        f"/da/kalender/organisation/{site['n17'].pk}.ics?include=subgroups",
        f"/da/kalender/person/{person.pk}.ics",
        "/en/kalender/alle.ics",
    ]
    for url in urls:
        response = feed(client, url)
        uids = set(events_by_uid(parse(response.content)))
        assert str(secret.uid) not in uids, url
        assert str(site["group_meeting"].uid) not in uids, url
        assert str(site["draft"].uid) not in uids, url
        assert "Lukket formøde" not in unfolded(response.content)
    # The members-only group has no public feed, and says nothing about it.
    assert client.get(f"/da/kalender/organisation/{site['group'].pk}.ics").status_code == 404


def test_person_feed_follows_membership_dates(client, site):
    person = factories.person(name="Henning Jensen")
    other = factories.body(title="KKR Sjælland", short_name="KKR")
    kkr_meeting = factories.meeting(other, start=factories.copenhagen(2025, 3, 1, 10), title="KKR-møde")
    factories.membership(person, site["n17"], start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 6, 30))
    factories.membership(person, other)

    response = feed(client, person.calendar_feed_url)
    assert person.calendar_feed_url == f"/da/kalender/person/{person.pk}.ics"
    calendar = parse(response.content)
    uids = set(events_by_uid(calendar))
    assert uids == {str(site["winter"].uid), str(site["summer"].uid), str(kkr_meeting.uid)}
    assert "Henning Jensen" in str(calendar["X-WR-CALNAME"])


def test_a_persons_feed_is_named_meetings_for_them(client, site):
    person = factories.person(name="Poul Lindor Nielsen")
    factories.membership(person, site["n17"])
    calendar = parse(feed(client, person.calendar_feed_url).content)
    assert str(calendar["X-WR-CALNAME"]) == "Møder for Poul Lindor Nielsen"


def test_unknown_body_person_or_meeting_is_404(client, site):
    assert client.get("/da/kalender/organisation/999999.ics").status_code == 404
    assert client.get(f"/da/kalender/organisation/{site['summer'].pk}.ics").status_code == 404  # a meeting, not a body
    assert client.get("/da/kalender/person/999999.ics").status_code == 404
    assert client.get("/da/kalender/moede/999999.ics").status_code == 404
    assert client.get(f"/da/kalender/moede/{site['draft'].pk}.ics").status_code == 404
    unpublished = factories.body(title="Ny gruppe", short_name="NG", publish=False)
    assert client.get(f"/da/kalender/organisation/{unpublished.pk}.ics").status_code == 404


# Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "3651", "1.5", "٣"])
def test_out_of_range_parameters_are_400_with_a_message(client, site, value):
    response = client.get(ALL, {"past_days": value})
    assert response.status_code == 400
    assert b"past_days" in response.content


def test_unknown_include_is_400(client, site):
    response = client.get(f"/da/kalender/organisation/{site['n17'].pk}.ics?include=everything")
    assert response.status_code == 400
    assert "subgroups" in response.content.decode()


def test_past_days_limits_how_far_back(client, site):
    recent = factories.meeting(site["n17"], start=factories.copenhagen(2099, 1, 1, 10), title="Fremtidigt møde")
    uids = set(events_by_uid(parse(feed(client, ALL + "?past_days=30").content)))
    assert str(recent.uid) in uids
    assert str(site["old"].uid) not in uids


def test_unusual_characters_and_a_very_long_description_give_a_valid_folded_feed(client, site):
    title = 'Møde; om æøå, ÆØÅ 🚲🌍 — "citat" \\ backslash\nanden linje'
    meeting = factories.meeting(
        site["n17"],
        start=factories.copenhagen(2025, 10, 1, 10),
        title=title.replace("\n", " "),
        location="Sorø Akademi; sal 2, 1. sal\nindgang B",
        items=0,
    )
    long_titles = []
    for number in range(25):
        text = f"Sag ø{number}; budget, æøå 🚲 " * 20
        long_titles.append(text[:400])
        meeting.agenda_items.create(title=text[:400], sort_order=number)
    meeting.save_revision().publish()

    response = feed(client, ALL)
    event = events_by_uid(parse(response.content))[str(meeting.uid)]
    assert str(event["LOCATION"]) == "Sorø Akademi; sal 2, 1. sal\nindgang B"
    assert str(event["SUMMARY"]) == "N17: " + title.replace("\n", " ")
    description = str(event["DESCRIPTION"])
    # 25 titles of 400 characters are more than calendar programs read: the agenda is cut to fit, and says so.
    assert len(description.encode()) <= 8000
    assert description.endswith("\n…")
    assert "1. " + long_titles[0][:250] in description
    # Raw newlines are escaped, never written as line breaks inside a value.
    assert "indgang B" in unfolded(response.content)
    assert "\\nindgang B" in unfolded(response.content)
    assert "\\;" in unfolded(response.content) and "\\," in unfolded(response.content)


# The private feed and its key ----------------------------------------------------------------


def test_private_feed_carries_the_members_only_meetings_the_member_may_see(client, site):
    board = Group.objects.create(name="EK-medlemmer")
    restrict(site["group"], PageViewRestriction.GROUPS, [board])
    login_only = factories.meeting(
        site["n17"], start=factories.copenhagen(2025, 8, 8, 10), title="Formøde for medlemmer"
    )
    restrict(login_only, PageViewRestriction.LOGIN)
    password = factories.meeting(site["n17"], start=factories.copenhagen(2025, 8, 9, 10), title="Kodeordsmøde")
    PageViewRestriction.objects.create(page=password, restriction_type=PageViewRestriction.PASSWORD, password="x")  # noqa: S106

    outsider = CalendarToken.objects.create(user=member("outsider"))
    insider = CalendarToken.objects.create(user=member("insider", [board]))

    response = feed(client, f"/da/kalender/privat/{outsider.key}.ics")
    assert response["Cache-Control"].startswith("private")
    uids = set(events_by_uid(parse(response.content)))
    assert str(login_only.uid) in uids
    assert str(site["summer"].uid) in uids
    assert str(site["group_meeting"].uid) not in uids
    assert str(password.uid) not in uids
    assert str(site["draft"].uid) not in uids

    uids = set(events_by_uid(parse(feed(client, f"/da/kalender/privat/{insider.key}.ics").content)))
    assert {str(login_only.uid), str(site["group_meeting"].uid)} <= uids
    assert str(password.uid) not in uids

    # Leaving the group takes the group's meetings out of the member's feed at the next poll.
    first = feed(client, f"/da/kalender/privat/{insider.key}.ics")
    insider.user.groups.clear()
    again = client.get(f"/da/kalender/privat/{insider.key}.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert str(site["group_meeting"].uid) not in set(events_by_uid(parse(again.content)))


@pytest.mark.parametrize("key", ["abc", "x" * 43 + "y", "%00" * 10, "../../etc/passwd", "a" * 43])
def test_wrong_or_malformed_key_is_404_and_leaks_nothing(client, site, key):
    CalendarToken.objects.create(user=member())
    response = client.get(f"/da/kalender/privat/{key}.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_revoked_and_replaced_keys_stop_working(site):
    user = member()
    browser = Client(enforce_csrf_checks=True)
    assert browser.get("/da/kalender/mine/").status_code == 302  # not logged in: to the login page
    browser.force_login(user)

    page = browser.get("/da/kalender/mine/")
    assert page.status_code == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert browser.post("/da/kalender/mine/", {"action": "create"}).status_code == 403  # no CSRF token
    assert not CalendarToken.objects.exists()

    created = browser.post("/da/kalender/mine/", {"action": "create", "csrfmiddlewaretoken": csrf})
    assert created.status_code == 302
    key = CalendarToken.objects.get(user=user).key
    page = browser.get("/da/kalender/mine/").content.decode()
    assert f"webcal://testserver/da/kalender/privat/{key}.ics" in page
    assert f"http://testserver/da/kalender/privat/{key}.ics" in page
    assert feed(Client(), f"/da/kalender/privat/{key}.ics")

    browser.post("/da/kalender/mine/", {"action": "regenerate", "csrfmiddlewaretoken": csrf})
    new_key = CalendarToken.objects.get(user=user).key
    assert new_key != key
    assert Client().get(f"/da/kalender/privat/{key}.ics").status_code == 404
    assert feed(Client(), f"/da/kalender/privat/{new_key}.ics")

    browser.post("/da/kalender/mine/", {"action": "revoke", "csrfmiddlewaretoken": csrf})
    assert not CalendarToken.objects.exists()
    assert Client().get(f"/da/kalender/privat/{new_key}.ics").status_code == 404

    bad = browser.post("/da/kalender/mine/", {"action": "revoke", "csrfmiddlewaretoken": csrf})
    assert bad.status_code == 400


def test_deactivated_member_key_is_404(client, site):
    token = CalendarToken.objects.create(user=member())
    User.objects.filter(pk=token.user_id).update(is_active=False)
    assert client.get(f"/da/kalender/privat/{token.key}.ics").status_code == 404


# One meeting: "Add to my calendar" -----------------------------------------------------------


def test_single_meeting_download(client, site):
    response = feed(client, f"/da/kalender/moede/{site['summer'].pk}.ics")
    assert response["Content-Disposition"].startswith("attachment")
    assert ".ics" in response["Content-Disposition"]
    calendar = parse(response.content)
    assert list(events_by_uid(calendar)) == [str(site["summer"].uid)]
    text = unfolded(response.content)
    for name in ("NAME:", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        assert f"\r\n{name}" not in text
    again = client.get(f"/da/kalender/moede/{site['summer'].pk}.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_members_only_meeting_download_needs_a_login(client, site):
    secret = factories.meeting(site["n17"], start=factories.copenhagen(2025, 8, 8, 10), title="Lukket formøde")
    restrict(secret, PageViewRestriction.LOGIN)
    url = f"/da/kalender/moede/{secret.pk}.ics"
    assert client.get(url).status_code == 404
    client.force_login(member())
    response = feed(client, url)
    assert response["Cache-Control"].startswith("private")


# Pages link their feeds ----------------------------------------------------------------------


def _alternate_and_button(html):
    link = re.search(r'<link rel="alternate" type="text/calendar"[^>]*href="([^"]+)"', html)
    assert link, "no <link rel=alternate type=text/calendar>"
    return link.group(1)


@pytest.mark.parametrize("key", ["home", "n17", "group", "consortium"])
def test_pages_link_their_feed_and_show_a_subscribe_button(client, site, key):
    site["consortium"] = factories.consortium(site["n17"], title="Turismekonsortiet", short_name="TUR")
    # A body with no meetings says so instead of offering an empty calendar.
    factories.meeting(site["consortium"], title="Møde i Turismekonsortiet")
    html = client.get(site[key].url).content.decode()
    href = _alternate_and_button(html)
    assert href.startswith("http://testserver/da/kalender/")
    assert feed(client, href.replace("http://testserver", ""))
    assert 'class="calendar-subscribe__button" href="webcal://testserver/da/kalender/' in html
    assert f'href="{href}"' in html
    assert "Abonnér" in html
    assert "Google" in html and "Outlook" in html and "Apple" in html


def test_meeting_page_offers_add_to_calendar(client, site):
    html = client.get(site["summer"].url).content.decode()
    href = _alternate_and_button(html)
    assert href == f"http://testserver/da/kalender/moede/{site['summer'].pk}.ics"
    assert f'href="{href}" download' in html
    assert "Føj til min kalender" in html


def test_english_pages_link_english_feeds(client, site):
    html = client.get("/en/").content.decode()
    assert _alternate_and_button(html) == "http://testserver/en/kalender/alle.ics"
    response = feed(client, "/en/kalender/alle.ics")
    assert str(parse(response.content)["X-WR-CALNAME"]).startswith("All meetings")


def test_last_modified_is_the_newest_publication(client, site):
    response = feed(client, ALL)
    newest = max(site[k].last_published_at for k in ("summer", "winter", "old", "cancelled", "group_meeting"))
    last_modified = dt.datetime.strptime(response["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert last_modified == newest.replace(microsecond=0)


def test_a_meeting_stored_without_a_valid_end_still_gives_a_valid_event(client, site):
    from pages.models import MeetingPage

    MeetingPage.objects.filter(pk=site["winter"].pk).update(end=site["winter"].start)
    response = feed(client, ALL)
    event = events_by_uid(parse(response.content))[str(site["winter"].uid)]
    assert "DTEND" not in event
    assert event.decoded("DTSTART").astimezone(UTC) == dt.datetime(2025, 1, 15, 8, 30, tzinfo=UTC)


def test_no_physical_line_ends_inside_an_escape():
    """calcurse rejects a text folded between a backslash and the character it escapes."""
    from calendars.ical import escape_text, fold

    for shift in range(80):
        line = ("DESCRIPTION:" + "x" * shift + escape_text("Sag 1; budget, æøå 🚲 " * 20)).encode()
        physical = fold(line).split(b"\r\n")
        assert not any(part.endswith(b"\\") for part in physical[:-1]), shift
        assert b"".join([physical[0], *(part[1:] for part in physical[1:])]) == line


def test_a_long_agenda_is_shortened_to_what_calendar_programs_read():
    """calcurse reads at most 8,191 bytes of a description; a longer agenda ends with “…” after the lines that fit."""
    from django.utils import translation

    from calendars.ical import MAX_DESCRIPTION, EventWriter

    with translation.override("da"):
        writer = EventWriter(labels=None)
    agenda = writer.agenda_lines((1, f"Sag {n}; budget, æøå " * 30) for n in range(60))[1]
    start = dt.datetime(2025, 10, 1, 8, 0)
    event = writer("uid-1", start, start + dt.timedelta(hours=2), start, 0, "Møde", "", "", False, "", agenda)
    description = next(line for line in event.replace(b"\r\n ", b"").split(b"\r\n") if line.startswith(b"DESCRIPTION:"))
    assert len(description) <= MAX_DESCRIPTION + len(b"DESCRIPTION:")
    assert description.endswith("\\n…".encode())
    assert description.startswith(b"DESCRIPTION:" + b"Dagsorden:\\n1. Sag 0\\; budget")
