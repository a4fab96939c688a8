"""Danish and English: language routing, hreflang links, the language switcher, catalogues, dates and translations."""

import datetime as dt
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from demo.translations import translate_page
from pages import i18n
from pages.models import MeetingPage
from tests.tools import missing

from . import factories as f

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "portal" / "locale"
UTC = dt.UTC


def english():
    return Locale.objects.get(language_code="en")


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def alternates(page_html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page_html))


def switcher(page_html):
    """The language switcher's links as {language: (href, aria-current?)}."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page_html, re.S).group(0)
    links = re.findall(r'<a href="([^"]*)" hreflang="(\w+)" lang="(\w+)"( aria-current="true")?', nav)
    assert all(hreflang == lang for _href, hreflang, lang, _current in links)
    return {lang: (href.replace("&amp;", "&"), bool(current)) for href, lang, _l, current in links}


def main_nav(page_html):
    return re.search(r'<nav class="main-nav".*?</nav>', page_html, re.S).group(0)


@pytest.fixture
def site():
    """A Danish home with a translated body and an untranslated one, and the English home."""
    home = f.home_page()
    home_en, _ = translate_page(home, {"title": "Front page", "slug": "home"}, english())
    kkr = f.body(title="KKR Sjælland", short_name="KKR", slug="kkr-sjaelland", summary="Kommunekontaktrådet.")
    kkr_en, _ = translate_page(
        kkr,
        {
            "title": "Municipal Contact Council (KKR Sjælland)",
            "slug": "municipal-contact-council",
            "summary": "The council.",
        },
        english(),
    )
    eko = f.body(title="Erhvervskoordinationsgruppen", short_name="EKO", slug="eko")
    return {"home": home, "home_en": home_en, "kkr": kkr, "kkr_en": kkr_en, "eko": eko}


# -- routing -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept_language, target",
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("en", "/en/"),
        ("da-DK,da;q=0.9,en;q=0.5", "/da/"),
        ("da", "/da/"),
        ("de-DE,de;q=0.9", "/da/"),
        (None, "/da/"),
    ],
)
def test_root_sends_the_visitor_to_the_language_their_browser_prefers(client, accept_language, target):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_each_language_has_its_own_address_and_html_lang(client, site):
    danish, english_home = html(client.get("/da/")), html(client.get("/en/"))
    assert '<html lang="da">' in danish and "<h1>Forside</h1>" in danish
    assert '<html lang="en">' in english_home and "<h1>Front page</h1>" in english_home
    assert client.get("/en/municipal-contact-council/").status_code == 200
    # A page without an English translation has no English address.
    assert client.get("/en/eko/").status_code == 404


# -- hreflang ------------------------------------------------------------------------------------------------------


def test_translated_page_links_both_languages_and_x_default(client, site):
    links = alternates(html(client.get("/da/kkr-sjaelland/")))
    assert links == {
        "da": "http://testserver/da/kkr-sjaelland/",
        "en": "http://testserver/en/municipal-contact-council/",
        "x-default": "http://testserver/da/kkr-sjaelland/",
    }
    assert alternates(html(client.get("/en/municipal-contact-council/"))) == links


def test_untranslated_draft_and_private_translations_are_not_linked(client, site):
    assert alternates(html(client.get("/da/eko/"))) == {
        "da": "http://testserver/da/eko/",
        "x-default": "http://testserver/da/eko/",
    }
    # An unpublished translation is not linked.
    site["kkr_en"].unpublish()
    assert "en" not in alternates(html(client.get("/da/kkr-sjaelland/")))
    site["kkr_en"].save_revision().publish()
    assert "en" in alternates(html(client.get("/da/kkr-sjaelland/")))
    # Nor is one behind a view restriction (here on the English home, so on everything under it).
    PageViewRestriction.objects.create(page=site["home_en"], restriction_type=PageViewRestriction.LOGIN)
    links = alternates(html(client.get("/da/kkr-sjaelland/")))
    assert "en" not in links and links["da"] == "http://testserver/da/kkr-sjaelland/"


def test_translations_are_found_in_two_queries(site, django_assert_num_queries):
    with django_assert_num_queries(2):  # the view restrictions, then the visible translations
        found = i18n.live_translations(site["kkr"])
    assert {code: page.pk for code, page in found.items()} == {"da": site["kkr"].pk, "en": site["kkr_en"].pk}


def test_placeholder_copy_is_the_pages_english_address(client, site):
    """A placeholder (alias) in the English tree is the page's English address: linked, offered by the switcher."""
    alias = site["eko"].copy_for_translation(english(), alias=True)
    page = html(client.get(alias.url))
    assert alternates(html(client.get("/da/eko/")))["en"] == f"http://testserver{alias.url}"
    assert switcher(html(client.get("/da/eko/")))["en"] == (alias.url, False)
    assert switcher(page)["da"] == ("/da/eko/", False)


