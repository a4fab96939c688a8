"""Who may download a document: the portal's visibility rule (pages/visibility.py), asked by /documents/ and OParl."""

from django.http import Http404

from pages import visibility


def check_document_access(document, request):
    """Serves a document only to a viewer the visibility rule lets see it; otherwise answers 404."""
    if visibility.for_request(request).may_download(document):
        return None
    raise Http404("Document not found.")
