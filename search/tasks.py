"""Background work of search: reading the text of uploaded files (django-tasks, the ``background`` backend)."""

import logging

from django_tasks import task
from wagtail.documents import get_document_model

from .extraction import MAX_FILE_BYTES, extract
from .indexing import index_pages_with_document

logger = logging.getLogger(__name__)


def extract_document(document_id):
    """Reads the text of a stored document, records it or its problem, and re-indexes the pages that show it."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    try:
        with document.file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        text, error = "", f"The stored file could not be opened: {exc}"
    else:
        text, error = extract(data, document.file.name)
    if error:
        logger.warning("Text of document %s (%s) was not read: %s", document.pk, document.title, error)
    get_document_model().objects.filter(pk=document.pk).update(extracted_text=text, extraction_error=error)
    index_pages_with_document(document.pk)
    return error


@task(backend="background")
def extract_document_text(document_id: int) -> str:
    """The task that reads one document's text; returns the problem found, or an empty string."""
    return extract_document(document_id) or ""
