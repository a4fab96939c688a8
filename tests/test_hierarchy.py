"""The page tree only lets editors build a sensible organisation."""

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
