"""Anonymous pages are served from the cache, show every change at once, and nothing personal is ever stored."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from pages.models import FocusArea, MeetingPage, Municipality
from portal.cache import bump_generation
from tests import factories as f


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Switches the anonymous page cache on, starting from an empty generation."""
    settings.PORTAL_PAGE_CACHE = True
    bump_generation()


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def text(response):
    return response.content.decode()


def republish(page, **changes):
    """Saves a new revision with ``changes`` and publishes it, as an editor would."""
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@pytest.fixture
def body():
    return f.body(title="Kommunalt erhvervsnetværk", short_name="N17")


@pytest.mark.django_db
def test_second_anonymous_request_is_served_from_the_cache_without_any_query(client, body):
    first = get(client, body.url)
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, body.url)
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content
    assert "Kommunalt erhvervsnetværk" in text(second)


@pytest.mark.django_db
def test_head_request_is_answered_from_the_cache(client, body):
    get(client, body.url)
    response = client.head(body.url)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


@pytest.mark.django_db
def test_publishing_a_change_shows_at_once(client, body):
    home = f.home_page()
    get(client, body.url), get(client, home.url)
    republish(body, title="Erhvervsnetværket N17")
    assert "Erhvervsnetværket N17" in text(get(client, body.url))
    assert get(client, body.url)["X-Cache"] == "HIT"


@pytest.mark.django_db
def test_unpublishing_a_meeting_removes_it_from_the_cached_body_page(client, body):
    meeting = f.meeting(body, title="Møde om turisme", start=timezone.now() + dt.timedelta(days=3))
    assert "Møde om turisme" in text(get(client, body.url))
    assert get(client, meeting.url).status_code == 200
    meeting.unpublish()
    assert "Møde om turisme" not in text(get(client, body.url))
    assert client.get(meeting.url).status_code == 404


@pytest.mark.django_db
def test_moving_a_page_shows_on_both_cached_parents(client):
    old_parent, new_parent = f.body(title="KKR Sjælland"), f.body(title="K17")
    group = f.working_group(old_parent, title="Energi og Klima")
    assert "Energi og Klima" in text(get(client, old_parent.url))
    assert "Energi og Klima" not in text(get(client, new_parent.url))
    group.move(new_parent, pos="last-child")
    assert "Energi og Klima" not in text(get(client, old_parent.url))
    assert "Energi og Klima" in text(get(client, new_parent.url))


@pytest.mark.django_db
def test_deleting_a_page_removes_it_from_the_cached_parent(client, body):
    group = f.working_group(body, title="Transport og logistik")
    group_url = group.url
    assert "Transport og logistik" in text(get(client, body.url))
    get(client, group_url)
    Page.objects.get(pk=group.pk).delete()
    assert "Transport og logistik" not in text(get(client, body.url))
    assert client.get(group_url).status_code == 404


@pytest.mark.django_db
def test_snippet_changes_show_at_once(client, body):
    person = f.person(name="Henning Jensen", municipality_name="Næstved")
    membership = f.membership(person, body)
    page = text(get(client, body.url))
    assert "Henning Jensen" in page and "Næstved" in page

    assert get(client, body.url)["X-Cache"] == "HIT"  # nothing changed yet

    person.name = "Henning Jensen Hansen"
    person.save()
    assert "Henning Jensen Hansen" in text(get(client, body.url))

    municipality = Municipality.objects.get(name="Næstved")
    municipality.name = "Næstved Kommune"
    municipality.save()
    assert "Næstved Kommune" in text(get(client, body.url))

    membership.delete()
    assert "Henning Jensen Hansen" not in text(get(client, body.url))


@pytest.mark.django_db
def test_focus_area_change_makes_cached_pages_render_afresh(client, body):
    get(client, body.url)
    assert get(client, body.url)["X-Cache"] == "HIT"
    FocusArea.objects.create(name="Turisme", locale=Locale.objects.get(language_code="da"))
    assert get(client, body.url)["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_scheduled_page_going_live_shows_at_once(client, body):
    meeting = f.meeting(body, title="Planlagt møde", start=timezone.now() + dt.timedelta(days=5), publish=False)
    assert "Planlagt møde" not in text(get(client, body.url))
    revision = meeting.save_revision()
    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=1)
    revision.save()
    assert "Planlagt møde" not in text(get(client, body.url))
    call_command("publish_scheduled", verbosity=0)
    assert MeetingPage.objects.get(pk=meeting.pk).live
    assert "Planlagt møde" in text(get(client, body.url))


@pytest.mark.django_db
def test_translation_sync_shows_at_once_on_the_english_page(client, django_capture_on_commit_callbacks):
    from wagtail_localize.models import TranslationSource

    english = Locale.objects.get(language_code="en")
    home = f.home_page()
    with django_capture_on_commit_callbacks(execute=True):
        source, _ = TranslationSource.get_or_create_from_instance(home)
        source.create_or_update_translation(english, fallback=True)
    translated = home.get_translation(english)
    assert translated.url == "/en/"
    assert "<title>Forside" in text(get(client, "/en/"))
    assert get(client, "/en/")["X-Cache"] == "HIT"

    republish(home, title="Mødeportalen")
    with django_capture_on_commit_callbacks(execute=True):
        source, _ = TranslationSource.update_or_create_from_instance(home.specific)
        source.create_or_update_translation(english, fallback=True)
    assert "<title>Mødeportalen" in text(get(client, "/en/"))


