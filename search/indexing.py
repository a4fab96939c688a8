"""Builds the search entries of a page from its published content; nothing unpublished, private or closed."""

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from pages import visibility
from pages.formatting import plain

from .analysis import analyzer_for
from .models import SearchAttachment, SearchEntry

logger = logging.getLogger(__name__)


def join(*parts):
    return "\n".join(p for p in (plain(part) for part in parts) if p)


def language_of(page):
    return page.locale.language_code if page.locale_id else "da"


def is_public(page):
    """Whether anyone may see the page, by the portal's visibility rule (pages/visibility.py)."""
    return visibility.public().can_see(page)


def nearest_organisation(page):
    from pages.models import OrganisationPage

    return OrganisationPage.objects.ancestor_of(page).order_by("-depth").first()


def publishable_documents(stream_value):
    """The documents of an attachments StreamField the public may see, with their shown titles, in order."""
    rows = [r for r in visibility.attachment_rows(stream_value) if r["publishable"]]
    documents = visibility.public().documents_in_bulk({r["document"] for r in rows})
    return [
        (documents[r["document"]], r["title"] or documents[r["document"]].title)
        for r in rows
        if r["document"] in documents
    ]


def _entry(page, kind, title, text, date=None, organisation=None, item_number=None):
    return {
        "entry": SearchEntry(
            page_id=page.pk,
            item_number=item_number,
            kind=kind,
            is_public=True,
            language=language_of(page),
            title=title[:500],
            text=text,
            date=date,
            year=date.year if date else None,
            organisation=organisation,
        ),
        "attachments": [],
        "focus_areas": [],
    }


def build_entries(page):
    """The entries a live, public page contributes, as dicts of unsaved entry, attachments and focus areas."""
    from pages.models import MeetingPage, MemoPage, OrganisationPage, StandardPage

    page = page.specific
    if isinstance(page, MemoPage):
        organisation = nearest_organisation(page) or visibility.public().pages(page.related_organisations.all()).first()
        built = _entry(
            page,
            SearchEntry.Kind.MEMO,
            page.title,
            join(page.sender, page.journal_label, page.case_id, page.author_reference, page.body),
            page.date,
            organisation,
        )
        built["attachments"] = publishable_documents(page.attachments)
        built["focus_areas"] = list(page.focus_areas.all())
        return [built]
    if isinstance(page, MeetingPage):
        organisation = page.get_parent().specific
        organisation = organisation if isinstance(organisation, OrganisationPage) else None
        date = timezone.localtime(page.start).date()
        items = list(page.agenda_items.all())
        # The agenda items are results of their own, so the meeting's entry holds only the meeting's own text.
        meeting = _entry(
            page,
            SearchEntry.Kind.MEETING,
            page.title,
            join(page.location, page.cancellation_reason if page.cancelled else "", page.minutes),
            date,
            organisation,
        )
        built = [meeting]
        for number, item in enumerate(items, start=1):
            if item.closed:
                continue  # a closed item's title, text and files stay with the members
            entry = _entry(
                page,
                SearchEntry.Kind.ITEM,
                item.title,
                join(item.case_reference, item.description, item.recommendation, item.decision),
                date,
                organisation,
                item_number=number,
            )
            entry["attachments"] = publishable_documents(item.attachments)
            built.append(entry)
        return built
    if isinstance(page, OrganisationPage):
        extra = [getattr(page, name, "") for name in ("purpose", "field", "mandate", "theme", "description")]
        return [
            _entry(
                page, SearchEntry.Kind.ORGANISATION, page.title, join(page.short_name, page.summary, *extra), None, page
            )
        ]
    if isinstance(page, StandardPage):
        return [_entry(page, SearchEntry.Kind.PAGE, page.title, join(page.body), None, nearest_organisation(page))]
    return []


def attachment_terms(analyzer, document, title):
    return " ".join(sorted(set(analyzer.index_terms(f"{title}\n{document.extracted_text}").split())))


def index_page(page_id):
    """Replaces the entries of one page, and of its copies in other languages (which are seen only where it is),
    with what their published, public content says now."""
    saved = index_one_page(page_id)
    keys = Page.objects.filter(pk=page_id).values("translation_key")
    for other_id in Page.objects.filter(translation_key__in=keys).exclude(pk=page_id).values_list("pk", flat=True):
        index_one_page(other_id)
    return saved


@transaction.atomic
def index_one_page(page_id):
    """Replaces the entries of one page with what its published, public content says now."""
    from .backends import mirror_delete, mirror_index

    old_ids = list(SearchEntry.objects.filter(page_id=page_id).values_list("pk", flat=True))
    if old_ids:
        SearchEntry.objects.filter(pk__in=old_ids).delete()
        mirror_delete(old_ids)
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None or not is_public(page):
        return []
    saved = []
    expiry = visibility.expires_at(page)
    for built in build_entries(page):
        entry = built["entry"]
        entry.expires_at = expiry
        analyzer = analyzer_for(entry.language)
        attachment_texts = [f"{title}\n{document.extracted_text}" for document, title in built["attachments"]]
        entry.title_terms = analyzer.index_terms(entry.title)
        entry.terms = analyzer.index_terms("\n".join([entry.text, *attachment_texts]))
        entry.focus_area_ids = " ".join(str(pk) for pk in sorted(area.pk for area in built["focus_areas"]))
        entry.save()
        if built["focus_areas"]:
            entry.focus_areas.set(built["focus_areas"])
        SearchAttachment.objects.bulk_create(
            SearchAttachment(
                entry=entry, document=document, title=title[:255], terms=attachment_terms(analyzer, document, title)
            )
            for document, title in built["attachments"]
        )
        saved.append(entry)
    mirror_index([entry.pk for entry in saved])
    return saved


def index_subtree(page):
    """Re-indexes a page and everything under it (after a move, or a view restriction changed)."""
    for page_id in Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True):
        index_page(page_id)


def index_pages_with_document(document_id):
    """Re-indexes the pages whose published attachments include a document (its text was read or it changed)."""
    page_ids = set(SearchAttachment.objects.filter(document_id=document_id).values_list("entry__page_id", flat=True))
    for page_id in page_ids:
        index_page(page_id)


def index_pages_with_documents_in(collection):
    """Re-indexes the pages that attach a document of ``collection`` or its children (its view restriction changed)."""
    from wagtail.models import Collection, ReferenceIndex

    documents = get_document_model().objects.filter(
        collection__in=Collection.objects.filter(path__startswith=collection.path)
    )
    page_ids = set()
    for document in documents:
        for ref in ReferenceIndex.get_references_to(document):
            model = ref.base_content_type.model_class()
            if model is not None and issubclass(model, Page):
                page_ids.add(int(ref.object_id))
    for page_id in sorted(page_ids):
        index_page(page_id)


def rebuild(stdout=None, progress=None):
    """Indexes every page again, from scratch; then fills a new search engine index and moves its alias to it."""
    from .backends import get_backend, mirroring_suspended
    from .backends.database import bulk_loading
    from .models import PendingEngineUpdate

    backend = get_backend()
    count = 0
    # The engine keeps answering from its current index until the new one is complete.
    with mirroring_suspended():
        SearchEntry.objects.all().delete()
        backend.reset()
        with bulk_loading():
            for page_id in visibility.public().pages().values_list("pk", flat=True).order_by("path"):
                count += len(index_one_page(page_id))
    if backend.external:
        PendingEngineUpdate.objects.all().delete()
        backend.rebuild_index(progress=progress)
    return count
