"""Whether a user belongs to the organisation a page is filed under: as a member, editor or approver, or as the
secretariat, which belongs everywhere.

The visibility rule asks this for every closed item and members-only file; the page models in turn ask the
visibility rule, so this module looks up the roles model in Django's app registry instead of importing it.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group


def secretariat_group_name():
    return settings.PORTAL_SECRETARIAT_GROUP


def user_belongs_to(user, page):
    """Whether ``user`` is a member, editor or approver of the organisation of ``page``, or in the secretariat."""
    if not user.is_authenticated:
        return False
    roles = apps.get_model("pages", "OrganisationRoles").for_page(page)
    group_ids = set(user.groups.values_list("pk", flat=True))
    if roles and group_ids & roles.group_ids():
        return True
    return Group.objects.filter(pk__in=group_ids, name=secretariat_group_name()).exists()
