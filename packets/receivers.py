"""What calls for a new packet: a published meeting, a changed or removed document, a changed collection
restriction. Each queues the meetings concerned once the change is committed; an unpublished meeting loses its
stored packets."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished

from pages.models import MeetingPage

from . import build, tasks


def meetings_showing(documents):
    """The ids of the meetings whose agenda items name any of ``documents``."""
    ids = set()
    for document in documents:
        for reference in ReferenceIndex.get_references_to(document):
            model = reference.base_content_type.model_class()
            if model is not None and issubclass(model, Page):
                ids.add(int(reference.object_id))
    return set(MeetingPage.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def _meeting_published(sender, instance, **kwargs):
    tasks.rebuild_after_commit([instance.pk])


def _meeting_unpublished(sender, instance, **kwargs):
    def discard():
        for edition in build.EDITIONS:
            build.discard_older(instance.pk, edition)

    transaction.on_commit(discard)


def _document_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        tasks.rebuild_after_commit(meetings_showing([instance]))


def _document_deleting(sender, instance, **kwargs):
    # The references are read before the document goes; the meetings are rebuilt without it after.
    tasks.rebuild_after_commit(meetings_showing([instance]))


def _collection_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    collection = instance.collection
    documents = get_document_model().objects.filter(collection__path__startswith=collection.path)
    tasks.rebuild_after_commit(meetings_showing(documents))


def connect():
    page_published.connect(_meeting_published, sender=MeetingPage, dispatch_uid="packets-meeting-published")
    page_unpublished.connect(_meeting_unpublished, sender=MeetingPage, dispatch_uid="packets-meeting-unpublished")
    document = get_document_model()
    post_save.connect(_document_saved, sender=document, dispatch_uid="packets-document-saved")
    pre_delete.connect(_document_deleting, sender=document, dispatch_uid="packets-document-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"packets-collection-restriction-{signal is post_save}",
        )
