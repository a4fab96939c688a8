"""Every page type renders for a visitor and opens and saves in the editor (Wagtail's own page checks)."""

import re

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from pages.models import StandardPage
from tests import factories as f
from tests.checks import assert_asks_to_log_in


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = f.home_page()
        cls.body = f.body()
        cls.group = f.working_group(cls.body)
        cls.consortium = f.consortium(cls.body)
        cls.meeting = f.meeting(cls.body, items=3)
        cls.archive = f.memo_archive(cls.body)
        cls.memo = f.memo(cls.archive)
        cls.applications = f.application_archive(cls.body)
        cls.application = f.application(cls.applications, f.focus_area())
        cls.standard = f.add_page(cls.home, StandardPage(title="Om portalen", slug="om-portalen"))

    def assertStreamPageIsEditable(self, page):
        """Wagtail's check with the form's data as the edit view sends it; the attachment lists, which the editor's
        script fills in, are sent empty, as an editor who removed every attachment would."""
        self.client.force_login(self.create_superuser("redaktoer-test"))
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        for prefix in {"", *(m + "-" for m in re.findall(r"(agenda_items-\d+)-id", " ".join(data.keys())))}:
            data.setdefault(f"{prefix}attachments-count", "0")
        data["action-publish"] = ""
        self.assertPageIsEditable(page, post_data=data)

    def test_home_page_renders(self):
        self.assertPageIsRenderable(self.home)

    def test_home_page_is_editable(self):
        self.assertPageIsEditable(self.home)

    def test_body_page_renders(self):
        self.assertPageIsRenderable(self.body)

    def test_body_page_is_editable(self):
        self.assertPageIsEditable(self.body)

    def test_body_meetings_archive_renders(self):
        self.assertPageIsRenderable(self.body, route_path="/meetings/")

    def test_working_group_page_renders(self):
        self.assertPageIsRenderable(self.group)

    def test_working_group_page_is_editable(self):
        self.assertPageIsEditable(self.group)

    def test_consortium_page_renders(self):
        self.assertPageIsRenderable(self.consortium)

    def test_consortium_page_is_editable(self):
        self.assertPageIsEditable(self.consortium)

    def test_meeting_page_renders(self):
        self.assertPageIsRenderable(self.meeting)

    def test_meeting_page_is_editable(self):
        self.assertStreamPageIsEditable(self.meeting)

    def test_memo_archive_renders(self):
        self.assertPageIsRenderable(self.archive)

    def test_memo_archive_is_editable(self):
        self.assertPageIsEditable(self.archive)

    def test_memo_page_renders(self):
        self.assertPageIsRenderable(self.memo)

    def test_memo_page_is_editable(self):
        self.assertStreamPageIsEditable(self.memo)

    def test_memo_pdf_renders(self):
        self.assertPageIsRenderable(self.memo, route_path="/pdf/")

    def test_application_archive_is_editable(self):
        self.assertPageIsEditable(self.applications)

    def test_application_page_is_editable(self):
        self.assertStreamPageIsEditable(self.application)

    def test_standard_page_renders(self):
        self.assertPageIsRenderable(self.standard)

    def test_standard_page_is_editable(self):
        self.assertPageIsEditable(self.standard)

    def test_members_only_application_archive_asks_the_public_to_log_in(self):
        self.assertPageIsRenderable(self.applications, accept_redirect=True)
        assert_asks_to_log_in(self.client.get(self.applications.url), self.applications.url)
