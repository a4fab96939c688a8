"""The memo archive: KL's memo of 2009, the working groups' terms, N17's annual plans and EKO's briefing memos."""

import datetime as dt
from html import escape

from .calendar import danish_date
from .memo_text import memo_html
from .organisation import WORKING_GROUPS

ARCHIVE_INTRO = (
    "<p>Notater fra KL, Erhvervskoordinationsgruppen og Kommunalt erhvervsnetværk om kommunernes samarbejde med "
    "Vækstforum Sjælland. Notaterne kan søges frem i fuld tekst.</p>"
)

MEMO_2009 = {
    "slug": "kommunernes-organisering-af-arbejdet-med-vaekstforum",
    "title": "Kommunernes organisering af arbejdet med vækstforum i Region Sjælland",
    "date": dt.date(2009, 1, 19),
    "journal_number": "04.00.00",
    "action_facet": "P16",
    "case_id": "000198683",
    "author_reference": "MEN",
    "sender": "KL",
    "body": memo_html,
    "organisations": ["eko", "n17", "k17", "kkr", "vaekstforum"],
    "focus_areas": [],
    "pdf_title": "Notat 19.01.2009: Kommunernes organisering af arbejdet med vækstforum i Region Sjælland",
    "pdf_filename": "notat-2009-01-19-organisering-vaekstforum.pdf",
}
MEMO_2009_HEADER = [
    "KL",
    "NOTAT",
    "Den 19. januar 2009",
    "Jnr 04.00.00 P16",
    "Sagsid 000198683",
    "Ref MEN",
    "Weidekampsgade 10, Postboks 3370, 2300 København S",
]


def _terms_body():
    rows = "".join(
        f"<li><b>{escape(title, quote=False)}</b>: {escape(mandate, quote=False)}</li>"
        for _slug, title, _field, _short, mandate in WORKING_GROUPS
    )
    return (
        "<p>Ved etableringen af Kommunalt erhvervsnetværk (N17) i marts 2008 blev der nedsat arbejdsgrupper til "
        "varetagelse af følgende opgaveområder.</p>"
        f"<h2>Arbejdsgrupper og opgaver</h2><ul>{rows}</ul>"
        "<h2>Arbejdsform</h2><p>Hver arbejdsgruppe udpeger en tovholder, som refererer til netværket. "
        "Grupperne kan inddrage operatører fra den lokale erhvervsservice efter behov. Netværket kan nedsætte "
        "nye arbejdsgrupper og nedlægge grupper, hvis opgave er løst.</p>"
    )


def fixed_memos():
    """Memos with fixed dates from the first year of the new model."""
    return [
        {
            "slug": "kommissorium-for-arbejdsgrupperne-under-n17",
            "title": "Kommissorium for arbejdsgrupperne under Kommunalt erhvervsnetværk (N17)",
            "date": dt.date(2008, 3, 12),
            "journal_number": "04.00.00",
            "action_facet": "P16",
            "case_id": "000162214",
            "author_reference": "KMJ",
            "sender": "Erhvervskoordinationsgruppen (EKO)",
            "body": _terms_body(),
            "organisations": ["n17", "eko"],
            "focus_areas": ["Turisme", "Energi og klima", "Transport og logistik", "Sundhed og velfærdsteknologi"],
        },
    ]


def annual_plans(today, specs):
    """N17's annual plan for each year the calendar covers, dated the December before, once that date has come."""
    years = sorted({s.start.year for s in specs if s.series.organisation == "n17"})
    plans = []
    for year in years:
        date = dt.date(year - 1, 12, 1)
        if date > today:
            continue
        meetings = [s for s in specs if s.series.organisation == "n17" and s.start.year == year]
        rows = "".join(
            f"<li>{danish_date(m.start.date())}, kl. {m.start:%H.%M}–{m.end:%H.%M}, {escape(m.location)}</li>"
            for m in meetings
        )
        plans.append(
            {
                "slug": f"aarsplan-n17-{year}",
                "title": f"Årsplan {year} for Kommunalt erhvervsnetværk (N17)",
                "date": date,
                "journal_number": "04.00.00",
                "action_facet": "P16",
                "case_id": f"{year - 1}-0041{year % 100:02d}",
                "author_reference": "KMJ",
                "sender": "Erhvervskoordinationsgruppen (EKO)",
                "body": (
                    f"<p>Netværket mødes 6 gange i {year}. Møderne holdes på skift i kommunerne.</p>"
                    f"<h2>Mødeplan {year}</h2><ul>{rows}</ul>"
                    "<h2>Temaer</h2><ul><li>Fordeling af vækstforummets indsatsområder mellem sagsbehandlerne</li>"
                    "<li>Status fra arbejdsgrupperne og konsortierne</li>"
                    "<li>Kompetencer i strukturfondsprocedurer og projektformulering</li></ul>"
                ),
                "organisations": ["n17"],
                "focus_areas": ["Iværksætteri", "Uddannelse og kompetencer"],
            }
        )
    return plans


