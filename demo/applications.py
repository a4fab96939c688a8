"""Applications for co-financing from Vækstforum Sjælland, who in N17 handles which focus area, and their comments."""

import datetime as dt
from dataclasses import dataclass

from .calendar import SERIES, Item

ARCHIVE = {
    "slug": "ansoegninger",
    "title": "Ansøgninger om medfinansiering",
    "intro": (
        "<p>Ansøgninger om medfinansiering fra Vækstforum Sjælland, som netværkets sagsbehandlere kommenterer inden "
        "for deres indsatsområder. Erhvervskoordinationsgruppen samler kommentarerne i et notat til den kommunale "
        "repræsentant i indstillingssekretariatet og til formødet med de kommunale medlemmer af vækstforum.</p>"
        "<p>Siden er kun for netværkets medlemmer.</p>"
    ),
}

# Who handles which focus area now: focus area and an N17 member. Iværksætteri has nobody, so the dashboard lists
# its applications for the editors until the network has found a case handler.
CASE_HANDLERS = [
    ("Turisme", "o-vordingborg"),
    ("Turisme", "o-guldborgsund"),
    ("Sundhed og velfærdsteknologi", "o-slagelse"),
    ("Sundhed og velfærdsteknologi", "o-soroe"),
    ("Energi og klima", "o-koege"),
    ("Energi og klima", "o-lejre"),
    ("Transport og logistik", "o-greve"),
    ("Uddannelse og kompetencer", "o-roskilde"),
]
# Earlier case handlers: focus area, person, from, until (within their seat in N17).
FORMER_CASE_HANDLERS = [
    ("Turisme", "o-stevns-former", dt.date(2008, 3, 1), dt.date(2009, 8, 31)),
]
UNHANDLED_AREA = "Iværksætteri"


def assignments_start(today):
    """The current distribution of focus areas was agreed at N17's first meeting of last year."""
    return dt.date(today.year - 1, 1, 1)


@dataclass(frozen=True)
class Comment:
    person: str  # a person key of organisation.PEOPLE
    recommendation: str  # an ApplicationComment.Recommendation value
    text: str
    days_after_received: int


@dataclass(frozen=True)
class Application:
    slug: str
    title: str
    applicant: str
    focus_area: str
    amount: int
    meeting: str  # "decided": the last forum meeting held; "upcoming": the next forum meeting
    status: str  # an ApplicationPage.Status value
    received_before: int  # days before the deciding meeting
    pitch: str
    summary: str
    advice: str  # the secretariat's recommendation on the forum's agenda
    decision: str = "<p>Indstillingen blev fulgt.</p>"
    comments: tuple = ()


def kr(amount):
    """An amount the Danish way: 2.400.000 kr."""
    return f"{amount:,} kr.".replace(",", ".")


