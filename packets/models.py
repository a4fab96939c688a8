"""The stored packets: one PDF file per meeting, edition and content version."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingPacket(models.Model):
    """A built packet: its file in storage, what it shows (for serving it while the next version is built) and its
    size."""

    class Edition(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members")

    meeting = models.ForeignKey(
        "pages.MeetingPage", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    edition = models.CharField(_("edition"), max_length=10, choices=Edition.choices)
    version = models.CharField(_("content version"), max_length=64)
    file = models.FileField(_("file"), upload_to="packets/", max_length=255)
    # The items and documents this version shows: an older version is served only while it shows nothing the
    # current one hides.
    disclosed = models.JSONField(_("what it shows"), default=list)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    built_at = models.DateTimeField(_("built"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting packet")
        verbose_name_plural = _("meeting packets")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "edition", "version"], name="packet_once_per_version")
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.edition} {self.version}"
