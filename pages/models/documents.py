"""The portal's document model: Wagtail's document plus the text extracted from the file for search."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index


class PortalDocument(AbstractDocument):
    """A document with its extracted text, a content hash and any problem met while reading it."""

    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_error = models.CharField(_("extraction problem"), max_length=500, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False, db_index=True)

    admin_form_fields = Document.admin_form_fields

    search_fields = AbstractDocument.search_fields + [index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