def test_placeholder_marks_its_danish_text_and_says_it_is_not_translated(client, site):
    alias = site["eko"].copy_for_translation(english(), alias=True)
    page = html(client.get(alias.url))
    assert '<html lang="en">' in page
    assert f'<h1 lang="da">{site["eko"].title}</h1>' in page
    assert "This page has not been translated yet; it is shown in Danish." in page


def test_translated_page_has_no_danish_marks_or_placeholder_notice(client, site):
    page = html(client.get("/en/municipal-contact-council/"))
    assert '<h1 lang="da">' not in page
    assert "it is shown in Danish" not in page


# -- language switcher ---------------------------------------------------------------------------------------------


def test_switcher_leads_to_the_same_page_in_the_other_language(client, site):
    links = switcher(html(client.get("/da/kkr-sjaelland/")))
    assert links == {"da": ("/da/kkr-sjaelland/", True), "en": ("/en/municipal-contact-council/", False)}
    links = switcher(html(client.get("/en/municipal-contact-council/")))
    assert links == {"da": ("/da/kkr-sjaelland/", False), "en": ("/en/municipal-contact-council/", True)}


def test_switcher_keeps_the_sub_page_and_query_of_a_routable_page(client, site):
    links = switcher(html(client.get("/da/kkr-sjaelland/meetings/?year=2009")))
    assert links["en"] == ("/en/municipal-contact-council/meetings/?year=2009", False)


def test_switcher_without_translation_goes_home_with_a_notice(client, site):
    page = html(client.get("/da/eko/"))
    href, current = switcher(page)["en"]
    assert (href, current) == ("/en/?untranslated=1", False)
    assert "denne side er ikke oversat; linket fører til forsiden" in page
    home = html(client.get(href))
    assert '<html lang="en">' in home
    assert "This page is not available in English yet." in home
    assert "This page is not available in English yet." not in html(client.get("/en/"))
    # An English page with no Danish version sends the visitor to the Danish home with a Danish notice.
    english_only = f.body(parent=site["home_en"], title="Partners", short_name="Partners", slug="partners")
    href, _ = switcher(html(client.get(english_only.url)))["da"]
    assert href == "/da/?untranslated=1"
    assert "Denne side findes endnu ikke på dansk." in html(client.get(href))


def test_switcher_on_search_links_the_same_search_in_the_other_language(client, site):
    links = switcher(html(client.get("/da/search/", {"q": "kkr"})))
    assert links["en"][0] == "/en/search/?q=kkr"
    assert alternates(html(client.get("/en/search/")))["da"] == "http://testserver/da/search/"


# -- interface language follows the address ------------------------------------------------------------------------


def test_english_pages_have_english_labels_and_danish_pages_danish(client, site):
    english_home = html(client.get("/en/"))
    assert "Front page" in main_nav(english_home)
    assert 'aria-label="Main menu"' in english_home and ">Search</button>" in english_home
    assert "Upcoming meetings" in english_home and "Kommende møder" not in english_home
    assert 'aria-label="Language"' in english_home

    danish_home = html(client.get("/da/"))
    assert "Forside" in main_nav(danish_home) and 'aria-label="Hovedmenu"' in danish_home
    assert ">Søg</button>" in danish_home
    assert "Kommende møder" in danish_home and "Upcoming meetings" not in danish_home

    # An untranslated Danish page keeps the Danish interface; its English placeholder has the English one.
    eko = html(client.get("/da/eko/"))
    assert "har endnu ingen offentliggjorte møder" in eko and "has no published meetings yet" not in eko
    alias = site["eko"].copy_for_translation(english(), alias=True)
    eko_en = html(client.get(alias.url))
    assert "has no published meetings yet" in eko_en and "har endnu ingen offentliggjorte møder" not in eko_en
    # Labels from code (choices) follow the interface language too.
    assert "Administrativ kreds" in html(client.get("/da/kkr-sjaelland/"))
    assert "Administrative circle" in html(client.get("/en/municipal-contact-council/"))


