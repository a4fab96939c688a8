"""Full-text search through /da/search/ and /en/search/: Danish analysis, highlighting, facets, paging, privacy."""

import datetime as dt
import re

import pytest
from wagtail.models import Page, PageViewRestriction

from pages.models import FocusArea
from search.analysis import analyzer_for
from search.models import SearchEntry
from tests import factories

pytestmark = pytest.mark.django_db


def titles(response):
    """The result titles on a search page, without highlighting."""
    html = response.content.decode()
    found = re.findall(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a></h2>', html, re.S)
    return [re.sub(r"</?mark>", "", t).strip() for t in found]


def search(client, query="", lang="da", **params):
    return client.get(f"/{lang}/search/", {"q": query, **params})


@pytest.fixture
def archive():
    return factories.memo_archive()


@pytest.fixture
def strategy_memo(archive):
    return factories.memo(
        archive,
        title="Vækstforum og kommunerne",
        body=(
            "<p>Vækstforum Sjælland har fået udarbejdet en erhvervsudviklingsstrategi, som hver kommune "
            "kan identificere sig med. Koordinationsgruppe for erhverv mødes hver måned.</p>"
        ),
    )


# Danish analysis ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["vækstforummets", "kommunerne", "koordinationsgruppen", "strategi", "Erhvervsudviklingsstrategien"],
)
def test_inflected_and_compound_forms_find_the_memo(client, strategy_memo, query):
    response = search(client, query)
    assert response.status_code == 200
    assert titles(response) == ["Vækstforum og kommunerne"]
    assert "<mark>" in response.content.decode()


def test_snippet_marks_the_words_that_matched(client, strategy_memo):
    html = search(client, "strategi").content.decode()
    assert "<mark>erhvervsudviklingsstrategi</mark>" in html
    html = search(client, "kommunerne").content.decode()
    assert "<mark>kommune</mark>" in html


def test_all_words_of_the_query_must_match(client, strategy_memo, archive):
    factories.memo(archive, title="Turisme", body="<p>Turisme i kommunerne.</p>")
    assert titles(search(client, "kommune")) != []
    assert titles(search(client, "kommune strategi")) == ["Vækstforum og kommunerne"]


def test_english_pages_get_english_stemming():
    english = analyzer_for("en")
    assert english.query_expression("meetings") == english.query_expression("meeting")
    assert english.split_compound("businessdevelopmentstrategy") == []
    danish = analyzer_for("da")
    assert "strategi" in danish.index_terms("erhvervsudviklingsstrategi").split()


def test_english_search_does_not_show_danish_pages(client, strategy_memo):
    response = search(client, "kommunerne", lang="en")
    assert response.status_code == 200
    assert titles(response) == []


# Count, paging, sorting ------------------------------------------------------------------------


def test_count_paging_and_sort_by_date(client, archive):
    for number in range(1, 26):
        factories.memo(
            archive,
            title=f"Notat nummer {number}",
            date=dt.date(2009, 1, 1) + dt.timedelta(days=number),
            body="<p>Om arbejdsgruppen for turisme.</p>",
        )
    first = search(client, "arbejdsgruppe", sort="date")
    html = first.content.decode()
    assert "25 results" in html or "25 resultater" in html
    assert len(titles(first)) == 20
    assert titles(first)[0] == "Notat nummer 25"
    second = search(client, "arbejdsgruppe", sort="date", page=2)
    assert second.status_code == 200
    assert titles(second) == [f"Notat nummer {n}" for n in range(5, 0, -1)]
    assert search(client, "arbejdsgruppe", page=3).status_code == 404


def test_very_broad_searches_say_more_than_the_counted_number(client, archive, monkeypatch):
    from search.backends import database

    monkeypatch.setattr(database, "COUNT_CAP", 3)
    for number in range(1, 6):
        factories.memo(
            archive, title=f"Budgetnotat {number}", date=dt.date(2009, 1, number), body="<p>Om budgettet.</p>"
        )
    response = search(client, "budget", sort="date")
    html = response.content.decode()
    assert response.status_code == 200
    assert "More than 3 results" in html or "Flere end 3 resultater" in html
    assert titles(response)[0] == "Budgetnotat 5"
    assert 'class="facet__count"' not in html  # counts of a partial set would mislead
    assert sorted(titles(search(client, "budget"))) == [f"Budgetnotat {n}" for n in range(1, 6)]


