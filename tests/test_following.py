"""Following: Atom feeds of bodies, memo archives and searches, and e-mail alerts without an account."""

import datetime as dt
import io
import re
import smtplib
from unittest import mock

import feedparser
import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from demo.translations import translate_page
from following.models import Alert, Subscription
from following.tokens import make_manage
from pages.models import OrganisationRoles
from tests import factories

pytestmark = pytest.mark.django_db

SUBSCRIBER = "borger@example.dk"


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def n17():
    return factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")


@pytest.fixture
def archive():
    return factories.memo_archive(title="Notater")


def to(outbox, address=SUBSCRIBER):
    return [m for m in outbox if m.to == [address]]


def link(message, name):
    """The first portal address in an e-mail that goes to ``/foelg/<name>/``."""
    return re.search(rf"http://testserver(/\w\w/foelg/{name}/[^\s]+/)", message.body).group(1)


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return feedparser.parse(response.content)


def publish_meeting(parent, title="Møde i N17", items=2, **fields):
    return factories.meeting(parent, items=items, title=title, **fields)


@pytest.fixture
def subscribe(client, mailoutbox, django_capture_on_commit_callbacks):
    """Fills in the follow form for a page (or a search), and returns the response."""

    def fill(target, email=SUBSCRIBER, frequency="immediate", language="da"):
        data = {"email": email, "frequency": frequency}
        data.update({"side": target.pk} if hasattr(target, "pk") else target)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/{language}/foelg/", data)

    return fill


@pytest.fixture
def confirmed(client, subscribe, mailoutbox):
    """Follows a page or a search and opens the confirmation link."""

    def follow(target, **kwargs):
        subscribe(target, **kwargs)
        message = to(mailoutbox, kwargs.get("email", SUBSCRIBER))[-1]
        response = client.get(link(message, "bekraeft"))
        assert response.status_code == 200
        mailoutbox.clear()
        return Subscription.objects.filter(email=kwargs.get("email", SUBSCRIBER)).latest("pk")

    return follow


# -- Atom feeds ------------------------------------------------------------------------------------------------------


def test_a_body_page_advertises_its_atom_feed(client, n17):
    html = client.get(n17.url).content.decode()
    href = f"http://testserver/da/foelg/{n17.pk}/atom/"
    assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="N17[^"]*" href="{href}">', html)


def test_a_body_page_shows_a_visible_feed_link(client, n17):
    html = client.get(n17.url).content.decode()
    assert re.search(rf'<a href="http://testserver/da/foelg/{n17.pk}/atom/"[^>]*>Atom-feed', html)


def test_the_search_page_advertises_the_feed_of_its_query_and_filters(client, n17):
    html = client.get(f"/da/search/?q=vækstforum&body={n17.pk}&sort=date").content.decode()
    link_tag = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert link_tag.group(1) == f"http://testserver/da/foelg/soeg/atom/?q=v%C3%A6kstforum&amp;body={n17.pk}"


def test_a_body_feed_is_valid_atom(client, n17):
    publish_meeting(n17)
    parsed = feed(client, f"/da/foelg/{n17.pk}/atom/")
    assert parsed.bozo == 0 and parsed.version == "atom10"


def test_a_body_feed_lists_agendas_minutes_and_memos(client, n17, archive):
    publish_meeting(n17, title="Møde med dagsorden")
    past = factories.meeting(
        n17, items=1, start=timezone.now() - dt.timedelta(days=3), title="Afholdt møde", minutes="<p>Referat.</p>"
    )
    memo = factories.memo(archive, title="Notat om turisme", publish=False)
    memo.related_organisations.add(n17)
    memo.save_revision().publish()
    titles = {e.title for e in feed(client, f"/da/foelg/{n17.pk}/atom/").entries}
    assert titles == {"Dagsorden: Møde med dagsorden", f"Referat: {past.title}", "Notat: Notat om turisme"}


def test_feed_entries_link_to_their_pages_at_the_portal_address(client, n17):
    meeting = publish_meeting(n17)
    entry = feed(client, f"/da/foelg/{n17.pk}/atom/").entries[0]
    assert entry.link == "http://testserver" + meeting.url
    assert client.get(entry.link.removeprefix("http://testserver")).status_code == 200