def briefing_comments(forum):
    """EKO's comment on each public item of a forum meeting's agenda."""
    comments = []
    for number, item in enumerate(forum.items, start=1):
        if item.title in {"Godkendelse af dagsorden", "Godkendelse af referat fra sidste møde", "Eventuelt"}:
            continue
        if item.closed:
            comment = "Lukket punkt. Kommentarer gives mundtligt på formødet."
        elif item.case_reference:
            comment = (
                f"Sagsbehandlerne i N17 har kommenteret ansøgningen (sag {item.case_reference}). Kommentarerne "
                "findes i netværkets ansøgningsarkiv, som kun er for medlemmer."
            )
        else:
            comment = "Kommunerne kan tilslutte sig indstillingen. Sagsbehandlerne i N17 har ingen bemærkninger."
        comments.append((number, item.title, comment))
    return comments


def briefing_text(forum):
    """The combined memo as a plain-text attachment to the pre-meeting."""
    lines = [
        "Erhvervskoordinationsgruppen (EKO)",
        f"Samlet notat med kommentarer til dagsordenen for Vækstforum Sjælland {forum.context['date']}",
        "",
    ]
    for number, title, comment in briefing_comments(forum):
        lines += [f"Punkt {number}. {title}", comment, ""]
    return "\n".join(lines)


def briefing_memo(forum):
    """EKO's combined memo for the municipal members before a forum meeting."""
    day = forum.start.date()
    items = "".join(
        f"<h2>Punkt {number}. {escape(title, quote=False)}</h2><p>{escape(comment, quote=False)}</p>"
        for number, title, comment in briefing_comments(forum)
    )
    return {
        "slug": f"{day:%Y-%m-%d}-samlet-notat-vaekstforum",
        "title": f"Samlet notat til dagsordenen for Vækstforum Sjælland {danish_date(day)}",
        "date": day - dt.timedelta(days=5),
        "journal_number": "04.00.00",
        "action_facet": "P16",
        "case_id": f"{day:%Y}-{day:%m%d}01",
        "author_reference": "KMJ",
        "sender": "Erhvervskoordinationsgruppen (EKO)",
        "body": (
            "<p>Notatet samler kommunernes kommentarer til dagsordenen og danner grundlag for formødet med de "
            f"kommunale medlemmer af vækstforum.</p>{items}"
        ),
        "organisations": ["eko", "vaekstforum"],
        "focus_areas": [],
    }


def strategy_blocks(period):
    return [
        ("h2", "Vision"),
        ("p", f"Region Sjælland skal i perioden {period} være et attraktivt sted at bo, arbejde og drive virksomhed."),
        ("h2", "Indsatsområder"),
        (
            "ul",
            [
                "Turisme og oplevelsesøkonomi",
                "Sundhed og velfærdsteknologi",
                "Energi og klima",
                "Transport og logistik",
                "Uddannelse og kompetencer",
                "Iværksætteri",
            ],
        ),
        ("p", "Kommunernes lokale erhvervsudviklingsstrategier indgår i høringen."),
    ]


def application_blocks(date):
    return [
        ("p", f"Indstillinger om medfinansiering til vækstforummets møde {date}. Må ikke offentliggøres."),
        ("h2", "Virksomhedsprojekt – fortrolige oplysninger"),
        ("p", "Ansøgers regnskabstal, kunder og forretningsplan fremgår af bilaget (Forvaltningslovens § 30, nr. 1)."),
    ]
