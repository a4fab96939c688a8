"""The relevance set: questions people ask the portal's search, with the pages that should answer them.

The corpus is the demo organisation (`manage.py load_demo`: nine bodies, working groups, consortia, two years of
meetings with their agenda items, KL's 2009 memo and the other memos) plus the few archive memos below, with
journal (KLE) numbers, case ids and names of their own. Each case names its query, the site's language and the
titles of the results that answer it (a "*" in a title stands for any text); a case is
answered at the rank of the first such result on the first page of results.

`tests/test_relevance.py` runs the set through the whole search page on SQLite, PostgreSQL and Elasticsearch and
prints success@5 (the share of queries answered in the first five results) and MRR (the mean of 1/rank, 0 when not
on the first page); `bench/relevance.py` runs it on all three and prints one table.
"""

import datetime as dt
import re
from dataclasses import dataclass

MEMO_2009 = "Kommunernes organisering af arbejdet med vækstforum i Region Sjælland"
TERMS_MEMO = "Kommissorium for arbejdsgrupperne under Kommunalt erhvervsnetværk (N17)"
SERVICE_MEMO = "Samarbejdsaftale om erhvervsservice med Væksthus Sjælland 2011"
TRAFFIC_MEMO = "Høringssvar om trafikplan for Sjælland"
CLIMATE_MEMO = "Referat af temamøde om klimatilpasning"
STRATEGY = "Erhvervsudviklingsstrategi 2025-2028"
APPLICATION = "Ansøgning om medfinansiering: *"
ATTENDED = "Møde i *"

# Archive memos added to the demo: imported memos as an archive holds them, with numbers and names of their own.
ARCHIVE_MEMOS = [
    {
        "title": SERVICE_MEMO,
        "date": dt.date(2011, 5, 2),
        "journal_number": "24.10.00",
        "action_facet": "A00",
        "case_id": "2011-004711",
        "author_reference": "BÅK",
        "sender": "Kommunalt erhvervsnetværk (N17)",
        "body": (
            "<p>Aftalen beskriver arbejdsdelingen mellem den lokale erhvervsservice i kommunerne og Væksthus "
            "Sjælland: kommunerne tager den første samtale med iværksættere, væksthuset vejleder virksomheder med "
            "vækstpotentiale.</p><p>Kontaktperson: Bjørn Åkesson, Køge Kommune.</p>"
        ),
    },
    {
        "title": TRAFFIC_MEMO,
        "date": dt.date(2012, 9, 14),
        "journal_number": "05.00.00",
        "action_facet": "G01",
        "case_id": "2012-010203",
        "author_reference": "AMÜ",
        "sender": "KKR Sjælland",
        "body": (
            "<p>Kommunerne anbefaler en udbygning af jernbanen mellem Køge og Næstved og bedre busforbindelser i "
            "landdistrikterne.</p><p>Svaret er udarbejdet af Anne Müller, Roskilde Kommune.</p>"
        ),
    },
    {
        "title": CLIMATE_MEMO,
        "date": dt.date(2013, 11, 6),
        "journal_number": "13.00.00",
        "action_facet": "P20",
        "case_id": "2013-000457",
        "author_reference": "JHA",
        "sender": "Energi og Klima",
        "body": (
            "<p>Temamødet drøftede stormflod, digebyggeri og kystsikring i kystkommunerne.</p>"
            "<p>José Hansen fra Lolland Kommune fortalte om erfaringerne fra Rødby Havn.</p>"
        ),
    },
]


@dataclass(frozen=True)
class Case:
    query: str
    answers: tuple
    kind: str
    language: str = "da"

    def answered_by(self, title):
        return any(_matches(pattern, title) for pattern in self.answers)


def _matches(pattern, title):
    title = re.sub(r"\s+", " ", title).strip()
    return re.fullmatch(".*".join(re.escape(piece) for piece in pattern.split("*")), title) is not None


def case(query, *answers, kind, language="da"):
    return Case(query, answers, kind, language)


