"""The editors' report of documents whose text could not be read, with the reason for each."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry


class UnreadableDocumentsReport(ReportView):
    """Lists documents with a recorded extraction problem, newest first, linking to each edit view."""

    page_title = _("Unreadable documents")
    header_icon = "doc-full"
    index_url_name = "search_unreadable_documents"
    index_results_url_name = "search_unreadable_documents_results"
    any_permission_required = ["add", "change"]
    columns = [
        TitleColumn("title", label=_("Document"), get_url=lambda doc: reverse("wagtaildocs:edit", args=[doc.pk])),
        Column("filename", label=_("File")),
        Column("extraction_error", label=_("Why its text was not read")),
        DateColumn("created_at", label=_("Uploaded")),
    ]
    list_export = ["title", "filename", "extraction_error", "created_at"]

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(get_document_model())

    def get_queryset(self):
        return get_document_model().objects.exclude(extraction_error="").order_by("-created_at")
