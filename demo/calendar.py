"""The bodies' meeting rhythm and agendas, laid out around a given day: two years back and one ahead."""

import calendar as cal
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

CPH = ZoneInfo("Europe/Copenhagen")
PAST_DAYS = 730
FUTURE_DAYS = 365
# Upcoming meetings this far ahead already have an agenda; later ones are only planned.
AGENDA_HORIZON_DAYS = 180

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]

REGIONSHUSET = "Regionshuset, Alléen 15, 4180 Sorø"
NAESTVED = "Næstved Rådhus, Teatergade 8, 4700 Næstved"
ROSKILDE = "Roskilde Rådhus, Rådhusbuen 1, 4000 Roskilde"
HOLBAEK = "Holbæk Rådhus, Kanalstræde 2, 4300 Holbæk"
SLAGELSE = "Slagelse Rådhus, Rådhuspladsen 11, 4200 Slagelse"
KOEGE = "Køge Rådhus, Torvet 1, 4600 Køge"
RINGSTED = "Ringsted Rådhus, Sct. Bendtsgade 1, 4100 Ringsted"
KALUNDBORG = "Kalundborg Rådhus, Holbækvej 141, 4400 Kalundborg"
SOROE = "Sorø Rådhus, Rådhusvej 8, 4180 Sorø"


