"""Signal handlers that keep the open data bookkeeping current as editors publish, hide and delete things."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from pages.models import AgendaItem, Membership, Person, PortalDocument

from . import index
from .models import Kind


def on_page_published(sender, instance, **kwargs):
    index.page_published(instance.specific)


def on_page_unpublished(sender, instance, **kwargs):
    # Wagtail also sends this just before a live page is deleted; the row is then still marked live.
    page = instance.specific
    deleting = Page.objects.filter(pk=page.pk, live=True).exists()
    index.pages_hidden([page], deleting=deleting)


def on_restriction_saved(sender, instance, **kwargs):
    index.subtree_changed(instance.page, restricted=True)


def on_restriction_deleted(sender, instance, **kwargs):
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:
        return
    index.subtree_changed(page, restricted=False)


def on_agenda_item_deleted(sender, instance, **kwargs):
    # Only an item the API listed leaves a stub: one of a public meeting in the default locale. The items of an
    # English copy, or of a members-only or unpublished meeting, were never public; their ids stay a 404.
    meeting = index.Scope().meetings().filter(pk=instance.meeting_id).values("first_published_at").first()
    if meeting is not None:
        index.bury(Kind.AGENDA_ITEM, {instance.pk: meeting["first_published_at"]})


def on_person_saved(sender, instance, **kwargs):
    index.touch(Kind.PERSON, [instance.pk])


def on_person_deleting(sender, instance, **kwargs):
    if index.Scope().persons().filter(pk=instance.pk).exists():
        index.bury(Kind.PERSON, index.stamped_created(Kind.PERSON, [instance.pk]))


def on_membership_saved(sender, instance, **kwargs):
    index.touch(Kind.MEMBERSHIP, [instance.pk])
    index.touch(Kind.PERSON, [instance.person_id])
    index.touch(Kind.ORGANIZATION, [instance.organisation_id])


def on_membership_deleted(sender, instance, **kwargs):
    scope = index.Scope()
    if scope.organisations().filter(pk=instance.organisation_id).exists():
        index.bury(Kind.MEMBERSHIP, index.stamped_created(Kind.MEMBERSHIP, [instance.pk]))
    index.touch(Kind.ORGANIZATION, [instance.organisation_id])
    if Person.objects.filter(pk=instance.person_id).exists():
        index.touch(Kind.PERSON, [instance.person_id])
        index.bury_persons_no_longer_public([instance.person_id], scope)


def on_document_saved(sender, instance, **kwargs):
    index.touch(Kind.FILE, [instance.pk])


def on_document_deleting(sender, instance, **kwargs):
    if index.Scope().files().filter(pk=instance.pk).exists():
        index.bury(Kind.FILE, {instance.pk: instance.created_at})


def on_post_migrate(sender, **kwargs):

    # A database emptied by `flush` (it sends post_migrate too) has no locales and nothing to index.
    if Locale.objects.filter(language_code=settings.LANGUAGE_CODE).exists():
        index.rebuild()


def connect():
    page_published.connect(on_page_published, dispatch_uid="opendata_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="opendata_page_unpublished")
    post_save.connect(on_restriction_saved, sender=PageViewRestriction, dispatch_uid="opendata_restriction_saved")
    post_delete.connect(on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="opendata_restriction_deleted")
    post_delete.connect(on_agenda_item_deleted, sender=AgendaItem, dispatch_uid="opendata_item_deleted")
    post_save.connect(on_person_saved, sender=Person, dispatch_uid="opendata_person_saved")
    pre_delete.connect(on_person_deleting, sender=Person, dispatch_uid="opendata_person_deleting")
    post_save.connect(on_membership_saved, sender=Membership, dispatch_uid="opendata_membership_saved")
    post_delete.connect(on_membership_deleted, sender=Membership, dispatch_uid="opendata_membership_deleted")
    post_save.connect(on_document_saved, sender=PortalDocument, dispatch_uid="opendata_document_saved")
    pre_delete.connect(on_document_deleting, sender=PortalDocument, dispatch_uid="opendata_document_deleting")

    post_migrate.connect(on_post_migrate, sender=apps.get_app_config("opendata"), dispatch_uid="opendata_rebuild")