def test_over_the_cap_newest_come_first_and_undated_last(client, archive, monkeypatch):
    from search.backends import database

    monkeypatch.setattr(database, "COUNT_CAP", 3)
    factories.body(title="Budgetudvalget", short_name="BU", summary="<p>Om budgettet.</p>")
    for number in range(1, 6):
        factories.memo(
            archive, title=f"Budgetnotat {number}", date=dt.date(2009, 1, number), body="<p>Om budgettet.</p>"
        )
    html = search(client, "budget", sort="date").content.decode()
    assert "More than 3 results" in html or "Flere end 3 resultater" in html
    assert titles(search(client, "budget", sort="date")) == [f"Budgetnotat {n}" for n in range(5, 0, -1)] + [
        "Budgetudvalget"
    ]


def test_a_title_match_ranks_first_even_among_more_matches_than_are_ranked(client, archive, monkeypatch):
    from search import views
    from search.backends import database

    # Pages of two; only the two newest matches and the newest title match are ranked. The old memo named after
    # the word still comes first, ahead of newer memos that merely mention it.
    monkeypatch.setattr(views, "PER_PAGE", 2)
    for name, value in (("COUNT_CAP", 3), ("RANK_CANDIDATES", 2), ("RECENT_CANDIDATES", 2), ("TITLE_CANDIDATES", 1)):
        monkeypatch.setattr(database, name, value)
    factories.memo(archive, title="Havneplanen", date=dt.date(2001, 1, 1), body="<p>Om havnen i Køge.</p>")
    for number in range(1, 6):
        factories.memo(archive, title=f"Notat {number}", date=dt.date(2009, 1, number), body="<p>Et ord om havnen.</p>")
    assert titles(search(client, "havn")) == ["Havneplanen", "Notat 5"]
    assert titles(search(client, "havn", sort="date")) == ["Notat 5", "Notat 4"]


