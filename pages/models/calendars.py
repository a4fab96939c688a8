"""Members' secret keys to their private calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_BYTES = 32
KEY_PATTERN = r"[A-Za-z0-9_-]{43}"


def new_calendar_key():
    """A fresh random key: 32 bytes, written in 43 URL-safe characters."""
    return secrets.token_urlsafe(KEY_BYTES)


class CalendarToken(models.Model):
    """A member's secret key to a private calendar feed; deleting it revokes the feed's address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    key = models.CharField(_("secret key"), max_length=64, unique=True, default=new_calendar_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar key")
        verbose_name_plural = _("calendar keys")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    def regenerate(self):
        """Replaces the key, so the old address stops working at once."""
        self.key = new_calendar_key()
        self.created_at = timezone.now()
        self.save(update_fields=["key", "created_at"])
