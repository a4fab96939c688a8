"""The portal's document model: Wagtail's document plus the text extracted from the file for search."""

import hashlib

from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

# Sent once a new or replaced file has been committed, with ``document_id``; the search app reads its text then.
file_replaced = Signal()


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

    def clean(self):
        # The second step of a multiple upload validates the title and collection of a document whose file is
        # attached only after that form (the upload step checked the file): there is no file to check yet.
        if not self.file:
            return
        super().clean()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_file_name = instance.__dict__.get("file") and instance.file.name
        return instance

    def file_digest(self):
        """The SHA-256 of the stored file, read in chunks."""
        digest = hashlib.sha256()
        self.file.open("rb")
        try:
            self.file.seek(0)
            for chunk in self.file.chunks():
                digest.update(chunk)
        finally:
            self.file.seek(0)
        return digest.hexdigest()

    def save(self, *args, **kwargs):
        # A new or replaced file gets a fresh hash and has its text read again once the upload is committed.
        skip_extraction = getattr(self, "skip_extraction", False)
        file_changed = bool(self.file) and (
            not self.sha256 or not self.pk or getattr(self, "_stored_file_name", None) != self.file.name
        )
        if file_changed:
            self.sha256 = self.file_digest()
            if not skip_extraction:
                self.extracted_text = ""
                self.extraction_error = ""
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name
        if file_changed and not skip_extraction:
            transaction.on_commit(lambda: file_replaced.send(sender=type(self), document_id=self.pk))
