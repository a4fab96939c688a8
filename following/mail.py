"""The e-mails subscribers get: a confirmation, an alert for one item, a daily digest. Each is written in the
subscriber's language and carries a one-click unsubscribe link, in its text and in a ``List-Unsubscribe`` header."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from pages.formatting import site_name
from portal import addresses

from . import tokens
from .items import in_language, item_for
from .targets import followed_url, label


def links(subscription):
    """The subscription's unsubscribe and manage addresses (absolute, in its language)."""
    with translation.override(subscription.language):
        unsubscribe = reverse("following:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, subscription)])
        manage = reverse("following:manage", args=[tokens.make_manage(subscription.email)])
    return addresses.absolute(unsubscribe), addresses.absolute(manage)


def _message(subscription, template, context, connection=None):
    unsubscribe_url, manage_url = links(subscription)
    with translation.override(subscription.language):
        context = {
            "subscription": subscription,
            "target": label(subscription),
            "target_url": followed_url(subscription),
            "site_name": site_name(),
            "unsubscribe_url": unsubscribe_url,
            "manage_url": manage_url,
            **context,
        }
        subject = " ".join(render_to_string(f"following/email/{template}_subject.txt", context).split())
        body = render_to_string(f"following/email/{template}.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        connection=connection,
    )


def confirmation(subscription, frequency, connection=None):
    with translation.override(subscription.language):
        path = reverse("following:confirm", args=[tokens.make(tokens.CONFIRM, subscription, frequency=frequency)])
    days = tokens.confirm_max_age().days
    return _message(
        subscription, "confirm", {"confirm_url": addresses.absolute(path), "days": days}, connection=connection
    )


def _item(alert, language):
    page = in_language(alert.page.specific, language)
    return item_for(page, alert.kind)


def alert(alert_row, connection=None):
    subscription = alert_row.subscription
    with translation.override(subscription.language):
        item = _item(alert_row, subscription.language)
        return _message(subscription, "alert", {"item": item}, connection=connection)


def digest(subscription, alerts, connection=None):
    with translation.override(subscription.language):
        items = [_item(a, subscription.language) for a in alerts]
        return _message(subscription, "digest", {"items": items}, connection=connection)
