"""Editors in the admin: dates as people type them, a new meeting's title and address, the way to a new meeting,
previews and the messages after saving."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from pages.models import MeetingPage
from tests import factories
from tests.workflow_support import add_url, meeting_form, role_users

pytestmark = pytest.mark.django_db


def da(msgid):
    with translation.override("da"):
        return translation.gettext(msgid)


@pytest.fixture
def n17():
    return factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")


@pytest.fixture
def people(n17):
    return role_users(n17, "n17")


def post_new_meeting(client, n17, **fields):
    data = meeting_form(title="Møde om varmeplaner", slug="mode-om-varmeplaner")
    data.update(fields)
    return client.post(add_url(n17), data)


@pytest.mark.parametrize(
    "typed",
    ["27.01.2027 10:00", "27.01.2027 kl. 10.00", "27.01.2027 10.00", "2027-01-27 10:00", "2027-01-27T10:00"],
)
def test_a_start_typed_as_people_write_it_is_the_time_saved(client, n17, people, typed):
    client.force_login(people["editor"])
    response = post_new_meeting(client, n17, start=typed, end="27.01.2027 12:00")
    assert response.status_code == 302
    meeting = MeetingPage.objects.get(slug="mode-om-varmeplaner")
    assert timezone.localtime(meeting.start).replace(tzinfo=None) == dt.datetime(2027, 1, 27, 10, 0)


def test_a_start_that_cannot_be_read_is_an_error_on_that_field(client, n17, people):
    client.force_login(people["editor"])
    response = post_new_meeting(client, n17, start="næste onsdag", end="27.01.2027 12:00")
    assert response.status_code == 200
    assert not MeetingPage.objects.filter(slug="mode-om-varmeplaner").exists()
    errors = response.context["form"].errors
    assert list(errors) == ["start"]


def test_the_meeting_form_shows_the_date_format_and_keeps_typed_values(client, n17, people):
    client.force_login(people["editor"])
    html = client.get(add_url(n17)).content.decode()
    assert f'placeholder="{da("dd.mm.yyyy hh:mm")}"' in html
    assert '"validateOnBlur": false' in html
    assert '"step": 5' in html
