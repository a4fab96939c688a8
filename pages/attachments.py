"""Attachments: which documents an editor may attach (server side, whatever the chooser was sent)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamValue

from pages import visibility


def attached_documents(value):
    """The documents an attachments StreamField value names, in order."""
    if not isinstance(value, StreamValue):
        return []
    documents = []
    for child in value:
        struct = child.value
        document = struct.get("document") if hasattr(struct, "get") else None
        if document is not None:
            documents.append(document)
    return documents


class AttachmentPermissionForm(WagtailAdminPageForm):
    """A page form that refuses attachments from collections the editor may not choose from: an editor cannot
    publish another body's members-only file by naming its id."""

    def is_valid(self):
        valid = super().is_valid()
        user = getattr(self, "for_user", None)
        if user is None:
            return valid
        forms = [(self, self.cleaned_data if hasattr(self, "cleaned_data") else {})]
        for formset in getattr(self, "formsets", {}).values():
            for form in formset.forms:
                forms.append((form, getattr(form, "cleaned_data", {}) or {}))
        refused = False
        for form, data in forms:
            for name, value in data.items():
                denied = [d for d in attached_documents(value) if not visibility.may_choose_document(user, d)]
                if denied:
                    form.add_error(
                        name,
                        _("You may not attach “%(title)s”: it is in a collection you cannot choose from.")
                        % {"title": denied[0].title},
                    )
                    refused = True
        return valid and not refused
