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


def test_a_new_meeting_can_be_previewed_before_its_first_save(client, n17, people):
    from django.urls import reverse

    client.force_login(people["editor"])
    url = reverse("wagtailadmin_pages:preview_on_add", args=("pages", "meetingpage", n17.pk))
    data = meeting_form(title="Møde om varmeplaner", items=[{"title": "Fælles varmeplan"}])
    assert client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = client.get(url)
    assert response.status_code == 200
    assert "Fælles varmeplan" in response.content.decode()


def test_the_preview_of_new_items_shows_each_attachment_under_its_own_item(client, n17, people):
    import re

    from django.urls import reverse
    from wagtail.models import Collection

    from pages.models import OrganisationRoles

    roles = OrganisationRoles.for_page(n17)
    plan = factories.document(
        title="Udkast til varmeplan", collection=roles.collection or Collection.get_first_root_node()
    )
    client.force_login(people["editor"])
    url = reverse("wagtailadmin_pages:preview_on_add", args=("pages", "meetingpage", n17.pk))
    data = meeting_form(
        items=[
            {"title": "Godkendelse af dagsorden"},
            {
                "title": "Fælles varmeplan",
                "attachments": [("attachment", {"document": plan.pk, "title": "", "publishable": "on"})],
            },
        ]
    )
    assert client.post(url, data).json()["is_valid"]
    html = client.get(url).content.decode()
    items = re.findall(r'<article class="agenda-item[^"]*" id="punkt-(\d)">(.*?)</article>', html, re.S)
    assert [(number, "Udkast til varmeplan" in text) for number, text in items] == [("1", False), ("2", True)]


def test_a_new_meeting_left_without_title_is_named_after_its_body_and_day(client, n17, people):
    client.force_login(people["editor"])
    response = post_new_meeting(client, n17, title="", slug="", start="27.01.2027 10:00", end="27.01.2027 12:00")
    assert response.status_code == 302
    meeting = MeetingPage.objects.child_of(n17).get()
    assert (meeting.title, meeting.slug) == ("Møde i N17 27. januar 2027", "2027-01-27-n17")


def test_a_second_meeting_on_the_same_day_gets_its_own_address(client, n17, people):
    client.force_login(people["editor"])
    for _ in range(2):
        post_new_meeting(client, n17, title="", slug="", start="27.01.2027 10:00", end="27.01.2027 12:00")
    slugs = sorted(MeetingPage.objects.child_of(n17).values_list("slug", flat=True))
    assert slugs == ["2027-01-27-n17", "2027-01-27-n17-2"]


def test_the_dashboard_offers_a_new_meeting_in_each_body_the_editor_works_in(client, n17, people):
    group = factories.working_group(n17, title="Energi og Klima", short_name="Energi")
    other = factories.body(title="KKR Sjælland", short_name="KKR", slug="kkr")
    client.force_login(people["editor"])
    html = client.get("/admin/").content.decode()
    assert html.count(f'href="{add_url(n17)}"') == 1
    assert html.count(f'href="{add_url(group)}"') == 1
    assert add_url(other) not in html


def test_a_bodys_edit_page_leads_straight_to_a_new_meeting(client, n17, people):
    from django.urls import reverse

    client.force_login(people["editor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=(n17.pk,))).content.decode()
    assert f'href="{add_url(n17)}"' in html
    assert da("New meeting") in html


def test_the_cancellation_section_is_not_on_a_new_meeting(client, n17, people):
    client.force_login(people["editor"])
    assert da("Cancellation or move") not in client.get(add_url(n17)).content.decode()
    meeting = factories.meeting(n17)
    from tests.workflow_support import edit_url

    assert da("Cancellation or move") in client.get(edit_url(meeting)).content.decode()
