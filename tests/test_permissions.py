"""Who may do what to the pages of their own body and of another, through the admin's real views."""

import itertools

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pages.models import MeetingPage, StandardPage
from pages.roles import restrict_to_members
from tests import factories
from tests.workflow_support import (
    action_url,
    add_url,
    edit_url,
    fresh,
    meeting_form,
    meeting_form_from,
    page_state,
    role_users,
    secretary,
)

pytestmark = pytest.mark.django_db

ROLES = ("editor", "approver", "member", "secretariat", "anonymous")
ACTIONS = ("create", "edit", "submit", "approve", "reject", "publish", "unpublish", "preview", "members_only")
EDITING = {"create", "edit", "submit", "preview", "members_only"}
ON_OWN_BODY = {
    "editor": EDITING,
    "approver": set(ACTIONS),
    "member": {"members_only"},
    "secretariat": EDITING,
    "anonymous": set(),
}
# Roles are per body: on another body's pages only the site-wide secretariat keeps its rights.
ON_OTHER_BODY = {role: (ON_OWN_BODY[role] if role == "secretariat" else set()) for role in ROLES}

_numbers = itertools.count(1)


@pytest.fixture
def world():
    n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    eko = factories.body(title="Erhvervskoordinationsgruppen", short_name="EKO")
    people = {"n17": role_users(n17, "n17"), "eko": role_users(eko, "eko")}
    people["secretariat"] = secretary()
    return {"n17": n17, "eko": eko, "people": people}


def client_for(world, role):
    client = Client()
    if role == "secretariat":
        client.force_login(world["people"]["secretariat"])
    elif role != "anonymous":
        client.force_login(world["people"]["n17"][role])
    return client


def assert_refused(response):
    """Wagtail's admin answers a refused action with 403 or its permission-denied redirect (home or login)."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location == reverse("wagtailadmin_home") or location.startswith(reverse("wagtailadmin_login")), location


def draft_meeting(body, key, items=0):
    """An unpublished meeting with a first revision written by the body's editor."""
    meeting = factories.meeting(body, items=items, publish=False, title=f"Møde {next(_numbers)}")
    meeting.save_revision(user=key["editor"])
    return fresh(meeting)


def submitted_meeting(body, key):
    meeting = draft_meeting(body, key)
    meeting.get_workflow().start(meeting, key["editor"])
    meeting = fresh(meeting)
    return meeting, meeting.current_workflow_task_state


def attempt(world, role, action, where):
    """Performs ``action`` as ``role`` on ``where``'s pages; True when it took effect, else checks nothing changed."""
    body = world[where]
    key = world["people"][where]
    client = client_for(world, role)

    if action == "create":
        slug = f"nyt-mode-{next(_numbers)}"
        before = body.get_children().count()
        response = client.post(add_url(body), meeting_form(title="Nyt møde", slug=slug))
        if MeetingPage.objects.filter(slug=slug).exists():
            return True
        assert body.get_children().count() == before
        assert_refused(response)
        return False

    if action == "members_only":
        page = factories.add_page(
            body, StandardPage(title="Kun for medlemmer", slug=f"intern-{next(_numbers)}", body="<p>Intern note</p>")
        )
        restrict_to_members(page)
        response = client.get(page.url)
        if response.status_code == 200:
            assert "Intern note" in response.content.decode()
            return True
        # The portal's login form, coming back to the page afterwards.
        assert response.status_code == 302
        assert response["Location"].startswith("/da/log-ind/") and page.url in response["Location"]
        return False

    if action in {"approve", "reject"}:
        meeting, task_state = submitted_meeting(body, key)
        before = page_state(meeting)
        response = client.post(action_url(meeting, action, task_state), {"comment": ""})
        task_state.refresh_from_db()
        if task_state.status != task_state.STATUS_IN_PROGRESS:
            expected = task_state.STATUS_APPROVED if action == "approve" else task_state.STATUS_REJECTED
            assert task_state.status == expected
            return True
        assert page_state(meeting) == before
        assert_refused(response)
        return False

    if action == "unpublish":
        meeting = factories.meeting(body, title=f"Møde {next(_numbers)}")
        before = page_state(meeting)
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=(meeting.pk,)))
        if not fresh(meeting).live:
            return True
        assert page_state(meeting) == before
        assert_refused(response)
        return False

    if action == "preview":
        meeting = draft_meeting(body, key)
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=(meeting.pk,)))
        if response.status_code == 200:
            assert meeting.title in response.content.decode()
            return True
        assert_refused(response)
        return False

    # edit, submit and publish go through the edit view.
    meeting = draft_meeting(body, key)
    before = page_state(meeting)
    data = meeting_form_from(meeting, title="Ændret titel")
    if action == "submit":
        data["action-submit"] = "Submit"
    if action == "publish":
        data["action-publish"] = "Publish"
    response = client.post(edit_url(meeting), data)
    after = fresh(meeting)
    if action == "edit" and after.get_latest_revision_as_object().title == "Ændret titel":
        return True
    if action == "submit" and after.workflow_in_progress:
        return True
    if action == "publish" and after.live:
        assert after.title == "Ændret titel"
        return True
    if action == "publish" and after.permissions_for_user(response.wsgi_request.user).can_edit():
        # Someone who may edit but not publish gets what the admin really does: a saved draft, nothing live.
        assert response.status_code == 302 and response["Location"] == edit_url(meeting)
        assert not after.live and after.live_revision_id is None
        return False
    assert page_state(meeting) == before
    assert_refused(response)
    return False


@pytest.mark.parametrize("where", ["n17", "eko"])
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(world, action, where):
    expected = ON_OWN_BODY if where == "n17" else ON_OTHER_BODY
    outcome = {role: attempt(world, role, action, where) for role in ROLES}
    assert outcome == {role: action in expected[role] for role in ROLES}


def test_refused_approval_leaves_a_message_and_the_page_unpublished(world, client):
    key = world["people"]["n17"]
    meeting, task_state = submitted_meeting(world["n17"], key)
    client.force_login(key["editor"])
    response = client.post(action_url(meeting, "approve", task_state), {"comment": ""}, follow=True)
    with translation.override("da"):
        message = translation.gettext("Sorry, you do not have permission to access this area.")
    assert message in response.content.decode()
    assert not fresh(meeting).live


def test_editor_cannot_edit_while_the_meeting_awaits_approval(world, client):
    key = world["people"]["n17"]
    meeting, _state = submitted_meeting(world["n17"], key)
    before = page_state(meeting)
    client.force_login(key["editor"])
    response = client.post(edit_url(meeting), meeting_form_from(meeting, title="Ændret undervejs"))
    assert response.status_code == 200
    assert "locked" in response.content.decode().lower() or "låst" in response.content.decode().lower()
    assert page_state(meeting) == before
