"""The page tree only lets editors build a sensible organisation."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import (
    ApplicationIndexPage,
    ApplicationPage,
    BodyPage,
    ConsortiumPage,
    HomePage,
    MeetingPage,
    MemoIndexPage,
    MemoPage,
    OrganisationPage,
    StandardPage,
    WorkingGroupPage,
)
from tests import factories as f


class HierarchyTests(WagtailPageTestCase):
    def test_home_holds_bodies_archive_and_plain_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {BodyPage, MemoIndexPage, StandardPage})
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_bodies_nest_and_hold_groups_consortia_meetings(self):
        self.assertAllowedParentPageTypes(BodyPage, {HomePage, BodyPage})
        self.assertAllowedSubpageTypes(
            BodyPage,
            {
                BodyPage,
                WorkingGroupPage,
                ConsortiumPage,
                MeetingPage,
                MemoIndexPage,
                ApplicationIndexPage,
                StandardPage,
            },
        )

    def test_applications_are_filed_in_a_bodys_application_archive(self):
        self.assertAllowedParentPageTypes(ApplicationIndexPage, {BodyPage})
        self.assertAllowedSubpageTypes(ApplicationIndexPage, {ApplicationPage})
        self.assertAllowedParentPageTypes(ApplicationPage, {ApplicationIndexPage})
        self.assertAllowedSubpageTypes(ApplicationPage, set())

    def test_working_groups_and_consortia_are_set_up_by_bodies(self):
        self.assertAllowedParentPageTypes(WorkingGroupPage, {BodyPage})
        self.assertAllowedParentPageTypes(ConsortiumPage, {BodyPage})
        self.assertAllowedSubpageTypes(WorkingGroupPage, {MeetingPage})
        self.assertAllowedSubpageTypes(ConsortiumPage, {MeetingPage})

    def test_meetings_live_under_organisations_and_have_no_children(self):
        self.assertAllowedParentPageTypes(MeetingPage, {BodyPage, WorkingGroupPage, ConsortiumPage})
        self.assertAllowedSubpageTypes(MeetingPage, set())

    def test_memos_live_in_archives_only(self):
        self.assertAllowedParentPageTypes(MemoPage, {MemoIndexPage})
        self.assertAllowedSubpageTypes(MemoPage, set())
        self.assertCanNotCreateAt(HomePage, MemoPage)
        self.assertCanNotCreateAt(BodyPage, MemoPage)

    def test_meeting_cannot_be_created_at_home_or_in_archive(self):
        self.assertCanNotCreateAt(HomePage, MeetingPage)
        self.assertCanNotCreateAt(MemoIndexPage, MeetingPage)
        self.assertCanCreateAt(WorkingGroupPage, MeetingPage)

    def test_shared_organisation_table_is_not_creatable(self):
        self.assertFalse(OrganisationPage.is_creatable)
        self.assertCanNotCreateAt(HomePage, OrganisationPage)


# -- the page-type chooser: a description for every type, and only the types that make sense where the editor stands


def test_every_page_type_an_editor_can_create_says_what_it_is_for():
    from wagtail.models import get_page_models

    for model in get_page_models():
        if model.is_creatable and model._meta.app_label == "pages":
            assert model.get_page_description(), model.__name__


def _offered(client, parent):
    """The page types the admin's chooser offers under ``parent``, by their Danish names, with their descriptions."""
    import re

    response = client.get(f"/admin/pages/{parent.pk}/add_subpage/")
    if response.status_code == 302:  # one type only: the admin goes straight to its form
        return {response["Location"].split("/")[-3]: ""}
    html = response.content.decode()
    offered = {}
    for row in re.findall(r'<div class="w-ml-2">(.*?)</a>', html, re.S):
        name = re.split(r'<div class="w-inline-block">', row)[0].strip()
        description = re.search(r"<small>(.*?)</small>", row)
        offered[name] = description.group(1) if description else ""
    return offered


@pytest.fixture
def admin_client_da(client):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    admin = get_user_model().objects.create_superuser("admin-da", "a@example.dk", "hemmelig-kode-123")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "da"
    profile.save()
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_the_chooser_describes_each_type_in_danish(admin_client_da):
    offered = _offered(admin_client_da, f.body(title="Kommunalt erhvervsnetværk", kind=BodyPage.Kind.NETWORK))
    assert offered["Møde"] == "Et møde med tid og sted, dagsorden, beslutninger, referat og fremmøde."
    assert all(offered.values()), offered


@pytest.mark.django_db
def test_working_groups_and_the_application_archive_are_offered_under_the_network_only(admin_client_da):
    network = f.body(title="Kommunalt erhvervsnetværk", short_name="N17", kind=BodyPage.Kind.NETWORK)
    chief_executives = f.body(title="K17", short_name="K17", kind=BodyPage.Kind.ADMINISTRATIVE)
    assert {"Arbejdsgruppe", "Ansøgningsarkiv"} <= set(_offered(admin_client_da, network))
    assert not {"Arbejdsgruppe", "Ansøgningsarkiv", "Konsortium"} & set(_offered(admin_client_da, chief_executives))


@pytest.mark.django_db
def test_consortia_are_offered_under_the_political_council_only(admin_client_da):
    council = f.body(title="KKR Sjælland", short_name="KKR", kind=BodyPage.Kind.POLITICAL)
    network = f.body(title="Kommunalt erhvervsnetværk", short_name="N17", kind=BodyPage.Kind.NETWORK)
    assert "Konsortium" in _offered(admin_client_da, council)
    assert "Konsortium" not in _offered(admin_client_da, network)


@pytest.mark.django_db
def test_a_second_memo_archive_is_not_offered_where_there_is_one(admin_client_da):
    body = f.body(title="Erhvervskoordinationsgruppen", short_name="EKO", kind=BodyPage.Kind.COORDINATION)
    assert "Notatarkiv" in _offered(admin_client_da, body)
    f.memo_archive(body)
    assert "Notatarkiv" not in _offered(admin_client_da, body)
