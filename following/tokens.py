"""The signed links in alert e-mails: confirm a subscription, unsubscribe from it, manage an address's subscriptions.

Each is signed with ``django.core.signing`` under its own salt and names the subscription's random key, so a link
stops working once its subscription is deleted. A confirmation link expires; the others last as long as it does.
"""

import datetime as dt

from django.conf import settings
from django.core import signing

CONFIRM = "following.confirm"
UNSUBSCRIBE = "following.unsubscribe"
MANAGE = "following.manage"


class InvalidLink(Exception):
    """A link that was changed, cut short or never made here."""


class ExpiredLink(InvalidLink):
    """A confirmation link older than its time."""


def confirm_max_age():
    return dt.timedelta(days=settings.PORTAL_ALERT_CONFIRM_DAYS)


def make(salt, subscription, **extra):
    return signing.dumps({"id": subscription.pk, "key": subscription.key, **extra}, salt=salt, compress=True)


def make_manage(email):
    return signing.dumps({"email": email.lower()}, salt=MANAGE, compress=True)


def read(salt, token, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredLink(str(exc)) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidLink(str(exc)) from exc


def subscription_from(model, salt, token, max_age=None):
    """The subscription a link names, or None when it has been deleted; raises ``InvalidLink`` for a bad link."""
    data = read(salt, token, max_age)
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or not isinstance(data.get("key"), str):
        raise InvalidLink("unexpected contents")
    return model.objects.filter(pk=data["id"], key=data["key"]).first(), data


def email_from(token):
    data = read(MANAGE, token)
    if not isinstance(data, dict) or not isinstance(data.get("email"), str):
        raise InvalidLink("unexpected contents")
    return data["email"]
