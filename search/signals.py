"""Keeps the search index and attachment text in step with publishing, moves, view restrictions and uploads."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.models.documents import file_replaced

from . import tasks

logger = logging.getLogger(__name__)


def _on_published(sender, instance, **kwargs):
    from .indexing import index_page

    index_page(instance.pk)


def _on_unpublished(sender, instance, **kwargs):
    # Wagtail also sends this just before deleting a live page, while the row still says "live":
    # drop the page's entries rather than rebuilding them from the database.
    from .backends import mirror_delete
    from .models import SearchEntry

    old_ids = list(SearchEntry.objects.filter(page_id=instance.pk).values_list("pk", flat=True))
    if old_ids:
        SearchEntry.objects.filter(pk__in=old_ids).delete()
        mirror_delete(old_ids)


def _on_moved(sender, instance, **kwargs):
    from .indexing import index_subtree

    index_subtree(instance)


def _on_restriction_changed(sender, instance, **kwargs):
    from .indexing import index_subtree

    page_id = instance.page_id
    if kwargs.get("signal") is post_save:
        index_subtree(instance.page)
        return

    # A removed restriction may be part of deleting the page itself: re-index once that has settled.
    def reindex():
        from wagtail.models import Page

        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            index_subtree(page)

    transaction.on_commit(reindex)


def _on_collection_restriction_changed(sender, instance, **kwargs):
    from .indexing import index_pages_with_documents_in

    collection_id = instance.collection_id

    def reindex():
        from wagtail.models import Collection

        collection = Collection.objects.filter(pk=collection_id).first()
        if collection is not None:
            index_pages_with_documents_in(collection)

    transaction.on_commit(reindex)


def _on_entry_deleted(sender, instance, **kwargs):
    from .backends import mirror_delete

    mirror_delete([instance.pk])


def _documents_pages(sender, instance, **kwargs):
    from .models import SearchAttachment

    instance._search_page_ids = set(
        SearchAttachment.objects.filter(document_id=instance.pk).values_list("entry__page_id", flat=True)
    )


def _on_document_deleted(sender, instance, **kwargs):
    from .indexing import index_page

    for page_id in getattr(instance, "_search_page_ids", ()):
        index_page(page_id)


def schedule_extraction(document_id):
    """Reads a document's text after its upload was committed, as a task on the ``background`` backend
    (settings.TASKS: the database queue and its worker, or at once where the settings say so)."""
    tasks.extract_document_text.enqueue(document_id)


def _on_file_replaced(sender, document_id, **kwargs):
    schedule_extraction(document_id)


def connect():
    from wagtail.documents import get_document_model

    from .models import SearchEntry

    file_replaced.connect(_on_file_replaced, dispatch_uid="search_document_file_replaced")

    page_published.connect(_on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="search_page_moved")
    post_save.connect(_on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_saved")
    post_delete.connect(_on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted")
    post_delete.connect(_on_entry_deleted, sender=SearchEntry, dispatch_uid="search_entry_deleted")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"search_collection_restriction_{uid}",
        )
    document_model = get_document_model()
    pre_delete.connect(_documents_pages, sender=document_model, dispatch_uid="search_document_pages")
    post_delete.connect(_on_document_deleted, sender=document_model, dispatch_uid="search_document_deleted")
