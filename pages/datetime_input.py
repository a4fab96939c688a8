"""The admin's date and time fields: the formats people type are read, the format is shown, and a typed value is
never replaced by the picker (a value that cannot be read is an error on its field)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

# What people type, Danish first: "27.01.2027 10:00", "27.01.2027 kl. 10.00", "27-01-2027 10:00", ISO 8601.
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y kl. %H:%M",
    "%d.%m.%Y kl. %H.%M",
    "%d.%m.%Y, %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
]
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%y", "%Y-%m-%d"]
# The format the fields show and the picker writes.
DATETIME_PLACEHOLDER = _("dd.mm.yyyy hh:mm")
DATE_PLACEHOLDER = _("dd.mm.yyyy")


class PortalDateTimeInput(AdminDateTimeInput):
    """Wagtail's date and time picker with five-minute steps that leaves a typed value as it is."""

    def __init__(self, attrs=None, **kwargs):
        attrs = {"placeholder": DATETIME_PLACEHOLDER, **(attrs or {})}
        super().__init__(attrs=attrs, **kwargs)

    def get_config(self):
        # validateOnBlur would swap a value the picker cannot read for the current time without a word.
        return {**super().get_config(), "step": 5, "validateOnBlur": False, "allowBlank": True}


class PortalDateInput(AdminDateInput):
    """Wagtail's date picker that leaves a typed value as it is."""

    def __init__(self, attrs=None, **kwargs):
        attrs = {"placeholder": DATE_PLACEHOLDER, **(attrs or {})}
        super().__init__(attrs=attrs, **kwargs)

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False, "allowBlank": True}


class PortalDateTimeField(forms.DateTimeField):
    """Reads the formats in DATETIME_INPUT_FORMATS (and ISO 8601) whatever the admin's language."""

    default_error_messages = {
        "invalid": _("Write the date and time as 27.01.2027 10:00 (day, month, year, hours and minutes)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        super().__init__(**kwargs)


class PortalDateField(forms.DateField):
    default_error_messages = {"invalid": _("Write the date as 27.01.2027 (day, month and year).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


def register():
    """Makes every admin form use these fields for dates and times (pages/apps.py calls this once)."""
    register_form_field_override(
        models.DateTimeField, override={"form_class": PortalDateTimeField, "widget": PortalDateTimeInput}
    )
    register_form_field_override(models.DateField, override={"form_class": PortalDateField, "widget": PortalDateInput})
