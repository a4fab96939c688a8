"""Absolute links start with the address the portal is served on, here a non-default port (8765 and a live server)."""

import re
import urllib.request

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Site

from calendars.ical import written_events
from calendars.views import built_feeds
from pages import notifications
from portal import addresses
from tests import factories
from tests.ical_support import events_by_uid, parse, portal

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def on_8765(settings, db):
    """The portal configured for http://127.0.0.1:8765, the Site set by the management command as `make run` does."""
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = BASE
    built_feeds.clear()
    written_events.clear()
    site = portal()
    call_command("set_site_address", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return site


@pytest.fixture
def visitor():
    """A browser that reached the portal on 127.0.0.1:8765."""
    return Client(HTTP_HOST="127.0.0.1:8765")


def test_set_site_address_gives_the_default_site_the_portal_address(on_8765):
    assert Site.objects.get(is_default_site=True).root_url == BASE


def test_an_https_address_on_another_port_than_443_is_refused_with_a_message(settings, db):
    settings.PORTAL_BASE_URL = "https://moeder.example.dk:8443"
    with pytest.raises(CommandError, match="port 443"):
        call_command("set_site_address")


def test_calendar_events_link_to_their_meeting_on_the_portal_address(on_8765, visitor):
    events = events_by_uid(parse(visitor.get("/da/kalender/alle.ics").content))
    assert str(events[str(on_8765["summer"].uid)]["URL"]) == BASE + on_8765["summer"].url


def test_the_subscribe_button_offers_webcal_and_https_on_the_portal_address(on_8765, visitor):
    html = visitor.get(on_8765["n17"].url).content.decode()
    feed_path = f"/da/kalender/organisation/{on_8765['n17'].pk}.ics"
    assert f'href="webcal://127.0.0.1:8765{feed_path}"' in html
    assert f'href="{BASE}{feed_path}"' in html


def test_the_sitemap_lists_pages_on_the_portal_address(on_8765, visitor):
    locations = re.findall(r"<loc>([^<]+)</loc>", visitor.get("/sitemap.xml").content.decode())
    assert BASE + on_8765["summer"].url in locations
    assert all(location.startswith(BASE + "/") for location in locations)


def test_api_v2_detail_and_html_urls_are_on_the_portal_address(on_8765, visitor):
    meta = visitor.get(f"/api/v2/pages/{on_8765['summer'].pk}/").json()["meta"]
    assert meta["detail_url"] == f"{BASE}/api/v2/pages/{on_8765['summer'].pk}/"
    assert meta["html_url"] == BASE + on_8765["summer"].url


def test_oparl_ids_web_links_and_paging_are_on_the_portal_address(on_8765, visitor):
    body = visitor.get("/api/oparl/v1/body/sjaelland").json()
    assert body["id"] == f"{BASE}/api/oparl/v1/body/sjaelland"
    assert body["web"] == f"{BASE}/da/"
    meetings = visitor.get("/api/oparl/v1/meeting/?limit=1").json()
    assert meetings["links"]["next"] == f"{BASE}/api/oparl/v1/meeting/?limit=1&page=2"


def test_language_alternates_are_on_the_portal_address(on_8765, visitor):
    html = visitor.get(on_8765["summer"].url).content.decode()
    assert f'hreflang="da" href="{BASE}{on_8765["summer"].url}"' in html


def test_the_members_e_mail_links_the_meeting_on_the_portal_address(on_8765):
    _subject, body = notifications._message(on_8765["summer"], "agenda")
    assert f"{BASE}{on_8765['summer'].url}" in body


def test_links_in_a_memo_pdf_are_absolute_on_the_portal_address(on_8765):
    from pages.pdf import _Flowables

    parser = _Flowables(styles=None)
    parser.handle_starttag("a", [("href", "/da/n17/")])
    assert parser.text == [f'<a href="{BASE}/da/n17/" color="blue">']


@pytest.mark.django_db(transaction=True)
def test_through_a_running_server_every_link_in_a_feed_and_the_sitemap_answers(live_server, settings):
    """A real HTTP server on a free port: the addresses the portal writes lead back to it."""
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = live_server.url
    built_feeds.clear()
    written_events.clear()
    factories.home_page()
    addresses.set_default_site()
    body = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    factories.meeting(body, start=factories.copenhagen(2025, 6, 12, 10), title="Netværksmøde juni")

    def get(url):
        assert url.startswith(live_server.url + "/"), url
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the test's own server)
            return response.status, response.read()

    _status, feed = get(f"{live_server.url}/da/kalender/alle.ics")
    _status, sitemap = get(f"{live_server.url}/sitemap.xml")
    links = re.findall(rb"^URL:(\S+)\r$", feed, re.MULTILINE) + re.findall(rb"<loc>([^<]+)</loc>", sitemap)
    assert len(links) >= 3
    assert [get(link.decode())[0] for link in links] == [200] * len(links)