APPLICATIONS = [
    # The next forum meeting: one application per focus area, two in energy and climate.
    Application(
        slug="kyst-og-naturturisme-paa-sydhavsoeerne",
        title="Kyst- og naturturisme på Sydhavsøerne",
        applicant="Destination Sydhavsøerne (Vordingborg, Guldborgsund og Lolland Kommuner)",
        focus_area="Turisme",
        amount=2_400_000,
        meeting="upcoming",
        status="recommended",
        received_before=70,
        pitch="Fælles pakker for kyst- og naturturisme på Møn, Falster og Lolland og et fælles bookingsystem.",
        summary=(
            "<p>Projektet udvikler fælles pakker for kyst- og naturturisme på Møn, Falster og Lolland med "
            "udgangspunkt i UNESCO Biosfære Møn og badestrandene ved Marielyst. Der etableres et fælles "
            "bookingsystem, og 40 overnatningssteder og oplevelsesvirksomheder tilbydes et forløb i "
            "produktudvikling.</p>"
            "<p>Projektperioden er tre år. Den samlede projektøkonomi er 6,1 mio. kr., hvoraf kommunerne og "
            "virksomhederne selv finansierer 3,7 mio. kr.</p>"
        ),
        advice=(
            "<p>Vækstforumsekretariatet indstiller, at projektet indstilles til medfinansiering med 2.400.000 kr. "
            "af de regionale erhvervsudviklingsmidler.</p>"
        ),
        comments=(
            Comment(
                "o-vordingborg",
                "conditions",
                "Projektet ligger tæt op ad Turismekonsortiets handlingsplan og bygger videre på erfaringerne fra "
                "Biosfære Møn.\nBudgettet til det fælles bookingsystem er højt i forhold til det forventede antal "
                "brugere. Jeg anbefaler, at støtten gives på betingelse af, at bookingsystemet koordineres med de "
                "løsninger, de lokale turistbureauer allerede bruger.",
                9,
            ),
            Comment(
                "o-guldborgsund",
                "support",
                "Ansøgningen har en klar effektkæde med mål for flere overnatninger uden for højsæsonen og nye "
                "helårsarbejdspladser. Guldborgsund Kommune har afsat sin andel af medfinansieringen i budgettet. "
                "Jeg anbefaler, at projektet støttes.",
                12,
            ),
        ),
    ),
    Application(
        slug="velfaerdsteknologisk-testcenter-for-hjemmeplejen",
        title="Velfærdsteknologisk testcenter for hjemmeplejen",
        applicant="Næstved Kommune og Professionshøjskolen Absalon",
        focus_area="Sundhed og velfærdsteknologi",
        amount=1_850_000,
        meeting="upcoming",
        status="commented",
        received_before=63,
        pitch="Et testcenter, hvor virksomheder afprøver velfærdsteknologi sammen med hjemmeplejens medarbejdere.",
        summary=(
            "<p>Et testcenter på Absalons campus i Næstved, hvor virksomheder kan afprøve velfærdsteknologi sammen "
            "med medarbejdere og borgere fra hjemmeplejen. Centeret skal hvert år teste 12 produkter og give "
            "virksomhederne dokumentation for effekten, som de kan bruge over for andre kommuner.</p>"
            "<p>Kommunerne i regionen kan bruge testresultaterne i deres egne indkøb.</p>"
        ),
        advice=(
            "<p>Vækstforumsekretariatet indstiller, at projektet indstilles til medfinansiering med 1.850.000 kr., "
            "under forudsætning af at mindst fem kommuner deltager i testforløbene.</p>"
        ),
        comments=(
            Comment(
                "o-slagelse",
                "support",
                "Der er stor efterspørgsel efter dokumenteret velfærdsteknologi i kommunerne, og projektet kobler "
                "virksomhederne direkte på hjemmeplejens hverdag.\nSekretariatets betingelse om mindst fem "
                "deltagende kommuner er rimelig. Slagelse Kommune har allerede givet tilsagn om at deltage.",
                10,
            ),
        ),
    ),
    Application(
        slug="biogasnetvaerk-midt-og-vestsjaelland",
        title="Biogasnetværk Midt- og Vestsjælland",
        applicant="Energiklyngen Vestsjælland",
        focus_area="Energi og klima",
        amount=3_200_000,
        meeting="upcoming",
        status="commented",
        received_before=66,
        pitch="Et netværk af landbrug, forsyninger og virksomheder, der forbereder tre fælles biogasanlæg.",
        summary=(
            "<p>Projektet samler landbrug, forsyningsselskaber og fødevarevirksomheder i Kalundborg, Holbæk og Sorø "
            "om at forberede tre fælles biogasanlæg. Midlerne går til forundersøgelser, miljøvurderinger og "
            "forretningsplaner.</p>"
            "<p>Anlæggene forventes at kunne dække gasforbruget i 9.000 husstande og skabe 45 varige "
            "arbejdspladser.</p>"
        ),
        advice=(
            "<p>Vækstforumsekretariatet indstiller, at projektet indstilles til medfinansiering med 2.600.000 kr. "
            "Udgifterne til miljøvurderinger forudsættes afholdt af kommunerne.</p>"
        ),
        comments=(
            Comment(
                "o-koege",
                "support",
                "Projektet understøtter strategiens mål om vedvarende energi og bygger på et stærkt partnerskab "
                "med landbruget. Jeg anbefaler, at det støttes.",
                8,
            ),
            Comment(
                "o-lejre",
                "conditions",
                "Jeg er enig i sekretariatets indstilling om at skære miljøvurderingerne fra, da de er en "
                "kommunal myndighedsopgave.\nProjektet bør forpligte sig til at dele forretningsplanerne med de "
                "øvrige kommuner, så erfaringerne kan bruges andre steder i regionen.",
                15,
            ),
        ),
    ),
    Application(
        slug="energitjek-i-smaa-og-mellemstore-virksomheder",
        title="Energitjek i små og mellemstore virksomheder",
        applicant="Erhvervsakademi Sjælland",
        focus_area="Energi og klima",
        amount=780_000,
        meeting="upcoming",
        status="commented",
        received_before=48,
        pitch="Gratis energitjek og opfølgning i 150 små og mellemstore virksomheder.",
        summary=(
            "<p>Studerende fra energi- og installatøruddannelserne gennemfører under vejledning energitjek i 150 "
            "små og mellemstore virksomheder. Virksomhederne får en handlingsplan med besparelser og "
            "tilbagebetalingstid.</p>"
        ),
        advice="<p>Vækstforumsekretariatet indstiller, at projektet indstilles til medfinansiering med 780.000 kr.</p>",
        comments=(
            Comment(
                "o-lejre",
                "support",
                "Et billigt og konkret projekt, som når ud til virksomheder, den lokale erhvervsservice ellers har "
                "svært ved at få fat i. Kobling til uddannelserne giver samtidig praktikpladser.\nJeg anbefaler, "
                "at projektet støttes.",
                6,
            ),
        ),
    ),
    Application(
        slug="groen-logistik-ved-koege-nord",
        title="Grøn logistik ved Køge Nord",
        applicant="Køge Kommune og Logistikforum Sjælland",
        focus_area="Transport og logistik",
        amount=950_000,
        meeting="upcoming",
        status="under_review",
        received_before=40,
        pitch="Fælles ladeinfrastruktur og samkørsel af gods for virksomhederne ved Køge Nord Station.",
        summary=(
            "<p>Virksomhederne i erhvervsområdet ved Køge Nord Station vil etablere fælles ladeinfrastruktur til "
            "eldrevne lastbiler og afprøve samkørsel af gods til hovedstadsområdet.</p>"
        ),
        advice="<p>Vækstforumsekretariatet indstiller, at projektet indstilles til medfinansiering med 950.000 kr.</p>",
    ),
    Application(
        slug="ivaerksaetterhuse-i-landdistrikterne",
        title="Iværksætterhuse i landdistrikterne",
        applicant="Væksthus Sjælland",
        focus_area="Iværksætteri",
        amount=1_200_000,
        meeting="upcoming",
        status="received",
        received_before=35,
        pitch="Kontorfællesskaber med rådgivning for iværksættere i fem mindre byer.",
        summary=(
            "<p>Væksthus Sjælland vil åbne iværksætterhuse i fem mindre byer med kontorpladser, fælles værksted og "
            "faste rådgivningsdage. Husene drives sammen med de lokale erhvervsråd.</p>"
        ),
        advice=(
            "<p>Vækstforumsekretariatet indstiller, at projektet indstilles til medfinansiering med 1.200.000 kr. "
            "for de første to år.</p>"
        ),
    ),
    # The last forum meeting held.
    Application(
        slug="cykelturisme-langs-oestersoeruten",
        title="Cykelturisme langs Østersøruten",
        applicant="Stevns, Faxe og Vordingborg Kommuner",
        focus_area="Turisme",
        amount=650_000,
        meeting="decided",
        status="granted",
        received_before=75,
        pitch="Skiltning, rastepladser og cykelvenlige overnatningssteder langs Østersøruten.",
        summary=(
            "<p>Kommunerne vil gøre Østersøruten mellem Stevns Klint og Møns Klint attraktiv for cykelturister med "
            "ny skiltning, rastepladser og en certificering af cykelvenlige overnatningssteder.</p>"
        ),
        advice="<p>Vækstforumsekretariatet indstiller, at projektet indstilles til medfinansiering med 650.000 kr.</p>",
        decision=(
            "<p>Vækstforum indstillede projektet til medfinansiering med 650.000 kr. af de regionale "
            "erhvervsudviklingsmidler.</p>"
        ),
        comments=(
            Comment(
                "o-vordingborg",
                "support",
                "Ruten binder Stevns Klint og Møns Klint sammen og passer ind i den fælles markedsføring af "
                "kysten. Jeg anbefaler, at projektet støttes.",
                11,
            ),
            Comment(
                "o-guldborgsund",
                "support",
                "Enig. Projektet er lille, men veldokumenteret, og kommunerne har selv afsat driften af "
                "rastepladserne efter projektperioden.",
                14,
            ),
        ),
    ),
    Application(
        slug="havnelogistik-og-omladecenter-i-nakskov",
        title="Havnelogistik og omladecenter i Nakskov",
        applicant="Nakskov Havn",
        focus_area="Transport og logistik",
        amount=2_900_000,
        meeting="decided",
        status="refused",
        received_before=80,
        pitch="Et omladecenter for gods mellem skib, bane og lastbil på Nakskov Havn.",
        summary=(
            "<p>Nakskov Havn søger støtte til at projektere et omladecenter for gods mellem skib, bane og lastbil, "
            "der skal betjene anlægsarbejderne ved den faste forbindelse over Femern Bælt.</p>"
        ),
        advice=(
            "<p>Vækstforumsekretariatet indstiller, at ansøgningen afvises, da markedsgrundlaget ikke er "
            "tilstrækkeligt belyst.</p>"
        ),
        decision=(
            "<p>Vækstforum gav afslag. Havnen opfordres til at søge igen, når markedsanalysen for anlægsfasen "
            "foreligger.</p>"
        ),
        comments=(
            Comment(
                "o-greve",
                "reject",
                "Idéen er god, men ansøgningen bygger på forventninger til godsmængder, der ikke er dokumenteret. "
                "Der er heller ikke taget stilling til samspillet med de andre havne i regionen.\nJeg kan ikke "
                "anbefale projektet i sin nuværende form.",
                20,
            ),
        ),
    ),
]


def forum_months():
    return next(series.months for series in SERIES if series.organisation == "vaekstforum")


def references(spec, count):
    """The forum's case numbers for ``count`` applications at a meeting, numbered on through the year."""
    months = forum_months()
    first = 1 + 8 * months.index(spec.start.month) if spec.start.month in months else 1
    return [f"VF-{spec.start:%Y}-{first + n:03d}" for n in range(count)]


def agenda_item(application, reference):
    """The forum's agenda item for an application, under the application's case number."""
    return Item(
        f"Ansøgning om medfinansiering: {application.title}",
        f"<p>{application.applicant} søger {kr(application.amount)} i medfinansiering fra de regionale "
        f"erhvervsudviklingsmidler. {application.pitch}</p>",
        application.advice,
        application.decision,
        case_reference=reference,
    )


def received(application, meeting_day, today):
    """The day an application came in: some weeks before its meeting, and some days or weeks before today."""
    before_meeting = meeting_day - dt.timedelta(days=application.received_before)
    return min(before_meeting, today - dt.timedelta(days=application.received_before - 30))
