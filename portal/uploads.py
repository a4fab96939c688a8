"""The document upload form: a size limit, a type check by content rather than by name, and all-or-nothing saving."""

import logging

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.models import ReferenceIndex
from wagtail.search import index as search_index

logger = logging.getLogger(__name__)

# What each allowed extension's content must look like, by the MIME type `filetype` finds in its first bytes.
# None means a text format: no binary signature at all, no NUL bytes, and readable as UTF-8 or Windows-1252.
EXPECTED_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "rtf": {"application/rtf", "text/rtf"},
    "zip": {"application/zip"},
    "txt": None,
    "csv": None,
}
TYPE_NAMES = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "pptx": "PowerPoint (PPTX)",
    "odt": "OpenDocument (ODT)",
    "rtf": "RTF",
    "zip": "ZIP",
    "txt": _("plain text"),
    "csv": "CSV",
}
SNIFF_BYTES = 64 * 1024


def _read_head(uploaded):
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(position)
    return head


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # A multi-byte character may be cut at the end of the sniffed bytes.
            head.decode(encoding) if len(head) < SNIFF_BYTES else head[:-4].decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def check_document_content(uploaded):
    """Raises ValidationError unless the file's bytes are of the kind its extension promises."""
    name = getattr(uploaded, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", EXPECTED_TYPES)]
    if extension not in allowed or extension not in EXPECTED_TYPES:
        raise ValidationError(
            _("Files ending in “.%(extension)s” cannot be uploaded. Allowed: %(allowed)s."),
            code="invalid_extension",
            params={"extension": extension, "allowed": ", ".join(sorted(set(allowed) & set(EXPECTED_TYPES)))},
        )
    head = _read_head(uploaded)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    found = filetype.guess_mime(head)
    expected = EXPECTED_TYPES[extension]
    # A text format has no signature to find: it passes when nothing else is recognised and it reads as text.
    ok = found in expected if expected is not None else found is None and _looks_like_text(head)
    if not ok:
        raise ValidationError(
            _(
                "The file is named “%(name)s”, but its content is not %(kind)s. "
                "Upload the document in the format its name promises."
            ),
            code="content_mismatch",
            params={"name": name, "kind": TYPE_NAMES[extension]},
        )


def _delete_stored_file(instance, keep_name):
    stored = instance.file.name if instance.file else ""
    if stored and stored != keep_name:
        try:
            instance.file.storage.delete(stored)
        except Exception:  # noqa: BLE001 - the original error matters more
            logger.exception("Could not remove the file of a failed upload: %s", stored)


def save_atomically(instance, save, original_name=""):
    """Saves the document's row and file together: if anything fails, neither the row nor the new file stays."""
    try:
        with transaction.atomic():
            save()
    except BaseException:
        _delete_stored_file(instance, original_name)
        if instance.pk and not type(instance).objects.filter(pk=instance.pk).exists():
            instance.pk = None
        raise


def unused_copy(instance):
    """The document ``instance`` repeats, when its uploader has uploaded the same file to the same collection before
    and nothing uses that document: the upload of a page whose save then failed, uploaded again. None otherwise."""
    if not instance.file_hash or instance.uploaded_by_user_id is None:
        return None
    earlier = type(instance).objects.filter(
        file_hash=instance.file_hash,
        file_size=instance.file_size,
        collection_id=instance.collection_id,
        uploaded_by_user_id=instance.uploaded_by_user_id,
    )
    for document in earlier.order_by("-created_at", "-pk"):
        if not ReferenceIndex.get_references_to(document).exists():
            return document
    return None


class PortalDocumentForm(BaseDocumentForm):
    """Wagtail's document form with a size limit, a content type check and saving that never leaves half a document."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # The size limit (WAGTAILDOCS_MAX_UPLOAD_SIZE) is already enforced by the file field itself.
        if uploaded and "file" in self.changed_data:
            check_document_content(uploaded)
        return uploaded

    def _post_clean(self):
        # Once the file itself is refused, the model's extension check would only add a confusing second error.
        file_errors = list(self.errors.get("file", []))
        super()._post_clean()
        if file_errors:
            self.errors["file"] = self.error_class(file_errors)

    def save(self, commit=True):
        file_changed = "file" in self.changed_data
        if file_changed:
            self.instance._set_document_file_metadata()
        original_name = self.original_file.name if (file_changed and self.original_file) else ""
        # Skip BaseDocumentForm.save, which deletes a replaced file before the new one is safely saved.
        instance = super(BaseDocumentForm, self).save(commit=False)
        if not commit:
            # The multiple uploader saves the instance itself; make that save all-or-nothing too.
            plain_save = instance.save

            def save(*args, **kwargs):
                save_atomically(instance, lambda: plain_save(*args, **kwargs))

            instance.save = save
            return instance

        # The same file again, from the same editor into the same collection, with nothing using the first upload:
        # that document is taken again (with the title given now) instead of a second copy under a suffixed name.
        earlier = unused_copy(instance) if instance.pk is None and file_changed else None
        if earlier is not None:
            earlier.title = instance.title
            earlier.save(update_fields=["title"])
            self.instance = earlier
            search_index.insert_or_update_object(earlier)
            return earlier
        save_atomically(instance, lambda: (instance.save(), self._save_m2m()), original_name)
        if original_name:
            storage = self.original_file.storage
            transaction.on_commit(lambda: storage.delete(original_name))
            self.original_file = None
        search_index.insert_or_update_object(instance)
        return instance