CASES = [
    # Inflected forms of words in the titles and texts.
    case("arbejdsgrupperne", TERMS_MEMO, "Status fra arbejdsgrupperne", kind="inflection"),
    case("kommissoriet for arbejdsgrupperne", TERMS_MEMO, kind="inflection"),
    case("konsortierne", "Kommunale konsortier – status*", "Turismekonsortiet", kind="inflection"),
    case("handlingsplanen", "Handlingsplan * for Vækstforum Sjælland", kind="inflection"),
    case("sagsbehandlernes fordeling", "Fordeling af indsatsområder mellem sagsbehandlerne *", kind="inflection"),
    case("formøderne", "Formøde med de kommunale medlemmer af vækstforum *", kind="inflection"),
    case("mødefrekvensen", "Mødefrekvens mellem EKO og vækstforumsekretariatet", kind="inflection"),
    case("kommunaldirektørerne", "K17 – Kommunaldirektørkredsen", "K17s erhvervsgruppe", kind="inflection"),
    # A part of a compound finds the compound; a compound finds its parts.
    case("udviklingsstrategi", STRATEGY, "Erhvervsudviklingsstrategi*", kind="compound"),
    case("strategi", STRATEGY, kind="compound"),
    case("finansiering", APPLICATION, "Ansøgninger om medfinansiering", kind="compound"),
    case("turismekonsortium", "Turismekonsortiet", kind="compound"),
    case("sundhedsområdet", "Sundhed", kind="compound"),
    case("klimatilpasningen", "Klimatilpasning i kystkommunerne", CLIMATE_MEMO, kind="compound"),
    case("kystkommuner", "Klimatilpasning i kystkommunerne", CLIMATE_MEMO, kind="compound"),
    case("naturturisme", "Kyst- og naturturisme*", "Turismekonsortiet", kind="compound"),
    case("energiplanlægning", "Fælles strategisk energiplanlægning", kind="compound"),
    case("vækstforum sekretariat", "Vækstforumsekretariatet", kind="compound"),
    case("koordinationsgruppe", "Erhvervskoordinationsgruppen", kind="compound"),
    # Misspellings.
    case("vækstfroum", "Vækstforum Sjælland", "Møde i Vækstforum Sjælland *", MEMO_2009, kind="misspelling"),
    case("fingeraftrky", MEMO_2009, kind="misspelling"),
    case("erhvervsnetværg", "Kommunalt erhvervsnetværk", TERMS_MEMO, kind="misspelling"),
    case("kommisorium", TERMS_MEMO, kind="misspelling"),
    case(
        "infrastuktur", "Infrastruktur/trafik", "Infrastruktur og trafik – fælles kommunalt udspil", kind="misspelling"
    ),
    case("logsitik", "Transport og logistik", kind="misspelling"),
    # Names with and without their letters.
    # (The forum's members are in the 2009 memo and in the attendance of every meeting they came to.)
    case("Niels Hörup", MEMO_2009, ATTENDED, kind="name"),
    case("Niels Horup", MEMO_2009, ATTENDED, kind="name"),
    case("Hørup", MEMO_2009, ATTENDED, kind="name"),
    case("Stenbaek", MEMO_2009, ATTENDED, kind="name"),
    case("Bjørn Åkesson", SERVICE_MEMO, kind="name"),
    case("Bjorn Akesson", SERVICE_MEMO, kind="name"),
    case("Bjoern Aakesson", SERVICE_MEMO, kind="name"),
    case("Anne Muller", TRAFFIC_MEMO, kind="name"),
    case("Jose Hansen", CLIMATE_MEMO, kind="name"),
    case("Rodby", CLIMATE_MEMO, kind="name"),
    # Abbreviations and the names they stand for.
    case("KKR", "KKR Sjælland", "Møde i KKR Sjælland *", kind="abbreviation"),
    case("kommunekontaktrådet møde", "Møde i KKR Sjælland *", kind="abbreviation"),
    case("K17", "K17 – Kommunaldirektørkredsen", "Møde i K17 *", kind="abbreviation"),
    case("kommunaldirektørkredsens møde", "Møde i K17 *", kind="abbreviation"),
    case("EKO", "Erhvervskoordinationsgruppen", "Møde mellem EKO og vækstforumsekretariatet *", kind="abbreviation"),
    case("erhvervskoordinationsgruppen", "Erhvervskoordinationsgruppen", kind="abbreviation"),
    case("N17 årsplan", "Årsplan * for Kommunalt erhvervsnetværk (N17)", kind="abbreviation"),
    case(
        "erhvervsnetværkets møde", "Møde i N17 *", "Årsplan * for Kommunalt erhvervsnetværk (N17)", kind="abbreviation"
    ),
    case("VF sekretariatet", "Vækstforumsekretariatet", kind="abbreviation"),
    # Journal (KLE) numbers and case ids.
    case("24.10.00", SERVICE_MEMO, kind="number"),
    case("05.00.00 G01", TRAFFIC_MEMO, kind="number"),
    case("04.00.00 P16", MEMO_2009, TERMS_MEMO, "Årsplan *", "Samlet notat til dagsordenen*", kind="number"),
    case("000198683", MEMO_2009, kind="number"),
    case("000162214", TERMS_MEMO, kind="number"),
    case("2011-004711", SERVICE_MEMO, kind="number"),
    case("2013-000457", CLIMATE_MEMO, kind="number"),
    # English, on the Danish site and on the English one.
    case("tourism", "Turisme/oplevelsesøkonomi", "Turismekonsortiet", kind="english"),
    case("energy and climate", "Energi og Klima", kind="english"),
    case("coordination group", "Erhvervskoordinationsgruppen", kind="english"),
    case("tourism", "Tourism/experience economy", "Tourism Consortium", kind="english", language="en"),
    case("energy and climate", "Energy and Climate", kind="english", language="en"),
    case("chief executives", "K17 – Circle of Chief Executives", "K17 business group", kind="english", language="en"),
    case("growth forum secretariat", "Growth Forum secretariat", kind="english", language="en"),
    case("municipal contact council", "Municipal Contact Council (KKR Sjælland)", kind="english", language="en"),
    case(
        "consortia",
        "Tourism Consortium",
        "Education Consortium",
        "Business Development Consortium",
        kind="english",
        language="en",
    ),
    case("growth forum meetings", "Møde i Vækstforum Sjælland *", kind="english", language="en"),
]