def test_a_body_feed_leaves_out_members_only_scheduled_and_draft_meetings(client, n17):
    publish_meeting(n17, title="Åbent møde")
    closed = publish_meeting(n17, title="Lukket møde zqxmedlem")
    restriction = PageViewRestriction.objects.create(page=closed, restriction_type="groups")
    restriction.groups.add(OrganisationRoles.for_page(n17).members)
    scheduled = publish_meeting(n17, title="Planlagt zqxsenere", publish=False)
    scheduled.go_live_at = timezone.now() + dt.timedelta(days=2)
    scheduled.save_revision().publish()
    draft = publish_meeting(n17, title="Kladde zqxkladde", publish=False)
    draft.save_revision()
    body = client.get(f"/da/foelg/{n17.pk}/atom/").content.decode()
    assert "Åbent møde" in body
    assert "zqx" not in body


def test_a_members_only_body_has_no_feed(client, n17):
    PageViewRestriction.objects.create(page=n17, restriction_type="login")
    assert client.get(f"/da/foelg/{n17.pk}/atom/").status_code == 404


def test_a_memo_archive_feed_lists_its_memos(client, archive):
    factories.memo(archive, title="Notat om vækstforum")
    entries = feed(client, f"/da/foelg/{archive.pk}/atom/").entries
    assert [e.title for e in entries] == ["Notat: Notat om vækstforum"]


def test_an_english_feed_speaks_english(client, n17):
    english = Locale.objects.get_or_create(language_code="en")[0]
    translate_page(factories.home_page(), {"title": "Front page", "slug": "home"}, english)
    n17_en, _ = translate_page(n17, {"title": "Municipal business network", "slug": "n17-en"}, english)
    parsed = feed(client, f"/en/foelg/{n17_en.pk}/atom/")
    assert parsed.bozo == 0
    assert parsed.feed.title == "N17 – agendas, minutes and memos"


def test_a_search_feed_lists_what_the_search_finds_newest_first(client, archive):
    older = factories.memo(archive, title="Vækstforum i 2008", body="<p>Om vækstforum.</p>")
    newer = factories.memo(archive, title="Vækstforum i 2009", body="<p>Om vækstforum igen.</p>")
    factories.memo(archive, title="Turisme", body="<p>Om kysten.</p>")
    parsed = feed(client, "/da/foelg/soeg/atom/?q=vækstforum")
    assert parsed.bozo == 0
    assert [e.link for e in parsed.entries] == ["http://testserver" + newer.url, "http://testserver" + older.url]


def test_a_search_feed_keeps_the_filters(client, archive, n17):
    factories.memo(archive, title="Vækstforum og turisme", body="<p>Vækstforum.</p>")
    factories.meeting(n17, items=1, title="Vækstforum i N17")
    parsed = feed(client, "/da/foelg/soeg/atom/?q=vækstforum&type=memo")
    assert [e.title for e in parsed.entries] == ["Notat: Vækstforum og turisme"]


def test_a_search_feed_without_words_is_a_bad_request(client):
    assert client.get("/da/foelg/soeg/atom/?q=").status_code == 400


def test_a_search_feed_with_a_bad_filter_is_a_bad_request(client):
    assert client.get("/da/foelg/soeg/atom/?q=vækstforum&year=abc").status_code == 400


# -- subscribing -----------------------------------------------------------------------------------------------------


def test_a_body_page_has_the_follow_form(client, n17):
    html = client.get(n17.url).content.decode()
    assert re.search(r'<form class="follow-form" action="/da/foelg/" method="post" novalidate>', html)
    assert f'<input type="hidden" name="side" value="{n17.pk}">' in html


def test_following_asks_the_visitor_to_check_their_e_mail(subscribe, n17):
    response = subscribe(n17)
    assert response.status_code == 200
    assert "Tjek din e-mail" in response.content.decode()


