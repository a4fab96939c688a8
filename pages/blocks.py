"""StreamField blocks used by the portal's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class AttachmentBlock(blocks.StructBlock):
    """A document attached to an agenda item or memo, with its own publication flag."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False,
        label=_("Title"),
        help_text=_("Shown instead of the document's own title when filled in."),
    )
    publishable = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("May be published"),
        help_text=_("Untick to keep this file with the members even when the item is public."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Attachment")
        description = _("A PDF, Word, ODT or text file that belongs to this item.")
        template = "includes/blocks/attachment.html"


class AttachmentStreamBlock(blocks.StreamBlock):
    attachment = AttachmentBlock()

    class Meta:
        icon = "doc-full"
