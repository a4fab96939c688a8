"""An agenda approved for later in the admin stays hidden in English until the Danish page goes live."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.models import LocaleSynchronization

from demo.translations import translate_page
from pages.models import MeetingPage
from tests import factories
from tests.workflow_support import action_url, add_url, fresh, meeting_form, role_users

pytestmark = pytest.mark.django_db

TITLE = "Møde om kystturisme"


@pytest.fixture
def scheduled(client, django_capture_on_commit_callbacks):
    """N17's editor submits a new meeting and the approver's approval schedules it five days before it starts."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    # As in the demo: the English tree follows the Danish one, so a new page gets an English alias at once.
    LocaleSynchronization.objects.get_or_create(locale=english, sync_from=Locale.objects.get(language_code="da"))
    translate_page(factories.home_page(), {"title": "Front page", "slug": "home"}, english)
    n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")
    translate_page(n17, {"title": "Municipal business network", "slug": "n17"}, english)
    people = role_users(n17, "n17")
    start = (timezone.now() + dt.timedelta(days=8)).replace(second=0, microsecond=0)
    client.force_login(people["editor"])
    data = meeting_form(title=TITLE, slug="kystturisme", start=start, items=[{"title": "Kystturisme i Sydsjælland"}])
    data["action-submit"] = "Submit"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(add_url(n17), data).status_code == 302
        meeting = MeetingPage.objects.get(slug="kystturisme", locale__language_code="da")
        client.force_login(people["approver"])
        state = meeting.current_workflow_task_state
        assert client.post(action_url(meeting, "approve", state), {"comment": "Godkendt"}).status_code == 302
    meeting = fresh(meeting)
    alias = MeetingPage.objects.get(alias_of=meeting)
    return {"meeting": meeting, "alias": alias, "start": start}


def test_the_approval_schedules_the_danish_page(scheduled):
    assert scheduled["meeting"].scheduled_revision.approved_go_live_at == scheduled["start"] - dt.timedelta(days=5)


def test_the_english_alias_is_not_served_before_the_danish_page(scheduled):
    assert Client().get(scheduled["alias"].url).status_code == 404


def test_the_english_calendar_leaves_the_scheduled_meeting_out(scheduled):
    assert TITLE not in Client().get("/en/kalender/alle.ics").content.decode()


def found(page):
    """Whether the English search's results link to ``page`` (titles there are marked up where they match)."""
    return f'href="{page.url}' in Client().get("/en/search/?q=kystturisme").content.decode()


def test_the_english_search_does_not_find_the_scheduled_meeting(scheduled):
    assert not found(scheduled["alias"])


def test_the_api_does_not_give_the_english_alias(scheduled):
    assert Client().get(f"/api/v2/pages/{scheduled['alias'].pk}/").status_code == 404


def test_the_english_alias_is_served_once_the_danish_page_goes_live(scheduled, django_capture_on_commit_callbacks):
    go_live = scheduled["start"] - dt.timedelta(days=5, minutes=-1)
    with (
        mock.patch("django.utils.timezone.now", return_value=go_live),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("publish_scheduled")
        response = Client().get(scheduled["alias"].url)
    assert TITLE in response.content.decode()


def test_the_english_search_finds_the_meeting_once_it_goes_live(scheduled, django_capture_on_commit_callbacks):
    go_live = scheduled["start"] - dt.timedelta(days=5, minutes=-1)
    with (
        mock.patch("django.utils.timezone.now", return_value=go_live),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("publish_scheduled")
    assert found(scheduled["alias"])
