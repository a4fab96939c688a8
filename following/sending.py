"""What publishing sets off for followers, and the sending itself.

When a page is published, ``queue`` records an alert for every confirmed subscription it concerns, but only when
the public may see the page at that moment (a scheduled page is queued when it goes live, a members-only page never).
``send_immediate`` and ``send_digests`` then send what is waiting; an alert is marked sent only once the mail
server has taken it, so a failing server delays mails and loses none: they are sent on the next run. Just before
sending, each alert's page is checked again, and one that is no longer public is dropped unsent.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from pages import visibility

from . import mail
from .items import kind_of
from .models import Alert, Subscription
from .targets import page_subscriptions, search_subscriptions
from .tokens import confirm_max_age

logger = logging.getLogger(__name__)


def queue(page_id):
    """Records the alerts a just-published page sets off; returns how many are new."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or page.alias_of_id or page.locale.language_code != settings.LANGUAGE_CODE:
        return 0  # copies in other languages are announced with their Danish source
    page = page.specific
    if not visibility.public().can_see(page):
        return 0
    kind = kind_of(page)
    if not kind:
        return 0
    confirmed = Subscription.objects.filter(confirmed_at__isnull=False)
    subscriptions = {s.pk: s for s in page_subscriptions(confirmed, page)}
    subscriptions.update({s.pk: s for s in search_subscriptions(confirmed, page)})
    created = 0
    for subscription in subscriptions.values():
        _alert, new = Alert.objects.get_or_create(subscription=subscription, page=page, kind=kind)
        created += new
    return created


def _still_public(alerts):
    """The alerts whose page the public may still see; the others are deleted unsent."""
    ids = {a.page_id for a in alerts}
    visible = set(visibility.public().pages(Page.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    gone = [a.pk for a in alerts if a.page_id not in visible]
    if gone:
        Alert.objects.filter(pk__in=gone).delete()
    return [a for a in alerts if a.page_id in visible]


def _failed(alerts, exc):
    logger.warning("Alert e-mail not sent, kept for the next run: %s", exc)
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(last_error=str(exc)[:500], attempts=F("attempts") + 1)


def waiting(frequency):
    return (
        Alert.objects.filter(
            sent_at__isnull=True, subscription__confirmed_at__isnull=False, subscription__frequency=frequency
        )
        .select_related("subscription", "page")
        .order_by("created_at", "pk")
    )


def send_immediate():
    """Sends every waiting alert of the subscribers who want them at once; returns (sent, failed)."""
    sent = failed = 0
    alerts = _still_public(list(waiting(Subscription.Frequency.IMMEDIATE)))
    if not alerts:
        return sent, failed
    connection = get_connection()
    for alert in alerts:
        try:
            mail.alert(alert, connection=connection).send()
        except Exception as exc:  # noqa: BLE001 - any failure of the mail server keeps the alert for the next run
            _failed([alert], exc)
            failed += 1
            continue
        Alert.objects.filter(pk=alert.pk).update(sent_at=timezone.now(), last_error="")
        sent += 1
    return sent, failed


def digests_due():
    """The daily subscribers with alerts waiting, and their alerts, oldest first."""
    by_subscription = {}
    for alert in _still_public(list(waiting(Subscription.Frequency.DAILY))):
        by_subscription.setdefault(alert.subscription_id, (alert.subscription, []))[1].append(alert)
    return list(by_subscription.values())


def send_digest(subscription, alerts, connection=None):
    """Sends one digest; returns whether the mail server took it (if not, its alerts wait for the next run)."""
    try:
        mail.digest(subscription, alerts, connection=connection).send()
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server keeps the alerts for the next run
        _failed(alerts, exc)
        return False
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(sent_at=timezone.now(), last_error="")
    return True


def send_confirmation(subscription, frequency):
    """Sends the confirmation e-mail; returns whether the mail server took it (if not, it is sent on the next run)."""
    try:
        mail.confirmation(subscription, frequency).send()
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server leaves the confirmation for the next run
        logger.warning("Confirmation e-mail not sent, kept for the next run: %s", exc)
        return False
    Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=timezone.now())
    return True


def send_unsent_confirmations():
    """Sends the confirmations a failing mail server held back, while their links would still work."""
    sent = failed = 0
    since = timezone.now() - confirm_max_age()
    for subscription in Subscription.objects.filter(
        confirmation_sent_at__isnull=True, confirmed_at__isnull=True, created_at__gte=since
    ):
        if send_confirmation(subscription, subscription.frequency):
            sent += 1
        else:
            failed += 1
    return sent, failed


def delete_unconfirmed():
    """Deletes the subscriptions never confirmed while their confirmation link worked; returns how many."""
    since = timezone.now() - confirm_max_age()
    deleted, _counts = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=since).delete()
    return deleted
