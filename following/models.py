"""Subscriptions to e-mail alerts and the alerts waiting to be sent.

A subscription keeps only the address and what it follows (a page that lists agendas, minutes and memos, or a
search with its filters), how often to write and in which language. Deleting it deletes its alerts.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(16)


class Subscription(models.Model):
    """One address following one page or one search, confirmed by a link sent to it."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once – one e-mail for each new item")
        DAILY = "daily", _("Once a day – gathered in one e-mail")

    email = models.EmailField(_("e-mail address"))
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("followed page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    search = models.JSONField(_("followed search"), default=dict, blank=True)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    language = models.CharField(_("language"), max_length=10, default="da")
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail alert subscription")
        verbose_name_plural = _("e-mail alert subscriptions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"], name="following_subscription_email")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Alert(models.Model):
    """A new agenda, minutes or memo for one subscriber, kept until it has been sent (and retried until then)."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")
        MEMO = "memo", _("Memo")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("alert")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "page", "kind"], name="following_alert_once"),
        ]
        indexes = [models.Index(fields=["sent_at"], name="following_alert_sent")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page_id} → {self.subscription_id}"
