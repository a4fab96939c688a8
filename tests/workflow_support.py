"""Users in the roles of a body, and the admin form data an editor posts for a meeting."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.models import MeetingPage, OrganisationRoles
from pages.roles import ensure_secretariat

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test password


def user(username, *groups, superuser=False):
    """A user with an e-mail address, in ``groups``."""
    User = get_user_model()
    if superuser:
        account = User.objects.create_superuser(username, f"{username}@example.dk", PASSWORD)
    else:
        account = User.objects.create_user(username, f"{username}@example.dk", PASSWORD)
    account.groups.add(*groups)
    return account


def role_users(organisation, prefix):
    """An editor, an approver and a member of ``organisation``."""
    roles = OrganisationRoles.for_page(organisation)
    return {
        "editor": user(f"{prefix}-editor", roles.editors),
        "approver": user(f"{prefix}-approver", roles.approvers),
        "member": user(f"{prefix}-member", roles.members),
    }


def secretary():
    return user("secretary", ensure_secretariat())


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def rich(html):
    """What the rich text editor sends: its content, or null when it is empty."""
    return rich_text(html) if html else "null"


def item_form(title="Orientering om vækstforum", description="", decision="", closed=False, **fields):
    return {
        "title": title,
        "case_reference": fields.get("case_reference", ""),
        "description": rich(description),
        "recommendation": rich(fields.get("recommendation", "")),
        "decision": rich(decision),
        "closed": "on" if closed else "",
        "legal_basis": fields.get("legal_basis", ""),
        "publish_title_and_decision": "on" if fields.get("publish_title_and_decision") else "",
        "attachments": streamfield(fields.get("attachments", [])),
    }


def meeting_form(title="Møde i N17", start=None, items=(), minutes="", slug=None, **fields):
    """The POST data of the meeting editor, as Wagtail's admin sends it."""
    start = start or (timezone.now() + dt.timedelta(days=14)).replace(second=0, microsecond=0)
    end = fields.pop("end", start + dt.timedelta(hours=2))
    data = {
        "title": title,
        "slug": slug or title.lower().replace(" ", "-"),
        "start": local(start),
        "end": local(end),
        "location": fields.pop("location", "Rådhuset, Sorø"),
        "kind": fields.pop("kind", "ordinary"),
        "precedes": "",
        "cancellation_reason": fields.pop("cancellation_reason", ""),
        "change_reason": fields.pop("change_reason", ""),
        "minutes": rich(minutes),
        "agenda_items": inline_formset([item_form(**item) for item in items]),
        "attendance": inline_formset([]),
        "comments": inline_formset([]),
        "go_live_at": fields.pop("go_live_at", ""),
        "expire_at": "",
    }
    if fields.pop("cancelled", False):
        data["cancelled"] = "on"
    data.update(fields)
    return nested_form_data(data)


def meeting_form_from(meeting, **changes):
    """The editor's POST data for an existing meeting with ``changes``; items keep their ids."""
    page = meeting.get_latest_revision_as_object() if meeting.get_latest_revision() else meeting
    items = changes.pop("items", None)
    data = meeting_form(
        title=changes.pop("title", page.title),
        slug=page.slug,
        start=changes.pop("start", page.start),
        end=changes.pop("end", page.end),
        location=changes.pop("location", page.location),
        minutes=changes.pop("minutes", page.minutes),
        cancellation_reason=changes.pop("cancellation_reason", page.cancellation_reason),
        change_reason=changes.pop("change_reason", page.change_reason),
        cancelled=changes.pop("cancelled", page.cancelled),
        items=(),
        **changes,
    )
    existing = list(page.agenda_items.all())
    rows = (
        items
        if items is not None
        else [
            {
                "title": item.title,
                "description": item.description,
                "decision": item.decision,
                "closed": item.closed,
                "legal_basis": item.legal_basis,
                "publish_title_and_decision": item.publish_title_and_decision,
            }
            for item in existing
        ]
    )
    formset = []
    for index, row in enumerate(rows):
        form = item_form(**row)
        if index < len(existing) and existing[index].pk:
            form["id"] = existing[index].pk
        formset.append(form)
    data.update(nested_form_data({"agenda_items": inline_formset(formset, initial=min(len(existing), len(rows)))}))
    return data


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("pages", "meetingpage", parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def fresh(page):
    return MeetingPage.objects.get(pk=page.pk)


def page_state(page):
    """What an outsider could change about a page: its row, revisions and workflow states, for before/after checks."""
    page = Page.objects.get(pk=page.pk)
    return {
        "live": page.live,
        "latest_revision": page.latest_revision_id,
        "live_revision": page.live_revision_id,
        "revisions": page.revisions.count(),
        "title": page.title,
        "locked": page.locked,
        "workflow_states": [(s.pk, s.status) for s in page.workflow_states.order_by("pk")],
        "children": page.get_children().count(),
    }