def test_following_sends_a_confirmation_e_mail(subscribe, n17, mailoutbox):
    subscribe(n17)
    [message] = to(mailoutbox)
    assert "/da/foelg/bekraeft/" in message.body


def test_every_e_mail_carries_a_list_unsubscribe_header(subscribe, n17, mailoutbox):
    subscribe(n17)
    [message] = to(mailoutbox)
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/da/foelg/afmeld/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_for_new_items_before_confirmation(
    subscribe, n17, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe(n17)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    assert to(mailoutbox) == []


def test_a_confirmed_subscriber_gets_an_e_mail_for_a_new_agenda(
    confirmed, n17, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = publish_meeting(n17, title="Møde om turisme")
    [message] = to(mailoutbox)
    assert message.subject == "Dagsorden: Møde om turisme (N17)"
    assert "http://testserver" + meeting.url in message.body


def test_an_alert_carries_a_one_click_unsubscribe_link(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    [message] = to(mailoutbox)
    assert link(message, "afmeld") in message.extra_headers["List-Unsubscribe"]


def test_an_english_subscriber_gets_english_e_mail(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17, title="Møde om turisme")
    [message] = to(mailoutbox)
    assert message.subject == "Agenda: Møde om turisme (N17)"


def test_republishing_an_agenda_sends_no_second_alert(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = publish_meeting(n17)
        meeting.save_revision().publish()
    assert len(to(mailoutbox)) == 1


def test_an_invalid_address_is_a_form_error(subscribe, n17):
    response = subscribe(n17, email="ikke-en-adresse")
    assert response.status_code == 400
    assert "Skriv en hel e-mailadresse" in response.content.decode()


def test_a_page_that_lists_nothing_cannot_be_followed(subscribe, n17):
    meeting = publish_meeting(n17)
    assert subscribe(meeting).status_code == 400


def test_a_members_only_body_cannot_be_followed(subscribe, n17):
    PageViewRestriction.objects.create(page=n17, restriction_type="login")
    assert subscribe(n17).status_code == 400


def test_a_search_without_words_cannot_be_followed(subscribe):
    assert subscribe({"q": ""}).status_code == 400


def test_a_tampered_confirmation_link_is_a_bad_request(client, subscribe, n17, mailoutbox):
    subscribe(n17)
    url = link(to(mailoutbox)[0], "bekraeft")
    response = client.get(url[:-6] + "xxxxx/")
    assert response.status_code == 400
    assert not Subscription.objects.get().is_confirmed


def test_an_expired_confirmation_link_says_so(client, subscribe, n17, mailoutbox):
    subscribe(n17)
    url = link(to(mailoutbox)[0], "bekraeft")
    with mock.patch("django.core.signing.time.time", return_value=timezone.now().timestamp() + 8 * 86400):
        response = client.get(url)
    assert response.status_code == 400
    assert "Linket er udløbet" in response.content.decode()


def test_the_confirmation_e_mail_is_not_sent_twice_in_a_row(subscribe, n17, mailoutbox):
    subscribe(n17)
    subscribe(n17)
    assert len(to(mailoutbox)) == 1


# -- unsubscribing and deleting --------------------------------------------------------------------------------------


def test_the_unsubscribe_link_deletes_the_subscription(
    client, confirmed, n17, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    response = client.get(link(to(mailoutbox)[0], "afmeld"))
    assert response.status_code == 200
    assert not Subscription.objects.filter(email=SUBSCRIBER).exists()


def test_a_mail_program_unsubscribes_with_one_post(
    client, confirmed, n17, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    url = to(mailoutbox)[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_no_e_mail_after_unsubscribing(client, confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    client.get(link(to(mailoutbox)[0], "afmeld"))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17, title="Næste møde")
    assert to(mailoutbox) == []


def test_a_tampered_unsubscribe_link_is_a_bad_request(client):
    assert client.get("/da/foelg/afmeld/eyJpZCI6MX0:forkert/").status_code == 400


def test_the_manage_page_lists_the_subscriptions_of_the_address(client, confirmed, n17, archive):
    confirmed(n17)
    confirmed({"q": "vækstforum"})
    html = client.get(f"/da/foelg/mine/{make_manage(SUBSCRIBER)}/").content.decode()
    assert "N17" in html and "Søgning efter “vækstforum”" in html


def test_deleting_everything_deletes_subscriptions_and_waiting_alerts(client, confirmed, n17):
    subscription = confirmed(n17, frequency="daily")
    publish_meeting(n17)
    Alert.objects.create(subscription=subscription, page=publish_meeting(n17, title="Andet møde"), kind="agenda")
    response = client.post(f"/da/foelg/mine/{make_manage(SUBSCRIBER)}/", {"delete": "all"})
    assert response.status_code == 200
    assert (Subscription.objects.count(), Alert.objects.count()) == (0, 0)


def test_deleting_one_subscription_keeps_the_others(client, confirmed, n17):
    first = confirmed(n17)
    confirmed({"q": "vækstforum"})
    client.post(f"/da/foelg/mine/{make_manage(SUBSCRIBER)}/", {"delete": first.pk})
    assert list(Subscription.objects.values_list("search", flat=True)) == [{"q": ["vækstforum"]}]


def test_deleting_another_addresss_subscription_is_refused(client, confirmed, n17):
    other = confirmed(n17, email="anden@example.dk")
    response = client.post(f"/da/foelg/mine/{make_manage(SUBSCRIBER)}/", {"delete": other.pk})
    assert response.status_code == 400
    assert Subscription.objects.filter(pk=other.pk).exists()


# -- only public content is ever sent --------------------------------------------------------------------------------


def test_a_members_only_meeting_is_never_mailed(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    meeting = publish_meeting(n17, title="Lukket møde", publish=False)
    restriction = PageViewRestriction.objects.create(page=meeting, restriction_type="groups")
    restriction.groups.add(OrganisationRoles.for_page(n17).members)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    assert to(mailoutbox) == []


def test_a_scheduled_agenda_is_not_mailed_when_approved(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    meeting = publish_meeting(n17, title="Senere møde", publish=False)
    meeting.go_live_at = timezone.now() + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    assert to(mailoutbox) == []


def test_a_scheduled_agenda_is_mailed_when_it_goes_live(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    meeting = publish_meeting(n17, title="Senere møde", publish=False)
    meeting.go_live_at = timezone.now() + dt.timedelta(days=2)
    meeting.save_revision().publish()
    later = timezone.now() + dt.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later), django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert [m.subject for m in to(mailoutbox)] == ["Dagsorden: Senere møde (N17)"]


def test_a_draft_is_never_mailed(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = publish_meeting(n17, title="Kladde", publish=False)
        meeting.save_revision()
    assert to(mailoutbox) == []


def test_an_alert_for_a_page_unpublished_before_sending_is_dropped(confirmed, n17, mailoutbox):
    subscription = confirmed(n17, frequency="daily")
    meeting = publish_meeting(n17, title="Trukket tilbage")
    Alert.objects.get_or_create(subscription=subscription, page=meeting, kind="agenda")
    meeting.unpublish()
    call_command("send_alert_digests", stdout=io.StringIO())
    assert to(mailoutbox) == []


def test_a_meeting_without_an_agenda_is_not_mailed(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17, items=0)
    assert to(mailoutbox) == []


# -- searches --------------------------------------------------------------------------------------------------------


def test_a_followed_search_mails_a_new_memo_it_finds(
    confirmed, archive, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed({"q": "vækstforum"})
    with django_capture_on_commit_callbacks(execute=True):
        factories.memo(archive, title="Om vækstforum", body="<p>Vækstforum.</p>")
    assert [m.subject for m in to(mailoutbox)] == ["Notat: Om vækstforum"]


def test_a_followed_search_does_not_mail_what_it_does_not_find(
    confirmed, archive, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed({"q": "vækstforum"})
    with django_capture_on_commit_callbacks(execute=True):
        factories.memo(archive, title="Om turisme", body="<p>Kysten.</p>")
    assert to(mailoutbox) == []


# -- the daily digest and a failing mail server ----------------------------------------------------------------------


def test_a_daily_subscriber_gets_no_immediate_e_mail(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17, frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    assert to(mailoutbox) == []


def test_the_digest_gathers_the_day_in_one_e_mail(
    confirmed, n17, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    confirmed(n17, frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        first = publish_meeting(n17, title="Første møde")
        second = publish_meeting(n17, title="Andet møde")
    call_command("send_alert_digests")
    [message] = to(mailoutbox)
    assert message.subject == "2 nye: N17"
    assert "http://testserver" + first.url in message.body and "http://testserver" + second.url in message.body


def test_the_digest_command_reports_its_progress(confirmed, n17, django_capture_on_commit_callbacks, capsys):
    confirmed(n17, frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    call_command("send_alert_digests")
    assert f"1/1 {SUBSCRIBER}: 1 items, sent" in capsys.readouterr().out


def test_a_digest_is_sent_once(confirmed, n17, mailoutbox, django_capture_on_commit_callbacks):
    confirmed(n17, frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    call_command("send_alert_digests", stdout=io.StringIO())
    call_command("send_alert_digests", stdout=io.StringIO())
    assert len(to(mailoutbox)) == 1


def test_a_failing_mail_server_keeps_the_alert(confirmed, n17, settings, django_capture_on_commit_callbacks):
    confirmed(n17)
    settings.EMAIL_BACKEND = "tests.test_following.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(n17)
    alert = Alert.objects.get()
    assert (alert.sent_at, alert.attempts) == (None, 1)


def test_an_alert_held_back_by_the_mail_server_is_sent_on_the_next_run(
    confirmed, n17, settings, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(n17)
    settings.EMAIL_BACKEND = "tests.test_following.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        meeting = publish_meeting(n17)
    with pytest.raises(CommandError):
        call_command("send_alert_digests", "--retry-only", stdout=io.StringIO())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_alert_digests", "--retry-only", stdout=io.StringIO())
    [message] = to(mailoutbox)
    assert "http://testserver" + meeting.url in message.body


def test_a_confirmation_held_back_by_the_mail_server_is_sent_later(subscribe, n17, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.test_following.BrokenBackend"
    assert subscribe(n17).status_code == 200
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_alert_digests", "--retry-only", stdout=io.StringIO())
    assert "/da/foelg/bekraeft/" in to(mailoutbox)[0].body


def test_the_admin_lists_subscriptions_for_staff(admin_client, confirmed, n17):
    confirmed(n17)
    html = admin_client.get("/admin/snippets/following/subscription/").content.decode()
    assert SUBSCRIBER in html


def test_a_subscription_never_confirmed_is_deleted_once_its_link_has_expired(subscribe, n17):
    subscribe(n17)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(days=8)):
        call_command("send_alert_digests", stdout=io.StringIO())
    assert not Subscription.objects.exists()


def test_the_home_page_feed_lists_the_public_agendas_and_memos_of_the_whole_portal(client, n17, archive):
    publish_meeting(n17, title="Møde i N17")
    factories.memo(archive, title="Notat om vækstforum")
    parsed = feed(client, f"/da/foelg/{factories.home_page().pk}/atom/")
    assert parsed.bozo == 0
    assert {e.title for e in parsed.entries} == {"Dagsorden: Møde i N17", "Notat: Notat om vækstforum"}


def test_a_bodys_meeting_archive_advertises_the_bodys_feed(client, n17):
    html = client.get(n17.url + "meetings/").content.decode()
    assert (
        f'type="application/atom+xml" title="N17 – dagsordener, referater og notater" href="http://testserver/da/foelg/{n17.pk}/atom/"'
        in html
    )


def test_minutes_published_after_the_agenda_are_a_second_alert(
    confirmed, n17, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(n17)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = publish_meeting(n17, title="Afholdt møde", start=timezone.now() - dt.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        meeting.minutes = "<p>Referat af mødet.</p>"
        meeting.save_revision().publish()
    assert [m.subject for m in to(mailoutbox)] == ["Dagsorden: Afholdt møde (N17)", "Referat: Afholdt møde (N17)"]
