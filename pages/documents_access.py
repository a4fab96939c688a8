"""Who may download a document: the same people who see it attached on a page."""

from django.http import Http404
from wagtail.models import Page, ReferenceIndex


def _passes_view_restrictions(page, request):
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def _attached_visibly(page, document, request):
    """Whether ``page`` shows ``document`` to this visitor, by the page's own rules for closed items and flags."""
    from pages.models import MeetingPage, MemoPage

    if isinstance(page, MeetingPage):
        return any(
            a["document"].pk == document.pk
            for item in page.agenda_with_attachments(request)
            for a in item.resolved_attachments
        )
    if isinstance(page, MemoPage):
        return any(a["document"].pk == document.pk for a in page.public_attachments())
    # Any other page links documents from its text, which is public with the page.
    return True


def user_may_manage(document, user):
    """Editors who may change the document in the admin may always download it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(type(document))
    return policy.user_has_permission_for_instance(user, "change", document)


def check_document_access(document, request):
    """Serves a document only when a live page the visitor may see shows it; otherwise answers 404."""
    if user_may_manage(document, request.user):
        return None
    page_ids = {
        int(ref.object_id)
        for ref in ReferenceIndex.get_references_to(document)
        if ref.base_content_type.model_class() is not None and issubclass(ref.base_content_type.model_class(), Page)
    }
    for page in Page.objects.filter(pk__in=page_ids).live().specific():
        if _passes_view_restrictions(page, request) and _attached_visibly(page, document, request):
            return None
    raise Http404("Document not found.")
