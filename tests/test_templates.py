"""The public pages render in Danish, with Danish dates, and never show a closed agenda item to the public."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.utils import translation

from pages.models import Attendance, Membership, MemoPage, StandardPage
from tests import factories as f

pytestmark = pytest.mark.django_db


def get(client, page_or_url, status=200, **params):
    url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def n17():
    return f.body(title="Kommunalt erhvervsnetværk", short_name="N17", summary="Netværk af alle 17 kommuner.")


@pytest.fixture
def january_meeting(n17):
    """The N17 meeting of 19 January 2009 at 14.00, with item 3 closed and holding a confidential file."""
    meeting = f.meeting(n17, start=f.copenhagen(2009, 1, 19, 14), items=3, closed=(3,), title="N17-møde januar 2009")
    public_doc = f.document(title="Vækstforums handlingsplan", filename="handlingsplan.txt")
    secret_doc = f.document(title="Virksomhedens regnskab", filename="regnskab-fortroligt.txt")
    items = list(meeting.agenda_items.all())
    items[0].attachments = f.attachment(public_doc)
    items[0].decision = "<p>Orienteringen blev taget til efterretning.</p>"
    items[2].title = "Ansøgning fra Firma Hemmelig ApS om medfinansiering"
    items[2].description = "<p>Firmaets omsætning er fortrolig.</p>"
    items[2].attachments = f.attachment(secret_doc)
    for item in items:
        item.save()
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    return meeting, public_doc, secret_doc


def test_home_page_in_danish_lists_bodies_meetings_and_memos(client, n17):
    upcoming = f.meeting(n17, title="Kommende N17-møde")
    archive = f.memo_archive()
    f.memo(archive, title="Kommunernes organisering")
    html = get(client, f.home_page())
    assert '<html lang="da">' in html
    assert "Fælleskommunal mødeportal – Region Sjælland" in html
    assert "Kommende møder" in html and "Seneste notater" in html
    assert upcoming.title in html and "Kommunalt erhvervsnetværk" in html  # the owning body is named
    assert "Kommunernes organisering" in html and "19. januar 2009" in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert html.count("<h1") == 1


def test_empty_home_page_says_so(client):
    html = get(client, f.home_page())
    assert "Ingen kommende møder." in html
    assert "Der er endnu ikke offentliggjort nogen notater." in html


def test_body_page_shows_members_meetings_and_empty_sections(client, n17):
    chair = f.person("Henning Jensen", party="S")
    f.membership(chair, n17, role=Membership.Role.CHAIR)
    f.membership(f.person("Lis Tribler", municipality_name="Slagelse"), n17, end_date=dt.date(2009, 12, 31))
    f.meeting(n17, start=f.copenhagen(2009, 1, 19, 14), title="N17-møde januar 2009")
    f.working_group(n17, title="Energi og Klima")
    html = get(client, n17)
    assert "<h1>Kommunalt erhvervsnetværk</h1>" in html
    assert "Medlemmer" in html and "Henning Jensen (S)" in html and "Formand" in html
    assert "Tidligere medlemmer" in html and "Lis Tribler" in html
    assert "Ingen kommende møder." in html
    assert "19. januar 2009 kl. 14.00–16.00" in html
    assert "Arbejdsgrupper" in html and "Energi og Klima" in html
    assert "Ingen notater." in html
    assert f'href="{n17.url}meetings/"' in html
    # Breadcrumbs run from the front page down.
    assert 'aria-label="Du er her"' in html and "Forside" in html


def test_body_without_members_says_so(client, n17):
    html = get(client, n17)
    assert "Der er ikke registreret nogen medlemmer." in html
    assert "har endnu ingen offentliggjorte møder." in html


def test_working_group_and_consortium_pages_render_in_danish(client, n17):
    group = f.working_group(n17, title="Energi og Klima", field="Energi", start_date=dt.date(2008, 3, 1))
    html = get(client, group)
    assert "Arbejdsgruppe" in html and "Aktiv" in html and "1. marts 2008" in html
    closed_group = f.working_group(n17, title="Sundhed", start_date=dt.date(2008, 3, 1), end_date=dt.date(2010, 1, 1))
    assert "Nedlagt den 1. januar 2010" in get(client, closed_group)

    kkr = f.body(title="KKR Sjælland", short_name="KKR")
    consortium = f.consortium(kkr, title="Turismekonsortiet", lead_municipality=f.municipality("Sorø", 340))
    consortium.participating_municipalities.add(f.municipality("Holbæk", None))
    consortium.save_revision().publish()
    html = get(client, consortium)
    assert "Konsortium" in html and "Tema" in html and "Turisme" in html
    assert "Deltagende kommuner" in html and "Holbæk" in html and "Tovholderkommune" in html


def test_meeting_page_in_danish_with_numbered_agenda_and_attendance(client, january_meeting):
    meeting, public_doc, _secret = january_meeting
    Attendance.objects.create(meeting=meeting, person=f.person("Henning Jensen"), status="excused")
    html = get(client, meeting)
    assert "19. januar 2009 kl. 14.00–16.00" in html
    assert "Dagsorden" in html and "Indstilling" in html and "Beslutning" in html
    assert 'badge--minutes">Referat godkendt<' in html  # a past meeting with a decision
    assert 'id="punkt-1"' in html and 'id="punkt-2"' in html and 'id="punkt-3"' in html
    assert public_doc.url in html and "Vækstforums handlingsplan" in html
    assert "Fremmøde" in html and "Henning Jensen (S)" in html and "Meldt afbud" in html
    assert '<th scope="col">' in html and '<caption id="attendance-caption">' in html


def test_closed_item_is_masked_for_the_public(client, january_meeting):
    meeting, _public, secret_doc = january_meeting
    html = get(client, meeting)
    assert "Lukket punkt" in html
    assert "Firma Hemmelig" not in html
    assert "fortrolig" not in html
    assert secret_doc.url not in html and "Virksomhedens regnskab" not in html
    assert "Forvaltningslovens § 30" not in html


def test_closed_item_with_public_decision_shows_only_title_and_decision(client, january_meeting):
    meeting, _public, secret_doc = january_meeting
    item = list(meeting.agenda_items.all())[2]
    item.publish_title_and_decision = True
    item.decision = "<p>Ansøgningen blev imødekommet.</p>"
    item.save()
    html = get(client, meeting)
    assert "Ansøgning fra Firma Hemmelig ApS om medfinansiering" in html
    assert "Ansøgningen blev imødekommet." in html
    assert "Firmaets omsætning er fortrolig." not in html
    assert secret_doc.url not in html and "Virksomhedens regnskab" not in html
    assert "kun titel og beslutning er offentlige" in html


def test_closed_item_is_shown_to_a_superuser(client, january_meeting):
    meeting, _public, secret_doc = january_meeting
    client.force_login(User.objects.create_superuser("redaktoer", "r@example.org", "x"))
    html = get(client, meeting)
    assert "Ansøgning fra Firma Hemmelig ApS om medfinansiering" in html
    assert "Firmaets omsætning er fortrolig." in html
    assert secret_doc.url in html
    assert "Forvaltningslovens § 30" in html


def test_cancelled_meeting_shows_banner_and_reason(client, n17):
    meeting = f.meeting(n17, cancelled=True, cancellation_reason="Der er ingen sager til behandling.")
    html = get(client, meeting)
    assert "Mødet er aflyst." in html and "Der er ingen sager til behandling." in html
    assert "badge--cancelled" in html and "Aflyst" in html
    assert "Dagsordenen er endnu ikke offentliggjort." not in html


def test_meeting_archive_filters_by_year_and_pages(client, n17):
    for i in range(22):
        f.meeting(n17, start=f.copenhagen(2009, 1 + i % 12, 1 + i // 12, 10), title=f"Møde nummer {i + 1:02d}")
    f.meeting(n17, start=f.copenhagen(2010, 3, 4, 10), title="Møde i 2010")
    url = f"{n17.url}meetings/"
    html = get(client, url)
    assert "23 møder" in html and "Side 1 af 2" in html and 'rel="next"' in html
    html = get(client, url, year="2010")
    assert "Møde i 2010" in html and "Møde nummer 01" not in html and 'aria-current="page">2010<' in html
    html = get(client, url, page="2")
    assert 'rel="prev"' in html and "Side 2 af 2" in html
    # A nonsense year or page is not an error.
    assert "23 møder" in get(client, url, year="abc", page="x")


def test_memo_page_shows_journal_metadata(client, n17, january_meeting):
    meeting, public_doc, _secret = january_meeting
    archive = f.memo_archive()
    memo = f.memo(archive)
    memo.related_organisations.add(n17)
    memo.related_meetings.add(meeting)
    memo.attachments = f.attachment(public_doc)
    memo.topics.add("vækstforum")
    memo.save_revision().publish()
    html = get(client, MemoPage.objects.get(pk=memo.pk))
    assert "<dt>Jnr</dt><dd>04.00.00 P16</dd>" in html
    assert "<dt>Sagsid</dt><dd>000198683</dd>" in html
    assert "<dt>Ref</dt><dd>MEN</dd>" in html
    assert "19. januar 2009" in html and "Notat" in html
    assert public_doc.url in html and n17.title in html and meeting.title in html and "vækstforum" in html


def test_memo_without_attachments_says_so(client):
    memo = f.memo(f.memo_archive())
    assert "Ingen bilag." in get(client, memo)


def test_memo_archive_lists_memos_by_year(client):
    archive = f.memo_archive()
    f.memo(archive, title="Notat fra 2009")
    f.memo(archive, title="Notat fra 2010", date=dt.date(2010, 5, 1))
    html = get(client, archive)
    assert "Notat fra 2009" in html and "Notat fra 2010" in html and "2 notater" in html
    html = get(client, archive, year="2010")
    assert "Notat fra 2010" in html and "Notat fra 2009" not in html


def test_empty_memo_archive_says_so(client):
    assert "Der er endnu ikke offentliggjort nogen notater." in get(client, f.memo_archive())


def test_standard_page_renders(client):
    page = f.add_page(f.home_page(), StandardPage(title="Om portalen", slug="om", body="<p>Tilgængelighed.</p>"))
    html = get(client, page)
    assert "<h1>Om portalen</h1>" in html and "Tilgængelighed." in html


def test_unpublished_body_is_not_in_the_menu(client, n17):
    f.body(title="Hemmeligt udvalg", publish=False)
    html = get(client, f.home_page())
    assert "N17" in html and "Hemmeligt udvalg" not in html


def test_missing_page_is_a_friendly_404(client):
    f.home_page()
    html = get(client, "/da/findes-ikke/", status=404)
    assert "Siden blev ikke fundet" in html
    assert 'href="/da/"' in html and "Gå til forsiden" in html
    assert "<h1" in html and "<main" in html


def test_date_filters_use_copenhagen_time_in_both_languages():
    template = Template(
        "{% load portal_tags %}{{ start|meeting_datetime }}|{{ start|long_date }}|{% time_range start end %}"
    )
    start = dt.datetime(2009, 1, 19, 13, 0, tzinfo=dt.UTC)  # 14.00 in Copenhagen
    end = dt.datetime(2009, 1, 19, 15, 30, tzinfo=dt.UTC)
    with translation.override("da"):
        assert template.render(Context({"start": start, "end": end})) == (
            "19. januar 2009 kl. 14.00|19. januar 2009|19. januar 2009 kl. 14.00–16.30"
        )
    with translation.override("en"):
        assert template.render(Context({"start": start, "end": end})) == (
            "19 January 2009, 14:00|19 January 2009|19 January 2009, 14:00–16:30"
        )


def test_server_error_page_renders_without_the_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with translation.override("da"), django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert '<html lang="da">' in html and "Der opstod en fejl" in html and 'href="/"' in html


def test_a_long_archive_pages_with_the_first_last_and_nearby_numbers_only():
    from django.core.paginator import Paginator

    from pages.templatetags.portal_tags import page_numbers

    paginator = Paginator(range(20_000), 20)
    assert page_numbers(paginator.page(500)) == [1, None, 498, 499, 500, 501, 502, None, 1000]
    assert page_numbers(paginator.page(1)) == [1, 2, 3, None, 1000]
    assert page_numbers(Paginator(range(60), 20).page(2)) == [1, 2, 3]
