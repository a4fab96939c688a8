"""The follow form: an e-mail address and how often to write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscription


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write a whole e-mail address, e.g. navn@kommune.dk."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often you want e-mails.")},
    )
