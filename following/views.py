"""Following by e-mail without an account: the follow form, the confirmation link, unsubscribing and the page where
a subscriber sees and deletes their subscriptions.

Bad input is answered with the form again or a page that says what went wrong, with a 4xx status: an invalid
address, a page that cannot be followed, a search the search page would refuse, a changed or expired link.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from pages import visibility
from portal import addresses
from portal.ids import MAX_ID_DIGITS
from search.views import current_language

from . import searches, tokens
from .feeds import page_feed_title, search_feed_title
from .forms import FollowForm
from .items import is_listing
from .models import Subscription
from .targets import followed_url, label
from .tasks import send_confirmation

# A second confirmation for the same address and the same thing is sent no sooner than this after the first.
RESEND_AFTER = dt.timedelta(minutes=2)


class BadTarget(Exception):
    """What the form was asked to follow cannot be followed; the message says why."""


@dataclass
class Target:
    """A page or a search to follow, with its name, its feed and the form's hidden fields."""

    title: str
    feed_url: str
    follow_url: str
    hidden: list
    page: Page | None = None
    search: dict | None = None


def page_target(page):
    """The target of a page that lists agendas, minutes and memos, or None when the public cannot follow it."""
    page = page.specific
    if not is_listing(page) or not visibility.public().can_see(page):
        return None
    return Target(
        title=page_feed_title(page),
        feed_url=addresses.absolute(reverse("following:page_feed", args=[page.pk])),
        follow_url=reverse("following:follow") + f"?side={page.pk}",
        hidden=[("side", page.pk)],
        page=page,
    )


def search_target(search):
    query = searches.query_string(search)
    return Target(
        title=search_feed_title(search),
        feed_url=addresses.absolute(reverse("following:search_feed") + "?" + query),
        follow_url=reverse("following:follow") + "?" + query,
        hidden=[(name, value) for name, values in search.items() for value in values],
        search=search,
    )


def target_from(data):
    """The target a request names: ``side`` (a page id) or a search's parameters."""
    page_id = data.get("side", "")
    if page_id:
        page = None
        if page_id.isdigit() and len(page_id) <= MAX_ID_DIGITS:
            page = Page.objects.filter(pk=int(page_id)).first()
        target = page_target(page) if page is not None else None
        if target is None:
            raise BadTarget(_("This page cannot be followed."))
        return target
    try:
        return search_target(searches.clean(data))
    except searches.BadSearch as exc:
        raise BadTarget(str(exc)) from exc


def _subscribe(email, target, frequency):
    subscription = Subscription.objects.filter(email=email, page=target.page, search=target.search or {}).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            email=email,
            page=target.page,
            search=target.search or {},
            frequency=frequency,
            language=current_language(),
        )
    elif subscription.confirmation_sent_at and timezone.now() - subscription.confirmation_sent_at < RESEND_AFTER:
        return subscription  # a confirmation has just been sent: the form cannot be used to flood an inbox
    elif not subscription.is_confirmed:
        subscription.frequency, subscription.language = frequency, current_language()
        subscription.save(update_fields=["frequency", "language"])
    subscription_id = subscription.pk
    transaction.on_commit(lambda: send_confirmation.enqueue(subscription_id, frequency))
    return subscription


# The form only ever sends a confirmation e-mail to the address written in it, and nothing is followed until that
# e-mail's link is opened: there is no session to protect, and the pages that carry the form stay cacheable.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow(request):
    """GET: the follow form for a page or a search. POST: asks for the confirmation e-mail."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        target = target_from(data)
    except BadTarget as exc:
        return render(request, "following/bad_request.html", {"message": str(exc)}, status=400)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            _subscribe(email, target, form.cleaned_data["frequency"])
            return render(request, "following/check_email.html", {"target": target, "email": email})
        return render(request, "following/follow.html", {"target": target, "form": form}, status=400)
    return render(request, "following/follow.html", {"target": target, "form": form})


def _bad_link(request, expired=False, status=400):
    return render(request, "following/bad_link.html", {"expired": expired}, status=status)


@never_cache
@require_http_methods(["GET"])
def confirm(request, token):
    """The confirmation link: from now on the subscription gets e-mails."""
    try:
        subscription, data = tokens.subscription_from(
            Subscription, tokens.CONFIRM, token, max_age=tokens.confirm_max_age()
        )
    except tokens.ExpiredLink:
        return _bad_link(request, expired=True)
    except tokens.InvalidLink:
        return _bad_link(request)
    if subscription is None:
        return _bad_link(request, status=404)
    frequency = data.get("frequency")
    if frequency in Subscription.Frequency.values:
        subscription.frequency = frequency
    subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.save(update_fields=["frequency", "confirmed_at"])
    manage_url = reverse("following:manage", args=[tokens.make_manage(subscription.email)])
    return render(
        request,
        "following/confirmed.html",
        {"subscription": subscription, "followed_url": followed_url(subscription), "manage_url": manage_url},
    )


# Mail programs unsubscribe with a POST to the List-Unsubscribe address (RFC 8058), without a session or a token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click: the subscription and its waiting alerts are deleted."""
    try:
        subscription, _data = tokens.subscription_from(Subscription, tokens.UNSUBSCRIBE, token)
    except tokens.InvalidLink:
        return _bad_link(request)
    context = {"already": subscription is None}
    if subscription is not None:
        context.update(target=label(subscription), followed_url=followed_url(subscription))
        context["manage_url"] = reverse("following:manage", args=[tokens.make_manage(subscription.email)])
        subscription.delete()
    return render(request, "following/unsubscribed.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """An address's subscriptions, each with a button that deletes it, and one that deletes them all."""
    try:
        email = tokens.email_from(token)
    except tokens.InvalidLink:
        return _bad_link(request)
    subscriptions = Subscription.objects.filter(email=email)
    notice = ""
    if request.method == "POST":
        choice = request.POST.get("delete", "")
        if choice == "all":
            subscriptions.delete()
            notice = _("All your subscriptions and everything the portal kept about them have been deleted.")
        elif choice.isdigit() and len(choice) <= MAX_ID_DIGITS and subscriptions.filter(pk=int(choice)).exists():
            subscriptions.filter(pk=int(choice)).delete()
            notice = _("The subscription has been deleted.")
        else:
            return render(
                request, "following/bad_request.html", {"message": _("There is no such subscription.")}, status=400
            )
    rows = [
        {"subscription": s, "url": followed_url(s), "label": label(s)} for s in subscriptions.order_by("created_at")
    ]
    return render(request, "following/manage.html", {"email": email, "rows": rows, "notice": notice})
