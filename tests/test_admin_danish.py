"""The admin in Danish: the screens an editor and an approver work on carry no English from the list of strings
Wagtail's own Danish leaves untranslated or gets wrong, and the portal's corrections are used."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from pages.roles import ensure_roles
from tests.browser.content import build
from tests.workflow_support import user

pytestmark = pytest.mark.django_db

# What an editor met in English on the way to a submitted meeting, and Wagtail's Danish that was wrong.
ENGLISH = [
    "Page title*",
    "More actions",
    "Collapse all",
    "Expand all",
    "Insert a block",
    "Documents",
    "Help",
    "Search all pages…",
    "Awaiting your review",
    "Autosave is paused",
    "scheduled",
    "Forgotten password?",
    "Save draft",
    "Actions (footer)",
    "History",
    "Comments",
    "Privacy",
    "Set schedule",
    "Skip to main content",
    "Toggle sidebar",
    "Add documents",
    "Remember me",
]
ENGLISH_START = ["Submit to ", "Editing ", "Preview in "]
WRONG_DANISH = ["er blivet indsendt", "Side opsummering", "Søge term", "Gem skitse", "undersider af '"]
ATTRIBUTES = {"aria-label", "placeholder", "title", "value", "alt"}


class Texts(HTMLParser):
    """The words a reader meets: text, labels, placeholders, and the admin's strings for its scripts."""

    def __init__(self):
        super().__init__()
        self.texts = []
        self.tag = None

    def handle_starttag(self, tag, attrs):
        self.tag = tag
        self.texts += [value.strip() for name, value in attrs if name in ATTRIBUTES and value]

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text:
            return
        if self.tag == "script" and text.startswith("{"):
            try:
                self.texts += [s.strip() for s in _strings(json.loads(text))]
            except ValueError:
                return
        elif self.tag not in ("script", "style"):
            self.texts.append(text)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def english_on(html):
    parser = Texts()
    parser.feed(html)
    texts = set(parser.texts)
    found = [s for s in ENGLISH if s in texts]
    found += [t for t in texts for start in ENGLISH_START if t.startswith(start)]
    found += [w for w in WRONG_DANISH if w in html]
    return found


@pytest.fixture
def content(settings):
    return build()


def screens(content):
    n17, meeting = content.n17, content.meeting
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{n17.pk}/",
        f"/admin/pages/{n17.pk}/edit/",
        f"/admin/pages/{n17.pk}/add_subpage/",
        reverse("wagtailadmin_pages:add", args=("pages", "meetingpage", n17.pk)),
        f"/admin/pages/{meeting.pk}/edit/",
        f"/admin/pages/{meeting.pk}/history/",
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/account/",
    ]


def test_the_screens_of_an_editor_and_an_approver_are_in_danish(content):
    roles = ensure_roles(content.n17)
    editor, approver = user("redaktoer", roles.editors), user("godkender", roles.approvers)
    content.meeting.save_revision(user=editor)
    content.meeting.get_workflow().start(content.meeting, editor)
    found = {}
    for person in (editor, approver):
        client = Client(HTTP_ACCEPT_LANGUAGE="da")
        client.force_login(person)
        for url in screens(content):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            if response["Content-Type"].startswith("application/json"):
                html = json.loads(html)["html"]
            for text in english_on(html):
                found.setdefault(text, url)
    assert found == {}


def test_the_login_page_is_in_danish():
    html = Client(HTTP_ACCEPT_LANGUAGE="da").get("/admin/login/").content.decode()
    assert english_on(html) == []
    assert re.search(r">\s*Glemt adgangskoden\?\s*<", html)


def test_submitting_says_so_in_correct_danish():
    from django.utils import translation

    wagtails_message = "Page '%(page_title)s' has been submitted for moderation."
    with translation.override("da"):
        message = translation.gettext(wagtails_message)
    assert message == "Siden „%(page_title)s“ er sendt til godkendelse."