@pytest.mark.django_db
def test_pages_answer_conditional_requests_with_304(client, body):
    first = get(client, body.url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    assert client.get(body.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(body.url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    republish(body, title="Nyt navn")
    changed = client.get(body.url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Nyt navn" in text(changed)


@pytest.mark.django_db
def test_signed_in_editor_always_gets_a_fresh_private_page(client, body):
    get(client, body.url)
    # A change that bypasses Wagtail (and so the invalidation): anonymous visitors still get the stored copy.
    Page.objects.filter(pk=body.pk).update(title="Direkte ændret")
    assert "Direkte ændret" not in text(get(client, body.url))

    editor = get_user_model().objects.create_superuser("redaktoer", "r@example.dk", "hemmelig-kode-123")
    client.force_login(editor)
    response = get(client, body.url)
    assert "Direkte ændret" in text(response)
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_signed_in_users_page_is_never_served_to_anonymous_visitors(client, body):
    editor = get_user_model().objects.create_superuser("redaktoer", "r@example.dk", "hemmelig-kode-123")
    client.force_login(editor)
    signed_in = text(get(client, body.url))
    assert "/admin/" in signed_in  # the Wagtail user bar, only for editors
    client.logout()
    client.cookies.clear()
    anonymous = get(client, body.url)
    assert anonymous["X-Cache"] == "MISS"
    assert "/admin/" not in text(anonymous)


@pytest.mark.django_db
def test_responses_that_set_cookies_are_never_stored(client, body):
    secret = f.working_group(body, title="Lukket gruppe")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.PASSWORD, password="kode")
    for _ in range(2):
        response = client.get(secret.url)
        assert response.status_code == 200  # the password form, which sets the CSRF cookie
        assert response.cookies
        assert response.get("X-Cache") != "HIT"
        assert "password" in text(response).lower()


@pytest.mark.django_db
def test_members_only_page_is_never_cached_publicly(client, body):
    members = Group.objects.create(name="Medlemmer")
    secret = f.working_group(body, title="Fortroligt udvalg")
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(members)
    member = get_user_model().objects.create_user("medlem", "m@example.dk", "hemmelig-kode-123")
    member.groups.add(members)

    client.force_login(member)
    assert "Fortroligt udvalg" in text(get(client, secret.url))
    client.logout()
    client.cookies.clear()
    anonymous = client.get(secret.url)
    assert anonymous.status_code == 302  # to the login page, never the stored members' copy
    assert "Fortroligt udvalg" not in anonymous.content.decode()


@pytest.mark.django_db
def test_the_english_copy_of_a_members_only_page_is_not_stored_for_the_public(client, body, settings):
    """A member's view of the English copy of a members-only page never reaches the public from the cache, even when
    the member's request carries no cookie the cache counts as personal."""
    settings.PORTAL_CACHE_PERSONAL_COOKIES = ("messages",)  # the session cookie no longer marks a request personal
    members = Group.objects.create(name="Medlemmer")
    secret = f.working_group(body, title="Fortroligt udvalg")
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(members)
    english = secret.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True, alias=True)
    member = get_user_model().objects.create_user("medlem", "m@example.dk", "hemmelig-kode-123")
    member.groups.add(members)

    client.force_login(member)
    assert "Fortroligt udvalg" in text(get(client, english.url))
    client.logout()
    client.cookies.clear()
    anonymous = client.get(english.url)
    assert anonymous.status_code == 302
    assert "Fortroligt udvalg" not in anonymous.content.decode()


@pytest.mark.django_db
def test_private_calendar_feed_is_never_stored(client, body):
    from pages.models import CalendarToken

    f.meeting(body, title="Medlemsmøde")
    member = get_user_model().objects.create_user("medlem", "m@example.dk", "hemmelig-kode-123")
    token = CalendarToken.objects.create(user=member)
    url = reverse("calendars:private", kwargs={"key": token.key})
    first = client.get(url)
    assert first.status_code == 200
    assert "private" in first["Cache-Control"]
    second = client.get(url)
    assert second.status_code == 200
    assert second.get("X-Cache") != "HIT"


@pytest.mark.django_db
def test_public_calendar_feed_keeps_its_own_validators_and_shows_changes_at_once(client, body):
    f.meeting(body, title="Åbent møde")
    url = reverse("calendars:all")
    first = get(client, url)
    assert b"BEGIN:VCALENDAR" in first.content
    assert "Åbent møde" in text(first)
    # The feed computes its own ETag; the page cache passes it through, so calendar programs get 304s.
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    f.meeting(body, title="Nyt møde", start=timezone.now() + dt.timedelta(days=9))
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Nyt møde" in text(changed)


@pytest.mark.django_db
def test_search_results_are_cached_and_invalidated(client, body):
    f.meeting(body, title="Turismemøde", start=timezone.now() + dt.timedelta(days=2))
    url = "/da/search/?q=turisme"
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url)["X-Cache"] == "HIT"
    f.meeting(body, title="Turisme og oplevelser", start=timezone.now() + dt.timedelta(days=4))
    assert client.get(url)["X-Cache"] == "MISS"