def danish_date(day):
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def strategy_period(year):
    """The four-year strategy period a year falls in, counted from the first strategy (2009-2012)."""
    first = 2009 + 4 * ((year - 2009) // 4)
    return f"{first}-{first + 3}"


@dataclass(frozen=True)
class Item:
    """An agenda item template; ``{year}``, ``{next_year}``, ``{period}`` and ``{date}`` are filled in per meeting."""

    title: str
    description: str
    recommendation: str
    decision: str
    attachment: str = ""  # a key that the loader turns into a document
    closed: bool = False
    legal_basis: str = ""
    case_reference: str = ""  # set for an application's item; other items are numbered by the loader


APPROVE_AGENDA = Item(
    "Godkendelse af dagsorden",
    "",
    "<p>Det indstilles, at dagsordenen godkendes.</p>",
    "<p>Godkendt.</p>",
)
APPROVE_MINUTES = Item(
    "Godkendelse af referat fra sidste møde",
    "<p>Referatet har været udsendt til medlemmerne.</p>",
    "<p>Det indstilles, at referatet godkendes.</p>",
    "<p>Godkendt uden bemærkninger.</p>",
)
ANY_OTHER = Item("Eventuelt", "", "", "<p>Intet.</p>")


def _info(title, description, decision="<p>Orienteringen blev taget til efterretning.</p>", **kw):
    return Item(title, description, "<p>Det indstilles, at orienteringen tages til efterretning.</p>", decision, **kw)


STRATEGY = Item(
    "Erhvervsudviklingsstrategi {period}",
    "<p>Vækstforum Sjælland har sendt udkast til erhvervsudviklingsstrategi {period} i høring. Kommunerne har "
    "mulighed for at få de lokale erhvervsudviklingsstrategier bedre integreret i den regionale strategi.</p>",
    "<p>Det indstilles, at der udarbejdes et fælles kommunalt høringssvar med udgangspunkt i kommunernes "
    "prioriteringer.</p>",
    "<p>Godkendt. Erhvervskoordinationsgruppen udarbejder udkast til høringssvar.</p>",
    attachment="strategy",
)
EVALUATION = Item(
    "Evaluering af den nye model",
    "<p>Den kommunale administrative struktur i forhold til samarbejdet i vækstforummet og KKR evalueres. Der "
    "er særlig fokus på de primære kommunale interesser og på værktøjer til at prioritere opgaverne.</p>",
    "<p>Det indstilles, at procesplanen for evalueringen godkendes.</p>",
    "<p>Procesplanen blev godkendt med den bemærkning, at mødefrekvensen med vækstforumsekretariatet indgår.</p>",
    attachment="memo2009",
)
APPLICATIONS = Item(
    "Ansøgninger om medfinansiering",
    "<p>Vækstforumsekretariatet har modtaget nye ansøgninger om medfinansiering. Sagsbehandlerne i N17 har "
    "kommenteret ansøgningerne inden for deres indsatsområder.</p>",
    "<p>Det indstilles, at bemærkningerne samles i et notat til den kommunale repræsentant i "
    "indstillingssekretariatet.</p>",
    "<p>Godkendt. Koordinationsgruppen samler bidragene.</p>",
)
CLOSED_APPLICATION = Item(
    "Ansøgning om medfinansiering – virksomhedsprojekt",
    "<p>Ansøgningen indeholder oplysninger om virksomhedernes forretningsforhold.</p>",
    "<p>Det indstilles, at projektet indstilles til medfinansiering med de foreslåede vilkår.</p>",
    "<p>Indstillingen blev fulgt.</p>",
    attachment="applications",
    closed=True,
    legal_basis="Forvaltningslovens § 30, nr. 1",
)

POOLS = {
    "n17": [
        _info(
            "Orientering fra Erhvervskoordinationsgruppen (EKO)",
            "<p>EKO orienterer om seneste møde med vækstforumsekretariatet og om formødet med de kommunale "
            "medlemmer af vækstforum.</p>",
        ),
        APPLICATIONS,
        STRATEGY,
        _info(
            "Status fra arbejdsgrupperne",
            "<p>Tovholderne for de otte arbejdsgrupper giver en kort status.</p>",
            "<p>Taget til efterretning. Arbejdsgruppen for Energi og Klima fremlægger projektidé på næste møde.</p>",
        ),
        Item(
            "Fordeling af indsatsområder mellem sagsbehandlerne {year}",
            "<p>Netværkets medlemmer fordeler vækstforummets indsatsområder imellem sig og fungerer som "
            "sagsbehandlere på de enkelte områder.</p>",
            "<p>Det indstilles, at fordelingen godkendes.</p>",
            "<p>Godkendt med en enkelt ændring for Turisme.</p>",
        ),
        _info(
            "Kommunale konsortier – status",
            "<p>Orientering om Turisme-, Erhvervsudviklings- og Uddannelseskonsortiet.</p>",
        ),
        Item(
            "Strukturfondsprocedurer og projektformulering – kompetenceudvikling",
            "<p>Kommunerne mangler kompetencer i strukturfondsprocedurer og projektformulering.</p>",
            "<p>Det indstilles, at der planlægges et fælles kursusforløb.</p>",
            "<p>Godkendt. Arbejdsgruppen for Erhvervsservice og kompetenceudvikling planlægger forløbet.</p>",
        ),
        EVALUATION,
    ],
    "eko": [
        _info(
            "Orientering fra vækstforumsekretariatet",
            "<p>Sekretariatet orienterer om kommende sager og ansøgningsrunder.</p>",
        ),
        APPLICATIONS,
        Item(
            "Mødefrekvens mellem EKO og vækstforumsekretariatet",
            "<p>Koordinationsgruppen oplever, at møder én gang i kvartalet er for sjældent.</p>",
            "<p>Det indstilles, at der afholdes månedlige møder.</p>",
            "<p>Sekretariatet tilbyder månedlige telefonmøder mellem de kvartalsvise møder.</p>",
        ),
        _info("Handlingsplan {year} for Vækstforum Sjælland", "<p>Status på handlingsplanens initiativer.</p>"),
        STRATEGY,
    ],
    "forum": [
        _info("Meddelelser fra formandskabet", "<p>Formandskabet orienterer om aktuelle sager.</p>"),
        APPLICATIONS,
        STRATEGY,
        _info("Regionalfondsprogrammet – status", "<p>Orientering om forbrug og nye projekter.</p>"),
        Item(
            "Væksthus Sjælland – samarbejdsaftale {year}",
            "<p>Samarbejdet mellem Væksthus Sjælland og Vækstforum Sjælland skal sikres.</p>",
            "<p>Det indstilles, at samarbejdsaftalen godkendes.</p>",
            "<p>Godkendt.</p>",
        ),
    ],
    "pre_meeting": [
        Item(
            "Gennemgang af dagsorden til Vækstforum Sjælland {forum_date}",
            "<p>Erhvervskoordinationsgruppen har udarbejdet et samlet notat med kommentarer til dagsordenen.</p>",
            "<p>Det indstilles, at de kommunale medlemmer drøfter notatets anbefalinger.</p>",
            "<p>Drøftet. De kommunale medlemmer følger anbefalingerne.</p>",
            attachment="briefing",
        ),
        Item(
            "Kommunale prioriteringer i ansøgningsrunden",
            "<p>Oversigt over de ansøgninger, der har størst kommunal interesse.</p>",
            "<p>Det indstilles, at prioriteringerne drøftes.</p>",
            "<p>Drøftet.</p>",
        ),
    ],
    "k17-erhverv": [
        _info(
            "Orientering fra Erhvervskoordinationsgruppen (EKO)",
            "<p>Tovholderen orienterer om arbejdet i EKO og N17.</p>",
        ),
        Item(
            "Forberedelse af møde i indstillingssekretariatet",
            "<p>Formanden klædes på til indstillingssekretariatets møde med bidrag fra sagsbehandlerne.</p>",
            "<p>Det indstilles, at gruppen drøfter de kommunale interesser i de aktuelle ansøgninger.</p>",
            "<p>Drøftet.</p>",
        ),
        EVALUATION,
        Item(
            "Kommunernes primære interesser i vækstforumsamarbejdet",
            "<p>Uden definerede primære interesser risikerer kommunerne en meget reaktiv rolle.</p>",
            "<p>Det indstilles, at EKO udarbejder et oplæg til KKR.</p>",
            "<p>Godkendt.</p>",
        ),
        STRATEGY,
    ],
    "k17": [
        _info("Orientering fra K17s erhvervsgruppe", "<p>Formanden for erhvervsgruppen orienterer.</p>"),
        Item(
            "Sager til KKR Sjællands næste møde",
            "<p>Gennemgang af de sager, der forelægges KKR.</p>",
            "<p>Det indstilles, at sagerne godkendes til forelæggelse.</p>",
            "<p>Godkendt.</p>",
        ),
        Item(
            "Udpegning til K17s erhvervsgruppe {next_year}",
            "<p>K17 udpeger 6 kommunaldirektører til erhvervsgruppen.</p>",
            "<p>Det indstilles, at den nuværende sammensætning fortsætter.</p>",
            "<p>Godkendt.</p>",
        ),
        EVALUATION,
    ],
    "kkr": [
        _info("Meddelelser fra formanden", "<p>Formanden orienterer om aktuelle sager.</p>"),
        _info("Orientering fra Vækstforum Sjælland", "<p>De kommunale medlemmer orienterer om seneste møde.</p>"),
        Item(
            "Kommunale konsortier – status og nye temaer",
            "<p>KKR har nedsat konsortier om turisme, erhvervsudvikling og uddannelse.</p>",
            "<p>Det indstilles, at konsortierne fortsætter, og at sundhed undersøges som nyt tema.</p>",
            "<p>Godkendt.</p>",
        ),
        EVALUATION,
        Item(
            "Infrastruktur og trafik – fælles kommunalt udspil",
            "<p>N17's arbejdsgruppe for infrastruktur/trafik har udarbejdet et udkast.</p>",
            "<p>Det indstilles, at udspillet godkendes.</p>",
            "<p>Godkendt med redaktionelle ændringer.</p>",
        ),
    ],
    "energi-og-klima": [
        Item(
            "Fælles strategisk energiplanlægning",
            "<p>Kommunerne drøfter en fælles tilgang til energiplanlægning.</p>",
            "<p>Det indstilles, at der udarbejdes en projektidé til vækstforum.</p>",
            "<p>Godkendt.</p>",
        ),
        _info("Klimatilpasning i kystkommunerne", "<p>Oplæg fra Stevns og Køge.</p>"),
    ],
    "turisme": [
        _info("Status for Turismekonsortiet", "<p>Konsortiet orienterer om den fælles markedsføring.</p>"),
        Item(
            "Kyst- og naturturisme – projektidé",
            "<p>Udkast til fælles ansøgning om medfinansiering.</p>",
            "<p>Det indstilles, at projektidéen sendes til N17.</p>",
            "<p>Godkendt.</p>",
        ),
    ],
}


@dataclass(frozen=True)
class Series:
    """A body's recurring meeting: the n-th given weekday of some months, at set hours and places."""

    organisation: str  # a body key or a working group slug
    suffix: str
    pool: str
    months: tuple
    weekday: int
    nth: int
    hours: tuple  # (start "HH:MM", end "HH:MM")
    locations: tuple
    items_per_meeting: int = 3
    with_pre_meeting: bool = False
    fixed: tuple = ()  # items every meeting has, after the approvals


VORDINGBORG = "Vordingborg Rådhus, Valdemarsgade 43, 4760 Vordingborg"
MON, TUE, WED, THU, FRI = range(5)
AFTERNOON = ("13:00", "15:30")

# Weekday and n-th (-1 = last) of the months listed; the place rotates through ``locations``.
SERIES = [
    Series(
        "vaekstforum",
        "vaekstforum",
        "forum",
        months=(2, 4, 6, 9, 11),
        weekday=THU,
        nth=3,
        hours=("13:00", "16:00"),
        locations=(REGIONSHUSET,),
        with_pre_meeting=True,
        fixed=(CLOSED_APPLICATION,),
    ),
    Series(
        "n17",
        "n17",
        "n17",
        months=(1, 3, 5, 8, 10, 12),
        weekday=WED,
        nth=2,
        hours=("09:00", "12:00"),
        locations=(NAESTVED, SLAGELSE, HOLBAEK, KOEGE, RINGSTED, KALUNDBORG, ROSKILDE, SOROE),
    ),
    Series("eko", "eko", "eko", months=(3, 6, 9, 12), weekday=TUE, nth=1, hours=AFTERNOON, locations=(REGIONSHUSET,)),
    Series(
        "k17-erhverv",
        "k17-erhverv",
        "k17-erhverv",
        months=(1, 4, 8, 10),
        weekday=FRI,
        nth=1,
        hours=("09:00", "11:00"),
        locations=(ROSKILDE,),
    ),
    Series(
        "k17", "k17", "k17", months=(3, 5, 9, 11), weekday=FRI, nth=2, hours=("09:30", "12:00"), locations=(RINGSTED,)
    ),
    Series(
        "kkr",
        "kkr",
        "kkr",
        months=(3, 6, 9, 12),
        weekday=FRI,
        nth=-1,
        hours=("10:00", "12:30"),
        locations=(NAESTVED, ROSKILDE, SLAGELSE, HOLBAEK),
    ),
    Series(
        "energi-og-klima",
        "energi",
        "energi-og-klima",
        months=(4, 10),
        weekday=TUE,
        nth=3,
        hours=AFTERNOON,
        locations=(KOEGE,),
        items_per_meeting=2,
    ),
    Series(
        "turisme",
        "turisme",
        "turisme",
        months=(2, 9),
        weekday=THU,
        nth=2,
        hours=AFTERNOON,
        locations=(VORDINGBORG,),
        items_per_meeting=2,
    ),
]

PRE_MEETING = Series(
    "eko",
    "formoede",
    "pre_meeting",
    months=(),
    weekday=TUE,
    nth=0,
    hours=("15:00", "16:30"),
    locations=(RINGSTED,),
    items_per_meeting=2,
)
# The one meeting the demo shows as cancelled: the first upcoming meeting of this series at least this far ahead.
CANCELLED_SERIES = "k17-erhverv"
CANCELLED_AFTER_DAYS = 14
CANCELLATION_REASON = "Mødet er aflyst, da der ikke er sager nok. Punkterne behandles på det følgende møde."


@dataclass
class MeetingSpec:
    """One meeting to build: where it is filed, when, where, and its agenda."""

    series: Series
    slug: str
    title: str
    start: dt.datetime
    end: dt.datetime
    location: str
    kind: str = "ordinary"
    precedes: "MeetingSpec | None" = None
    items: list = field(default_factory=list)
    context: dict = field(default_factory=dict)

    @property
    def organisation(self):
        return self.series.organisation


def nth_weekday(year, month, weekday, nth):
    """The n-th (1-based, or -1 for the last) given weekday (0 = Monday) of a month."""
    days = [d for d in cal.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[nth - 1] if nth > 0 else days[nth]


def easter(year):
    """Easter Sunday of a year (the Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holidays(year):
    """Danish public holidays and the days around Christmas and New Year, when nobody holds meetings."""
    sunday = easter(year)
    moving = {sunday + dt.timedelta(days=n) for n in (-3, -2, 1, 39, 50)}
    fixed = {dt.date(year, m, d) for m, d in ((1, 1), (6, 5), (12, 24), (12, 25), (12, 26), (12, 31))}
    return moving | fixed


def working_day(day, step=7):
    """``day``, or the first day ``step`` days on (or back, with a negative step) that is not a holiday."""
    while day in holidays(day.year):
        day += dt.timedelta(days=step)
    return day


def _at(day, hhmm):
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


def _months(first, last):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _agenda(series, seed, context):
    pool = POOLS[series.pool]
    count = min(series.items_per_meeting, len(pool))
    chosen = [pool[(seed + i) % len(pool)] for i in range(count)]
    opening = [APPROVE_AGENDA] + ([APPROVE_MINUTES] if series.pool not in {"pre_meeting"} else [])
    items = opening + list(series.fixed) + chosen + [ANY_OTHER]
    return [_fill(item, context) for item in items]


def _fill(item, context):
    def fmt(text):
        return text.format(**context) if text else text

    return Item(
        fmt(item.title),
        fmt(item.description),
        fmt(item.recommendation),
        fmt(item.decision),
        item.attachment,
        item.closed,
        item.legal_basis,
        item.case_reference,
    )


def add_application_items(spec, items):
    """Puts the items of the applications a forum meeting decides on its agenda, before its closed application.

    The applications then stand together after the approvals; the general item on applications gives way to them.
    """
    items = [_fill(item, spec.context) for item in items]
    general = _fill(APPLICATIONS, spec.context)
    spec.items = [item for item in spec.items if item != general]
    opening = {APPROVE_AGENDA.title, APPROVE_MINUTES.title}
    at = next((n for n, item in enumerate(spec.items) if item.title not in opening), len(spec.items))
    spec.items[at:at] = items


def _spec(series, day, label, kind="ordinary", extra=None):
    seed = day.year * 12 + day.month
    context = {
        "year": day.year,
        "next_year": day.year + 1,
        "period": strategy_period(day.year),
        "date": danish_date(day),
        **(extra or {}),
    }
    return MeetingSpec(
        series=series,
        slug=f"{day:%Y-%m-%d}-{series.suffix}",
        title=f"{label} {danish_date(day)}",
        start=_at(day, series.hours[0]),
        end=_at(day, series.hours[1]),
        location=series.locations[seed % len(series.locations)],
        kind=kind,
        items=_agenda(series, seed, context),
        context=context,
    )


TITLES = {
    "vaekstforum": "Møde i Vækstforum Sjælland",
    "n17": "Møde i N17",
    "eko": "Møde mellem EKO og vækstforumsekretariatet",
    "k17-erhverv": "Møde i K17s erhvervsgruppe",
    "k17": "Møde i K17",
    "kkr": "Møde i KKR Sjælland",
    "energi": "Møde i arbejdsgruppen for Energi og Klima",
    "turisme": "Møde i arbejdsgruppen for Turisme/oplevelsesøkonomi",
}


def schedule(today):
    """Every meeting from two years before ``today`` to a year after, pre-meetings after the meeting they prepare."""
    first, last = today - dt.timedelta(days=PAST_DAYS), today + dt.timedelta(days=FUTURE_DAYS)
    specs = []
    for series in SERIES:
        for year, month in _months(first, last):
            if month not in series.months:
                continue
            day = working_day(nth_weekday(year, month, series.weekday, series.nth))
            if not first <= day <= last:
                continue
            spec = _spec(series, day, TITLES[series.suffix])
            specs.append(spec)
            if series.with_pre_meeting:
                pre_day = working_day(day - dt.timedelta(days=2), step=-1)
                pre = _spec(
                    PRE_MEETING,
                    pre_day,
                    "Formøde med de kommunale medlemmer af vækstforum",
                    kind="pre_meeting",
                    extra={"forum_date": danish_date(day)},
                )
                pre.precedes = spec
                specs.append(pre)
    return specs


def cancelled_slug(specs, today):
    """The slug of the meeting the demo shows as cancelled."""
    threshold = today + dt.timedelta(days=CANCELLED_AFTER_DAYS)
    candidates = sorted(
        (s for s in specs if s.series.suffix == CANCELLED_SERIES and s.start.date() >= threshold),
        key=lambda s: s.start,
    )
    return candidates[0].slug if candidates else None