def test_many_pages_of_results_show_the_first_last_and_nearby_page_numbers(client, archive, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    for number in range(1, 21):
        factories.memo(archive, title=f"Sagsnotat {number}", date=dt.date(2009, 1, number), body="<p>Om sagen.</p>")
    html = search(client, "sag", sort="date", page=10).content.decode()
    pager = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    numbers = [int(n) for n in re.findall(r"</span>(\d+)</a>", pager)]
    assert numbers == [1, 8, 9, 10, 11, 12, 20]
    assert pager.count("pagination__gap") == 2
    assert "Page 10 of 20" in pager or "Side 10 af 20" in pager


# Facets ---------------------------------------------------------------------------------------


def test_facets_count_and_narrow(client, archive):
    n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    area = FocusArea.objects.create(name="Turisme og oplevelser", locale_id=archive.locale_id)
    tourism = factories.memo(archive, title="Turismenotat", body="<p>Turisme i regionen.</p>", date=dt.date(2010, 5, 1))
    tourism.focus_areas.add(area)
    tourism.save_revision().publish()
    factories.memo(archive, title="Ældre notat om turisme", body="<p>Turisme.</p>", date=dt.date(2008, 3, 1))
    factories.meeting(n17, title="Møde om turisme", start=factories.copenhagen(2010, 6, 1))

    html = search(client, "turisme").content.decode()
    assert "3 results" in html or "3 resultater" in html
    assert re.search(
        r">Memo</a> <span class=\"facet__count\">\(2\)|>Notat</a> <span class=\"facet__count\">\(2\)", html
    )
    assert "Turisme og oplevelser" in html
    assert '<span class="search-result__body">Kommunalt erhvervsnetværk</span>' in html  # the meeting's body

    assert titles(search(client, "turisme", type="meeting")) == ["Møde om turisme"]
    assert sorted(titles(search(client, "turisme", year="2010"))) == ["Møde om turisme", "Turismenotat"]
    assert titles(search(client, "turisme", focus=str(area.pk))) == ["Turismenotat"]
    assert titles(search(client, "turisme", body=str(n17.pk))) == ["Møde om turisme"]
    assert titles(search(client, "turisme", **{"from": "2009-01-01", "to": "2010-05-31"})) == ["Turismenotat"]


def test_focus_area_facet_counts_each_area_of_a_memo(client, archive):
    tourism = FocusArea.objects.create(name="Turisme og oplevelser", locale_id=archive.locale_id)
    climate = FocusArea.objects.create(name="Klima og energi", locale_id=archive.locale_id)
    both = factories.memo(archive, title="Klimavenlig turisme", body="<p>Cykelturisme langs kysten.</p>")
    both.focus_areas.add(tourism, climate)
    both.save_revision().publish()
    one = factories.memo(archive, title="Cykelruter", body="<p>Cykelturisme i Sorø.</p>")
    one.focus_areas.add(tourism)
    one.save_revision().publish()
    factories.memo(archive, title="Cykelparkering", body="<p>Cykelturisme ved stationen.</p>")

    html = search(client, "cykelturisme").content.decode()
    assert re.search(r">Turisme og oplevelser</a> <span class=\"facet__count\">\(2\)", html)
    assert re.search(r">Klima og energi</a> <span class=\"facet__count\">\(1\)", html)
    narrowed = titles(search(client, "cykelturisme", focus=str(tourism.pk)))
    assert sorted(narrowed) == ["Cykelruter", "Klimavenlig turisme"]
    both.focus_areas.remove(climate)
    both.save_revision().publish()
    assert "Klima og energi" not in search(client, "cykelturisme").content.decode()


# Agenda items and attachments -----------------------------------------------------------------


def test_agenda_item_is_its_own_result_linking_to_its_anchor(client):
    n17 = factories.body()
    meeting = factories.meeting(n17, items=3, start=factories.copenhagen(2009, 3, 4))
    item = meeting.agenda_items.all()[1]
    item.title = "Ansøgning om medfinansiering af klimaprojekt"
    item.save()
    meeting.save_revision().publish()
    response = search(client, "klimaprojektet")
    html = response.content.decode()
    assert titles(response) == ["Ansøgning om medfinansiering af klimaprojekt"]
    assert f'{meeting.url}#punkt-2"' in html


def test_snippet_of_a_long_attachment_shows_the_match_deep_inside_it(client, archive):
    document = factories.document(title="Årsrapport", filename="aarsrapport.txt")
    document.extracted_text = (
        "Indledning.\n\n"
        + "Almindelig tekst om året, der gik.   \n" * 3000
        + ("Kommunerne\n\n   besluttede at etablere et fælles varmelager i Næstved. " + "Afslutning. " * 100)
    )
    document.save()
    factories.memo(archive, title="Rapportnotat", body="<p>Se bilag.</p>", attachments=factories.attachment(document))
    html = search(client, "varmelager").content.decode()
    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "Kommunerne besluttede at etablere et fælles <mark>varmelager</mark> i Næstved." in snippet
    assert len(re.sub(r"<.*?>", "", snippet)) <= 242


def test_snippets_do_not_run_paragraphs_together(client, archive):
    factories.memo(
        archive,
        title="Referat af mødet",
        body="<p>Orientering om vækstforum.</p><p>Punkt 3. Budgettet for turisme blev godkendt.</p>",
    )
    html = search(client, "turisme").content.decode()
    # The snippet is the match's own paragraph, never glued to the one before ("vækstforum.Punkt 3.").
    assert '<p class="search-result__snippet">Punkt 3. Budgettet for <mark>turisme</mark> blev godkendt.</p>' in html
    assert "vækstforum.Punkt" not in html


def test_attachment_hit_names_the_file(client, archive):
    document = factories.document(title="Bilag om energi", filename="energi.txt")
    document.extracted_text = "Bilaget beskriver varmepumper og fjernvarme i kommunerne."
    document.save()
    factories.memo(archive, title="Energinotat", body="<p>Se bilag.</p>", attachments=factories.attachment(document))
    response = search(client, "varmepumpe")
    html = response.content.decode()
    assert titles(response) == ["Energinotat"]
    assert "Bilag om energi" in html
    assert "<mark>varmepumper</mark>" in html


# Privacy ------------------------------------------------------------------------------------


def test_draft_pages_are_never_found(client, archive):
    factories.memo(archive, title="Hemmeligt udkast", body="<p>Fortroligt budgetudkast.</p>", publish=False)
    assert titles(search(client, "budgetudkast")) == []
    assert search(client, "hemmeligt", lang="da").status_code == 200
    assert client.get("/da/search/suggest/", {"q": "Hemmel"}).json()["suggestions"] == []


def test_unpublished_pages_leave_the_results(client, archive):
    memo = factories.memo(archive, title="Tilbagetrukket notat", body="<p>Om havnebyggeri.</p>")
    assert titles(search(client, "havnebyggeri")) == ["Tilbagetrukket notat"]
    memo.unpublish()
    assert titles(search(client, "havnebyggeri")) == []
    assert not SearchEntry.objects.filter(page=memo).exists()


def test_draft_changes_of_a_live_page_are_not_found(client, archive):
    memo = factories.memo(archive, title="Offentligt notat", body="<p>Om cykelstier.</p>")
    memo.body = "<p>Om hemmelige motorveje.</p>"
    memo.save_revision()
    assert titles(search(client, "motorvej")) == []
    assert titles(search(client, "cykelsti")) == ["Offentligt notat"]


def test_a_page_unpublished_behind_the_index_s_back_is_not_shown(client, archive):
    memo = factories.memo(archive, title="Stille trukket notat", body="<p>Om vandværker.</p>")
    assert titles(search(client, "vandværk")) == ["Stille trukket notat"]
    Page.objects.filter(pk=memo.pk).update(live=False)  # no signal: the index still says public
    assert titles(search(client, "vandværk")) == []
    assert client.get("/da/search/suggest/", {"q": "Stille"}).json()["suggestions"] == []


def test_private_pages_are_never_found(client, archive):
    memo = factories.memo(archive, title="Lukket notat", body="<p>Om personalesager.</p>")
    PageViewRestriction.objects.create(page=memo, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = search(client, "personalesag")
    assert titles(response) == []
    assert "0 results" in response.content.decode() or "0 resultater" in response.content.decode()
    assert client.get("/da/search/suggest/", {"q": "Lukket"}).json()["suggestions"] == []


def test_pages_under_a_private_section_are_never_found(client):
    private_archive = factories.memo_archive(title="Interne notater")
    factories.memo(private_archive, title="Internt notat", body="<p>Om lønforhandlinger.</p>")
    assert titles(search(client, "lønforhandling")) == ["Internt notat"]
    PageViewRestriction.objects.create(page=private_archive, restriction_type=PageViewRestriction.LOGIN)
    assert titles(search(client, "lønforhandling")) == []


def test_closed_items_text_and_title_never_appear(client):
    n17 = factories.body()
    meeting = factories.meeting(n17, items=2, closed=(2,))
    closed = meeting.agenda_items.all()[1]
    closed.title = "Opsigelse af direktør"
    closed.description = "<p>Personsag om fratrædelsesgodtgørelse.</p>"
    closed.save()
    meeting.save_revision().publish()
    for query in ("fratrædelsesgodtgørelse", "opsigelse"):
        response = search(client, query)
        assert titles(response) == []
        assert "Opsigelse" not in response.content.decode()
    assert client.get("/da/search/suggest/", {"q": "Opsigelse"}).json()["suggestions"] == []
    assert titles(search(client, "sagsfremstilling punkt")) != []


def test_non_publishable_attachments_are_never_found(client, archive):
    secret = factories.document(title="Internt bilag", filename="internt.txt")
    secret.extracted_text = "Forhandlingsoplæg med lønrammer."
    secret.save()
    factories.memo(
        archive,
        title="Notat med internt bilag",
        body="<p>Se bilag.</p>",
        attachments=factories.attachment(secret, publishable=False),
    )
    response = search(client, "forhandlingsoplæg")
    assert titles(response) == []
    assert "Internt bilag" not in search(client, "notat").content.decode()


# Suggestions and empty states ----------------------------------------------------------------


def test_suggestions_while_typing(client, strategy_memo):
    data = client.get("/da/search/suggest/", {"q": "Vækst"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Vækstforum og kommunerne"]
    assert data["suggestions"][0]["url"] == strategy_memo.url
    assert client.get("/da/search/suggest/", {"q": "k"}).json()["suggestions"] == []


def test_a_misspelling_shows_the_results_of_the_correction_and_says_so(client, strategy_memo):
    response = search(client, "vækstfrum")
    html = response.content.decode()
    assert titles(response) == ["Vækstforum og kommunerne"]
    assert 'Viser resultater for <a href="?q=v%C3%A6kstforum">vækstforum</a>' in html


def test_a_memo_attached_to_many_agenda_items_is_one_hit(client):
    document = factories.document(title="Notat om fingeraftryk", filename="fingeraftryk.txt")
    document.extracted_text = "Notat om fingeraftryk i pas og opholdskort."
    document.save()
    meeting = factories.meeting(factories.body(), items=5)
    for item in meeting.agenda_items.all():
        item.attachments = factories.attachment(document)
        item.save()
    meeting.save_revision().publish()
    response = search(client, "fingeraftryk")
    assert titles(response) == ["Punkt 1: Orientering om vækstforum"]
    assert "Også vedhæftet 4 andre punkter" in response.content.decode()


def test_clear_empty_state(client, strategy_memo):
    response = search(client, "zebrafinke")
    assert response.status_code == 200
    assert titles(response) == []
    assert "search-empty" in response.content.decode()


def test_search_page_works_without_a_query(client):
    response = search(client)
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, status",
    [
        ({"q": ""}, 200),
        ({"q": "x" * 10_000}, 400),
        ({"q": '"vækstforum'}, 200),
        ({"q": '"vækstforum" "kommune"'}, 200),
        ({"q": "vækstforum AND kommune OR NOT strategi"}, 200),
        ({"q": "NEAR(vækstforum kommune)"}, 200),
        ({"q": "vækst* -kommune"}, 200),
        ({"q": "((vækstforum"}, 200),
        ({"q": "vækstforum)) OR ("}, 200),
        ({"q": "kommune\x00\x01\x1b[31m"}, 200),
        ({"q": "'; DROP TABLE search_searchentry; --"}, 200),
        ({"q": "*"}, 200),
        ({"q": "^:~{}[]"}, 200),
        ({"q": "kommune", "page": "abc"}, 400),
        ({"q": "kommune", "page": "-1"}, 400),
        ({"q": "kommune", "page": "0"}, 400),
        ({"q": "kommune", "page": "999999"}, 400),
        ({"q": "kommune", "page": "9999"}, 404),
        ({"q": "kommune", "type": "secret"}, 400),
        ({"q": "kommune", "body": "999999"}, 400),
        ({"q": "kommune", "body": "abc"}, 400),
        ({"q": "kommune", "year": "20x9"}, 400),
        ({"q": "kommune", "year": "99999"}, 400),
        ({"q": "kommune", "focus": "424242"}, 400),
        ({"q": "kommune", "from": "2009-13-45"}, 400),
        ({"q": "kommune", "from": "2010-01-01", "to": "2009-01-01"}, 400),
        ({"q": "kommune", "sort": "price"}, 400),
    ],
)
def test_bad_input_gives_a_sensible_page(client, strategy_memo, params, status):
    response = client.get("/da/search/", params)
    assert response.status_code == status
    if status == 400:
        assert 'role="alert"' in response.content.decode()


def test_quotes_and_operators_are_searched_as_words(client, strategy_memo):
    assert titles(search(client, '"vækstforum" AND (kommunerne')) == ["Vækstforum og kommunerne"]


def test_suggest_with_bad_input_answers_json(client, strategy_memo):
    for query in ("", "x" * 10_000, '"(*', "\x00\x1f"):
        response = client.get("/da/search/suggest/", {"q": query})
        assert response.status_code == 200
        assert "suggestions" in response.json()


# Search engine down ---------------------------------------------------------------------------


def test_search_engine_down_falls_back_to_database_search_and_says_so(client, settings, strategy_memo):
    settings.PORTAL_SEARCH_URL = "http://127.0.0.1:9"
    response = search(client, "kommune")
    assert response.status_code == 200
    assert titles(response) == ["Vækstforum og kommunerne"]
    assert "enklere databasesøgning" in response.content.decode()
    assert client.get(strategy_memo.url).status_code == 200
    assert client.get("/da/search/suggest/", {"q": "Vækst"}).status_code == 200
