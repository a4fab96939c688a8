"""Following a body by e-mail in a real Chromium: the form on the body page, the confirmation e-mail's link, the
first alert, and deleting everything from the page every e-mail links to."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from following.models import Subscription
from tests import factories as f

from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDRESS = "borger@example.dk"


def link_in(message, name):
    return re.search(rf"(https?://\S+/da/foelg/{name}/\S+/)", message.body).group(1)


def test_visitor_follows_a_body_from_its_page_confirms_and_deletes_the_subscription(portal, page, axe_source):
    page.goto(portal.url + portal.n17.url)
    box = page.get_by_role("region", name="Følg nye dagsordener, referater og notater")
    feed = box.get_by_role("link", name=re.compile("^Atom-feed til din feedlæser"))
    assert feed.get_attribute("href") == f"{portal.url}/da/foelg/{portal.n17.pk}/atom/"

    # A mistyped address is an error on its field, and nothing is sent.
    box.get_by_label("Din e-mailadresse").fill("borger.example.dk")
    box.get_by_role("button", name="Følg via e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Følg via e-mail")
    email = page.get_by_label("Din e-mailadresse")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".form-errors").first).to_contain_text("Skriv en hel e-mailadresse")
    assert axe_violations(page, axe_source) == []
    assert mail.outbox == []

    email.fill(ADDRESS)
    page.get_by_label("Én gang om dagen – samlet i én e-mail").check()
    page.get_by_role("button", name="Følg via e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    expect(page.get_by_role("status")).to_contain_text(ADDRESS)
    assert axe_violations(page, axe_source) == []

    # Nothing is followed before the link in the e-mail is opened.
    (message,) = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert not Subscription.objects.get(email=ADDRESS).is_confirmed
    page.goto(link_in(message, "bekraeft"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit abonnement er bekræftet")
    expect(page.get_by_role("status")).to_contain_text("én e-mail om dagen")
    assert axe_violations(page, axe_source) == []

    page.get_by_role("link", name="Se eller slet dine abonnementer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine abonnementer")
    expect(page.locator(".subscription-list")).to_contain_text("N17")
    assert axe_violations(page, axe_source) == []
    page.get_by_role("button", name="Slet alle mine abonnementer og data").click()
    expect(page.get_by_role("status")).to_contain_text("er slettet")
    assert not Subscription.objects.filter(email=ADDRESS).exists()


def test_a_confirmed_follower_is_mailed_the_next_agenda_and_its_link_opens_it(portal, page):
    page.goto(portal.url + portal.n17.url)
    page.get_by_label("Din e-mailadresse").fill(ADDRESS)
    page.get_by_role("button", name="Følg via e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    page.goto(link_in(mail.outbox[-1], "bekraeft"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit abonnement er bekræftet")

    meeting = f.meeting(portal.n17, items=2, title="Møde om kystturisme", slug="kystturisme")
    (alert,) = [m for m in mail.outbox if m.to == [ADDRESS] and "kystturisme" in m.subject]
    page.goto(re.search(r"(https?://\S+" + re.escape(meeting.url) + ")", alert.body).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Møde om kystturisme")
    page.goto(link_in(alert, "afmeld"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er afmeldt")
