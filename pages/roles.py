"""Editors, approvers and members groups per organisation, with their page, document and workflow permissions.

Like Plone's local roles: each body, working group and consortium gets three groups whose permissions are granted
on its own page, so they reach everything filed under it and nothing else. A site-wide secretariat group may edit
everywhere. Approval of agendas and minutes runs through a workflow placed on the organisation's page, whose one
task is approved by the organisation's approvers. Documents go in the organisation's collection; a child
collection restricted to the organisation's groups holds what only members may read.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permissions import policy_registry

from pages.membership import secretariat_group_name
from pages.models import BodyPage, CaseHandlerAssignment, MeetingApprovalTask, OrganisationPage, OrganisationRoles

logger = logging.getLogger(__name__)

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
SECRETARIAT_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
DOCUMENT_ACTIONS = ("add", "change", "choose")


def case_handler_group_name():
    return settings.PORTAL_CASE_HANDLER_GROUP


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _document_permissions():
    # Wagtail checks the permissions of its own Document model (the policy's auth model), whatever the document model.
    model = policy_registry.get_by_type(get_document_model()).auth_model
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in DOCUMENT_ACTIONS]
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def _grant_page(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(codename))


def _grant_collection(group, collection):
    for permission in _document_permissions():
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def _new_group(name, page):
    """A new group called ``name``, or ``name`` with the page id when another organisation has that name already."""
    if Group.objects.filter(name=name).exists():
        name = f"{name} ({page.pk})"
    return Group.objects.get_or_create(name=name)[0]


def _names(page):
    """The group, collection and workflow names of an organisation, in the site's default language."""
    label = page.display_short_name
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "editors": gettext("%(name)s: editors") % {"name": label},
            "approvers": gettext("%(name)s: approvers") % {"name": label},
            "members": gettext("%(name)s: members") % {"name": label},
            "collection": label,
            "private_collection": gettext("%(name)s: members only") % {"name": label},
            "workflow": gettext("%(name)s: agendas and minutes") % {"name": label},
            "task": gettext("%(name)s: approval") % {"name": label},
        }


@transaction.atomic
def ensure_secretariat():
    """The site-wide secretariat group: it may edit (not publish) every page, handle every document and assign case
    handlers."""
    group, _created = Group.objects.get_or_create(name=secretariat_group_name())
    group.permissions.add(_admin_access())
    # The secretariat keeps the list of who handles which focus area.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="pages",
            codename__in=[f"{a}_casehandlerassignment" for a in ("add", "change", "delete", "view")],
        )
    )
    _grant_page(group, Page.get_first_root_node(), SECRETARIAT_PAGE_PERMISSIONS)
    _grant_collection(group, Collection.get_first_root_node())
    return group


@transaction.atomic
def ensure_roles(page):
    """Creates, or completes, the groups, permissions, collections and workflow of an organisation page; idempotent."""
    page = page.specific
    names = _names(page)
    roles = OrganisationRoles.objects.filter(translation_key=page.translation_key).first()
    if roles is None:
        roles = OrganisationRoles.objects.create(
            organisation=page,
            translation_key=page.translation_key,
            editors=_new_group(names["editors"], page),
            approvers=_new_group(names["approvers"], page),
            members=_new_group(names["members"], page),
        )
    admin_access = _admin_access()
    roles.editors.permissions.add(admin_access)
    roles.approvers.permissions.add(admin_access)
    _grant_page(roles.editors, page, EDITOR_PAGE_PERMISSIONS)
    _grant_page(roles.approvers, page, APPROVER_PAGE_PERMISSIONS)

    secretariat = ensure_secretariat()
    if roles.collection is None:
        roles.collection = Collection.get_first_root_node().add_child(name=names["collection"])
    if roles.private_collection is None:
        roles.private_collection = roles.collection.add_child(name=names["private_collection"])
    restriction = CollectionViewRestriction.objects.filter(collection=roles.private_collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=roles.private_collection, restriction_type=BaseViewRestriction.GROUPS
        )
    restriction.groups.add(roles.members, roles.editors, roles.approvers, secretariat)
    _grant_collection(roles.editors, roles.collection)
    _grant_collection(roles.approvers, roles.collection)

    if roles.workflow is None:
        task = MeetingApprovalTask.objects.create(name=names["task"])
        task.groups.set([roles.approvers])
        workflow = Workflow.objects.create(name=names["workflow"])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        roles.workflow = workflow
    # An administrator may have chosen another workflow for this page; that choice stands.
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": roles.workflow})
    roles.save()
    return roles


def ensure_all_roles():
    """Roles for every organisation page, in every language, and the secretariat group; returns how many pages."""
    ensure_secretariat()
    pages = list(OrganisationPage.objects.order_by("path"))
    for page in pages:
        ensure_roles(page)
    return len(pages)


def restrict_to_members(page):
    """Limits a page and everything under it to its organisation's members, editors, approvers and the secretariat."""
    roles = OrganisationRoles.for_page(page)
    if roles is None:
        raise ValueError(f"{page} belongs to no organisation with roles.")
    restriction = PageViewRestriction.objects.filter(page=page, restriction_type=BaseViewRestriction.GROUPS).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=BaseViewRestriction.GROUPS)
    restriction.groups.add(roles.members, roles.editors, roles.approvers, ensure_secretariat())
    return restriction


@transaction.atomic
def sync_case_handlers():
    """Puts the logins of everyone with a current or coming case-handler assignment in the case handlers group, which
    opens the admin dashboard listing their applications, and takes everyone else out of it."""
    group, _created = Group.objects.get_or_create(name=case_handler_group_name())
    group.permissions.add(_admin_access())
    today = timezone.localdate()
    active = CaseHandlerAssignment.objects.exclude(end_date__lt=today).filter(person__user__isnull=False)
    wanted = set(active.values_list("person__user_id", flat=True))
    present = set(group.user_set.values_list("pk", flat=True))
    if present - wanted:
        group.user_set.remove(*present - wanted)
    if wanted - present:
        group.user_set.add(*get_user_model().objects.filter(pk__in=wanted - present))
    return group


# The demo's editor and reviewer logins work in N17, the network the memo is most about; its member sits in N17 and in
# EKO, the coordination group that briefs the forum.
DEMO_ROLES = {"N17": {"editor": "editors", "reviewer": "approvers", "member": "members"}, "EKO": {"member": "members"}}


def setup_demo_roles():
    """Roles for every organisation, with the demo logins (when they exist) in their bodies' groups."""
    count = ensure_all_roles()
    added = 0
    for short_name, logins in DEMO_ROLES.items():
        body = BodyPage.objects.filter(short_name=short_name, locale__language_code=settings.LANGUAGE_CODE).first()
        roles = OrganisationRoles.for_page(body) if body else None
        if roles is None:
            continue
        for username, role in logins.items():
            user = get_user_model().objects.filter(username=username).first()
            group = getattr(roles, role)
            if user is not None and not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
                added += 1
    return count, added
