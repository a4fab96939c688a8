"""Publishing a page sets off its alerts, in the background once the publication is committed."""

from django.db import transaction
from wagtail.signals import page_published

from .tasks import alerts_for_published_page


def _on_published(sender, instance, **kwargs):
    page_id = instance.pk
    transaction.on_commit(lambda: alerts_for_published_page.enqueue(page_id))


def connect():
    page_published.connect(_on_published, dispatch_uid="following_alerts_on_publish")
