"""The case handler's comment form on an application page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pages.models import ApplicationComment

# A comment long enough for a careful review, short enough to gather into one memo.
COMMENT_MAX_LENGTH = 10_000


class ApplicationCommentForm(forms.ModelForm):
    class Meta:
        model = ApplicationComment
        fields = ["recommendation", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write your comment."))
        if len(text) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Shorten the comment to at most %(limit)s characters.") % {"limit": f"{COMMENT_MAX_LENGTH:,}"}
            )
        return text