def test_role_labels_are_translated(client, site):
    person = f.person()
    f.membership(person, site["kkr"], role="chair")
    assert "Formand" in html(client.get("/da/kkr-sjaelland/"))
    english_page = html(client.get("/en/municipal-contact-council/"))
    assert "Chair" in english_page and "Henning Jensen" in english_page


# -- dates and times -----------------------------------------------------------------------------------------------


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load portal_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "language, expected",
    [("da", "19. januar 2009 kl. 14.00"), ("en", "19 January 2009, 14:00")],
)
def test_datetime_in_the_visitors_language_in_copenhagen_time(language, expected):
    winter = dt.datetime(2009, 1, 19, 13, 0, tzinfo=UTC)
    assert render("{{ when|meeting_datetime }}", language, when=winter) == expected


def test_summer_time_dates_weekdays_and_spans():
    summer = dt.datetime(2009, 6, 1, 12, 0, tzinfo=UTC)  # 14.00 in Copenhagen (CEST)
    assert render("{{ when|meeting_time }}", "da", when=summer) == "14.00"
    assert render("{{ when|meeting_time }}", "en", when=summer) == "14:00"
    monday = dt.date(2009, 1, 19)
    assert render("{{ day|weekday_date }}", "da", day=monday) == "mandag den 19. januar 2009"
    assert render("{{ day|weekday_date }}", "en", day=monday) == "Monday 19 January 2009"
    assert render("{{ day|long_date }}", "da", day=monday) == "19. januar 2009"
    start, end = dt.datetime(2009, 1, 19, 13, tzinfo=UTC), dt.datetime(2009, 1, 19, 15, 30, tzinfo=UTC)
    assert render("{% time_range start end %}", "da", start=start, end=end) == "19. januar 2009 kl. 14.00–16.30"
    # Late evening UTC is already the next day in Copenhagen.
    late = dt.datetime(2009, 1, 19, 23, 30, tzinfo=UTC)
    assert render("{{ when|long_date }}", "da", when=late) == "20. januar 2009"
    assert render("{{ when|meeting_datetime }}", "da", when=None) == ""


def test_meeting_page_shows_its_time_in_each_language(client, site):
    meeting = f.meeting(site["kkr"], start=f.copenhagen(2009, 1, 19, 14), title="Møde i KKR")
    meeting_en, _ = translate_page(meeting, {"title": "Meeting of KKR", "slug": "meeting"}, english())
    assert "19. januar 2009 kl. 14.00–16.00" in html(client.get(meeting.url))
    page = html(client.get(meeting_en.url))
    assert "19 January 2009, 14:00–16:00" in page and "Meeting of KKR" in page


# -- translations stay in step -------------------------------------------------------------------------------------


def test_moved_meeting_moves_in_english_too_and_keeps_its_english_title(client, site):
    meeting = f.meeting(site["kkr"], start=f.copenhagen(2030, 3, 4, 10), title="Møde i KKR", location="Roskilde")
    meeting_en, _ = translate_page(meeting, {"title": "Meeting of KKR", "slug": "meeting"}, english())
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    meeting.start, meeting.end = f.copenhagen(2030, 3, 5, 13), f.copenhagen(2030, 3, 5, 15)
    meeting.location = "Sorø"
    meeting.change_reason = "Ny dato"
    meeting.save_revision().publish()
    meeting_en = MeetingPage.objects.get(pk=meeting_en.pk)
    assert (meeting_en.start, meeting_en.location, meeting_en.title) == (meeting.start, "Sorø", "Meeting of KKR")
    page = html(client.get(meeting_en.url))
    assert "5 March 2030, 13:00–15:00" in page and "Sorø" in page