def add_archive_memos():
    """The archive memos of the set, published in the demo's memo archive."""
    from pages.models import MemoIndexPage
    from tests import factories

    archive = MemoIndexPage.objects.filter(locale__language_code="da", slug="notater").order_by("depth").first()
    return [factories.memo(archive, **fields) for fields in ARCHIVE_MEMOS]


RESULT_RE = re.compile(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a></h2>', re.S)


def result_titles(html):
    """The titles of the results on a search page, in order, without highlighting."""
    return [re.sub(r"<[^>]+>", "", t).replace("&amp;", "&").strip() for t in RESULT_RE.findall(html)]


def rank(case_, titles):
    """The 1-based rank of the first title that answers the case, or None."""
    return next((n for n, title in enumerate(titles, start=1) if case_.answered_by(title)), None)


def figures(ranks):
    """success@5 and MRR of a list of ranks (None: not on the first page)."""
    success = sum(1 for r in ranks if r is not None and r <= 5) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    return success, mrr


def run_through_pages(client):
    """Each case searched on the search page: [(case, rank, titles shown)]."""
    import html as html_module

    outcome = []
    for case_ in CASES:
        response = client.get(f"/{case_.language}/search/", {"q": case_.query})
        assert response.status_code == 200, (case_.query, response.status_code)
        titles = [html_module.unescape(t) for t in result_titles(response.content.decode())]
        outcome.append((case_, rank(case_, titles), titles))
    return outcome