def test_record_fields_are_synchronised_not_translated():
    from wagtail_localize.fields import get_translatable_fields

    from pages.models import MemoPage

    def kinds(model):
        return {field.field_name: field for field in get_translatable_fields(model)}

    meeting, memo = kinds(MeetingPage), kinds(MemoPage)
    for name in ("start", "end", "location", "cancelled"):
        assert meeting[name].is_synchronized(MeetingPage()) and not meeting[name].is_translated(MeetingPage())
        assert not meeting[name].is_overridable(MeetingPage())
    for name in ("date", "journal_number", "action_facet", "case_id", "author_reference"):
        assert not memo[name].is_translated(MemoPage()) and not memo[name].is_overridable(MemoPage())
    assert meeting["title"].is_translated(MeetingPage()) and memo["body"].is_translated(MemoPage())


# -- search and calendars under /en/ -------------------------------------------------------------------------------


def test_english_search_and_calendar_work_with_english_pages(client, site):
    meeting = f.meeting(site["kkr"], start=f.copenhagen(2030, 3, 4, 10), title="Møde i KKR")
    translate_page(meeting, {"title": "Meeting of the council", "slug": "meeting"}, english())
    results = html(client.get("/en/search/", {"q": "council"}))
    assert '<html lang="en">' in results and "Municipal Contact Council" in results
    feed = client.get("/en/kalender/alle.ics")
    assert feed.status_code == 200
    body = b"".join(feed.streaming_content) if feed.streaming else feed.content
    assert b"Meeting of the council" in body


# -- catalogues ----------------------------------------------------------------------------------------------------


def _untranslated(catalogue):
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.get(i) for i in range(2)):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            missing.append(entry.msgid)
    return missing


def danish_catalogues():
    """The portal's Danish catalogue and any an app ships of its own (e.g. search/locale)."""
    base = Path(settings.BASE_DIR)
    found = [LOCALE_DIR / "da" / "LC_MESSAGES" / "django.po"]
    found += sorted(path for path in base.glob("*/locale/da/LC_MESSAGES/django.po") if path.parents[2] != LOCALE_DIR)
    return found


def test_danish_catalogues_are_complete_without_fuzzy_entries_and_compiled():
    assert len(polib.pofile(str(danish_catalogues()[0]))) > 300
    for path in danish_catalogues():
        po = polib.pofile(str(path))
        assert _untranslated(po) == [], path
        assert [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete] == [], path
        mo = polib.mofile(str(path.with_suffix(".mo")))
        compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
        for entry in po.translated_entries():
            assert (entry.msgctxt, entry.msgid) in compiled, f"{path.with_suffix('.mo')} is stale: {entry.msgid!r}"
    assert (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo").exists()
    with translation.override("da"):
        notice = translation.gettext("This page is not available in English yet.")
    assert notice == "Denne side findes endnu ikke på engelsk."


def test_every_marked_string_in_code_and_templates_has_a_danish_translation(tmp_path, settings, monkeypatch):
    """Extracts the strings again into a merged copy of the catalogues; any string they lack comes out untranslated."""
    if not shutil.which("xgettext"):
        missing("GNU gettext (xgettext, msgmerge) is needed to extract messages: apt-get install gettext")
    merged = polib.pofile(str(danish_catalogues()[0]))
    seen = {(e.msgctxt, e.msgid) for e in merged if not e.obsolete}
    for path in danish_catalogues()[1:]:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in seen:
                merged.append(entry)
                seen.add((entry.msgctxt, entry.msgid))
    catalogue = polib.POFile()
    catalogue.metadata = merged.metadata
    for entry in merged:
        if not entry.obsolete:
            catalogue.append(entry)
    target = tmp_path / "locale" / "da" / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogue.save(str(target / "django.po"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(settings.BASE_DIR)
    # Every folder called "locale" is skipped, so the shipped catalogues are never written to.
    call_command("makemessages", locale=["da"], ignore_patterns=[".venv", "node_modules", "locale"], verbosity=0)
    extracted = polib.pofile(str(target / "django.po"))
    assert len(extracted) > 300
    assert _untranslated(extracted) == []
    assert [e.msgid for e in extracted if "fuzzy" in e.flags and not e.obsolete] == []
