"""The organisation of 2009: municipalities, bodies, working groups, consortia, people and their seats."""

import datetime as dt

# Name, official municipality code, website.
MUNICIPALITIES = [
    ("Faxe", 320, "https://www.faxekommune.dk"),
    ("Greve", 253, "https://www.greve.dk"),
    ("Guldborgsund", 376, "https://www.guldborgsund.dk"),
    ("Holbæk", 316, "https://www.holbaek.dk"),
    ("Kalundborg", 326, "https://www.kalundborg.dk"),
    ("Køge", 259, "https://www.koege.dk"),
    ("Lejre", 350, "https://www.lejre.dk"),
    ("Lolland", 360, "https://www.lolland.dk"),
    ("Næstved", 370, "https://www.naestved.dk"),
    ("Odsherred", 306, "https://www.odsherred.dk"),
    ("Ringsted", 329, "https://www.ringsted.dk"),
    ("Roskilde", 265, "https://www.roskilde.dk"),
    ("Slagelse", 330, "https://www.slagelse.dk"),
    ("Solrød", 269, "https://www.solrod.dk"),
    ("Sorø", 340, "https://www.soroe.dk"),
    ("Stevns", 336, "https://www.stevns.dk"),
    ("Vordingborg", 390, "https://www.vordingborg.dk"),
]

# The growth forum's focus areas, in Danish.
FOCUS_AREAS = [
    ("Turisme", "Kyst- og naturturisme, kultur og oplevelsesøkonomi."),
    ("Sundhed og velfærdsteknologi", "Sundhedsinnovation, velfærdsteknologi og samarbejde med sygehusene."),
    ("Energi og klima", "Vedvarende energi, energieffektivisering og klimatilpasning."),
    ("Transport og logistik", "Regionens placering mellem København, Femern og Storebælt."),
    ("Uddannelse og kompetencer", "Løft af uddannelsesniveauet og kompetenceudvikling i virksomhederne."),
    ("Iværksætteri", "Flere og bedre iværksættere og vækstvirksomheder."),
]

START_2008 = dt.date(2008, 1, 1)
NETWORK_START = dt.date(2008, 3, 1)
GROUP_START_2009 = dt.date(2009, 1, 1)

# Bodies, parents before children. ``parent`` and ``reports_to`` name other keys; None means the home page.
BODIES = [
    {
        "key": "kkr",
        "slug": "kkr-sjaelland",
        "title": "KKR Sjælland",
        "short_name": "KKR",
        "kind": "political",
        "meeting_rhythm": "4 gange om året",
        "established": dt.date(2007, 1, 1),
        "summary": "Kommunekontaktrådet, hvor de 17 kommuner i Region Sjælland samarbejder politisk.",
        "purpose": (
            "<p>KKR Sjælland er det politiske forum for de 17 kommuner i Region Sjælland. KKR fastlægger "
            "kommunernes fælles holdninger over for regionen og Vækstforum Sjælland.</p>"
            "<p>I efteråret 2007 vedtog KKR en ny organisering af det kommunale arbejde med vækstforum, der "
            "trådte i kraft pr. 1. januar 2008. KKR har nedsat en række konsortier, som beskæftiger sig med "
            "emner af særlig tværkommunal relevans, fx turisme, erhvervsudvikling og uddannelse.</p>"
        ),
    },
    {
        "key": "k17",
        "slug": "k17",
        "title": "K17 – Kommunaldirektørkredsen",
        "short_name": "K17",
        "kind": "administrative",
        "meeting_rhythm": "4 gange om året",
        "established": dt.date(2007, 1, 1),
        "summary": "Kredsen af de 17 kommunaldirektører i Region Sjælland.",
        "purpose": (
            "<p>K17 udgør kredsen af kommunaldirektører i Region Sjælland og forbereder sagerne til KKR "
            "Sjælland.</p><p>K17 har udpeget 6 kommunaldirektører til K17s erhvervsgruppe, som følger "
            "arbejdet med Vækstforum Sjælland.</p>"
        ),
    },
    {
        "key": "k17-erhverv",
        "slug": "erhvervsgruppe",
        "title": "K17s erhvervsgruppe",
        "short_name": "K17 erhverv",
        "kind": "administrative",
        "parent": "k17",
        "reports_to": "k17",
        "meeting_rhythm": "4 gange om året",
        "established": START_2008,
        "summary": "Seks kommunaldirektører, der er følgegruppe for Erhvervskoordinationsgruppen.",
        "purpose": (
            "<p>K17s erhvervsgruppe er K17s følgegruppe for arbejdet med Vækstforum Sjælland. "
            "Erhvervskoordinationsgruppen refererer til erhvervsgruppen.</p>"
            "<p>Kommunerne er repræsenteret i vækstforummets indstillingssekretariat ved formanden for K17s "
            "erhvervsgruppe. Formanden og repræsentanter fra koordinationsgruppen arrangerer og afholder et "
            "formøde med de kommunale medlemmer forud for møder i vækstforum.</p>"
        ),
    },
    {
        "key": "eko",
        "slug": "erhvervskoordinationsgruppen",
        "title": "Erhvervskoordinationsgruppen",
        "short_name": "EKO",
        "kind": "coordination",
        "reports_to": "k17-erhverv",
        "meeting_rhythm": "Ca. 1 gang i kvartalet med vækstforumsekretariatet",
        "established": START_2008,
        "summary": "En medarbejder fra hver af Holbæk, Kalundborg, Køge, Lolland, Næstved, Slagelse og Sorø.",
        "purpose": (
            "<p>Erhvervskoordinationsgruppen afløste pr. 1. januar 2008 den kommunale deltagelse i "
            "vækstforummets onsdagssekretariat, med samme normering. Gruppen refererer til K17s "
            "erhvervsgruppe.</p>"
            "<h2>Opgaver</h2><ul>"
            "<li>Hjælp til indstillingssekretariatet: samle bidragene fra sagsbehandlerne i N17 og formidle dem "
            "til den kommunale repræsentant.</li>"
            "<li>Betjening af de kommunale medlemmer af vækstforum, herunder et samlet notat med kommentarer "
            "til den aktuelle dagsorden og et formøde før hvert møde i vækstforum.</li>"
            "<li>Større synlighed og koordination af de lokale erhvervsudviklingsstrategier.</li>"
            "<li>Arbejdet med de kommunale konsortier.</li>"
            "<li>Sekretariatsbetjening af netværket (N17).</li></ul>"
            "<p>Sorø stiller en medarbejder til rådighed, der varetager sekretariatsfunktionen. En tovholder er "
            "bindeled mellem netværksgruppen, K17s erhvervsgruppe og KKR's sekretariat.</p>"
        ),
    },
    {
        "key": "n17",
        "slug": "n17",
        "title": "Kommunalt erhvervsnetværk",
        "short_name": "N17",
        "kind": "network",
        "reports_to": "eko",
        "meeting_rhythm": "6 gange om året",
        "established": NETWORK_START,
        "summary": "Netværk med repræsentanter for alle 17 kommuner i regionen.",
        "purpose": (
            "<p>Netværksgruppens medlemmer er kommunale medarbejdere og ledere, som arbejder med planlægning, "
            "erhvervs- og/eller udviklingsfunktioner tæt på den administrative og politiske ledelse. Formålet er "
            "at sikre, at kommunerne i fællesskab kan forfølge fælles kommunale interesser på et operationelt "
            "niveau i forhold til regionen og andre relevante parter.</p>"
            "<h2>Netværket skal</h2><ul>"
            "<li>Fungere som informationskanal til de 17 kommuner i Region Sjælland</li>"
            "<li>Være sparringspartner i forhold til koordinationsgruppens arbejde</li>"
            "<li>Arbejde med de fælleskommunale projekter, der støttes af vækstforum, herunder konsortierne</li>"
            "<li>Videreformidle og drøfte det tværkommunale arbejde med operatørerne i den lokale "
            "erhvervsservice</li>"
            "<li>Varetage andre ad hoc-opgaver, som K17 eller KKR pålægger gruppen</li></ul>"
            "<p>Medlemmerne fordeler vækstforummets indsatsområder imellem sig og fungerer som sagsbehandlere "
            "på ansøgninger om medfinansiering.</p>"
        ),
    },
    {
        "key": "vaekstforum",
        "slug": "vaekstforum-sjaelland",
        "title": "Vækstforum Sjælland",
        "short_name": "Vækstforum",
        "kind": "forum",
        "meeting_rhythm": "5 gange om året",
        "established": dt.date(2007, 1, 1),
        "summary": "Det regionale vækstforum, der beslutter medfinansiering af erhvervsudviklingsprojekter.",
        "purpose": (
            "<p>Vækstforum Sjælland udarbejder den regionale erhvervsudviklingsstrategi og handlingsplan og "
            "indstiller projekter til medfinansiering. Kommunerne har seks medlemmer i vækstforum.</p>"
            "<p>Regionen stiller vækstforumsekretariatet til rådighed i Sorø.</p>"
        ),
    },
    {
        "key": "vf-sekretariat",
        "slug": "vaekstforumsekretariatet",
        "title": "Vækstforumsekretariatet",
        "short_name": "VF-sekretariatet",
        "kind": "secretariat",
        "parent": "vaekstforum",
        "reports_to": "vaekstforum",
        "summary": "Vækstforummets sekretariat, som regionen stiller til rådighed i Sorø.",
        "purpose": (
            "<p>Sekretariatet forbereder vækstforummets møder og behandler ansøgninger om medfinansiering. "
            "Erhvervskoordinationsgruppen mødes med sekretariatet ca. en gang i kvartalet.</p>"
        ),
    },
    {
        "key": "indstilling",
        "slug": "indstillingssekretariatet",
        "title": "Indstillingssekretariatet",
        "short_name": "Indstillingssekretariatet",
        "kind": "secretariat",
        "parent": "vaekstforum",
        "reports_to": "vaekstforum",
        "summary": "Forbereder indstillinger til vækstforum om ansøgninger om medfinansiering.",
        "purpose": (
            "<p>Kommunerne er repræsenteret i indstillingssekretariatet ved formanden for K17s erhvervsgruppe, "
            "som klædes på af Erhvervskoordinationsgruppen med bidrag fra sagsbehandlerne i N17.</p>"
        ),
    },
    {
        "key": "formandskab",
        "slug": "formandskab",
        "title": "Formandskabet for Vækstforum Sjælland",
        "short_name": "Formandskabet",
        "kind": "political",
        "parent": "vaekstforum",
        "reports_to": "vaekstforum",
        "summary": "Vækstforummets formandskab, som mødes forud for møderne i vækstforum.",
        "purpose": "<p>Formandskabet forbereder vækstforummets møder og dagsordener.</p>",
    },
]

# The N17 working groups set up in March 2008: slug, title, field, short name, mandate.
WORKING_GROUPS = [
    (
        "basisfunktioner",
        "Basisfunktioner, koordinering og udveksling med K17",
        "Koordinering",
        "AG Basis",
        "Sikrer netværkets drift, mødeplan og udveksling med K17s erhvervsgruppe.",
    ),
    (
        "erhvervsservice",
        "Erhvervsservice og kompetenceudvikling",
        "Erhvervsservice",
        "AG Erhvervsservice",
        "Koordinerer den lokale erhvervsservice og kompetenceudvikling af kommunernes medarbejdere.",
    ),
    ("sundhed", "Sundhed", "Sundhed og velfærd", "AG Sundhed", "Følger vækstforummets indsats for sundhedsinnovation."),
    (
        "turisme",
        "Turisme/oplevelsesøkonomi",
        "Turisme",
        "AG Turisme",
        "Forbereder fælles projekter inden for turisme og oplevelsesøkonomi sammen med Turismekonsortiet.",
    ),
    (
        "energi-og-klima",
        "Energi og Klima",
        "Energi og klima",
        "AG Energi",
        "Samler kommunernes indsats for vedvarende energi, energibesparelser og klimatilpasning.",
    ),
    (
        "transport-og-logistik",
        "Transport og logistik",
        "Transport",
        "AG Transport",
        "Arbejder for bedre rammer for transport- og logistikerhvervene i regionen.",
    ),
    (
        "overvaagningsprogrammet",
        "Overvågningsprogrammet og ”Gode lokale rammer for erhvervslivet”",
        "Erhvervsklima",
        "AG Overvågning",
        "Følger overvågningsprogrammet og kommunernes arbejde med gode lokale rammer for erhvervslivet.",
    ),
    (
        "infrastruktur-trafik",
        "Infrastruktur/trafik",
        "Infrastruktur",
        "AG Infrastruktur",
        "Forbereder fælles kommunale indspil om infrastruktur og trafik.",
    ),
]

# KKR's consortia: slug, title, theme, lead municipality, participating municipalities, description.
CONSORTIA = [
    (
        "turismekonsortiet",
        "Turismekonsortiet",
        "Turisme og oplevelsesøkonomi",
        "Vordingborg",
        ["Vordingborg", "Guldborgsund", "Lolland", "Odsherred", "Stevns", "Faxe", "Næstved"],
        "Formulerer fælles projekter om kyst- og naturturisme til Vækstforum Sjælland.",
    ),
    (
        "erhvervsudviklingskonsortiet",
        "Erhvervsudviklingskonsortiet",
        "Erhvervsudvikling og iværksætteri",
        "Næstved",
        ["Næstved", "Slagelse", "Køge", "Ringsted", "Sorø", "Holbæk", "Kalundborg"],
        "Samler kommunerne om iværksætteri, vækstvirksomheder og fælles erhvervsservice.",
    ),
    (
        "uddannelseskonsortiet",
        "Uddannelseskonsortiet",
        "Uddannelse og kompetencer",
        "Roskilde",
        ["Roskilde", "Greve", "Solrød", "Lejre", "Køge", "Slagelse"],
        "Arbejder for et højere uddannelsesniveau og bedre kompetencer i virksomhederne.",
    ),
]

# People: key, name, title, party, municipality (None for the region's staff).
PEOPLE = [
    # The municipal members of Vækstforum Sjælland.
    ("lindor", "Poul Lindor Nielsen", "Borgmester", "S", "Roskilde"),
    ("vestergaard", "Stig Vestergaard", "Borgmester", "S", "Lolland"),
    ("hjensen", "Henning Jensen", "Borgmester", "S", "Næstved"),
    ("tribler", "Lis Tribler", "Borgmester", "S", "Slagelse"),
    ("stenbaek", "Jens Stenbæk", "Viceborgmester", "V", "Holbæk"),
    ("horup", "Niels Hörup", "Borgmester", "V", "Solrød"),
    # K17's business group 2009.
    ("knudsen", "Thomas Knudsen", "Kommunaldirektør", "", "Lolland"),
    ("kjaergaard", "Torben Kjærgaard", "Kommunaldirektør", "", "Greve"),
    ("kolind", "Henrik Kolind", "Kommunaldirektør", "", "Roskilde"),
    ("eandersen", "Erik K. Andersen", "Kommunaldirektør", "", "Holbæk"),
    ("hovmand", "Søren Hovmand", "Kommunaldirektør", "", "Vordingborg"),
    ("damm", "Henrik Damm", "Kommunaldirektør", "", "Kalundborg"),
    # Officers: the seven of EKO first, then the other ten N17 members.
    ("o-holbaek", "Mette Lykke Andersen", "Erhvervskonsulent", "", "Holbæk"),
    ("o-kalundborg", "Jesper Holm Nielsen", "Erhvervskonsulent", "", "Kalundborg"),
    ("o-koege", "Anne-Marie Kristensen", "Udviklingskonsulent", "", "Køge"),
    ("o-lolland", "Lars Bjerregaard", "Erhvervskonsulent", "", "Lolland"),
    ("o-naestved", "Susanne Dahl Mortensen", "Udviklingskonsulent", "", "Næstved"),
    ("o-slagelse", "Peter Vinther", "Erhvervskonsulent", "", "Slagelse"),
    ("o-soroe", "Karen Munk Jørgensen", "Udviklingskonsulent", "", "Sorø"),
    ("o-faxe", "Bente Rasmussen", "Erhvervschef", "", "Faxe"),
    ("o-greve", "Michael Thorsen", "Udviklingskonsulent", "", "Greve"),
    ("o-guldborgsund", "Hanne Kjær Poulsen", "Erhvervskonsulent", "", "Guldborgsund"),
    ("o-lejre", "Ole Bech", "Planlægger", "", "Lejre"),
    ("o-odsherred", "Camilla Friis", "Udviklingskonsulent", "", "Odsherred"),
    ("o-ringsted", "Jakob Schou", "Erhvervskonsulent", "", "Ringsted"),
    ("o-roskilde", "Lene Brandt", "Udviklingschef", "", "Roskilde"),
    ("o-solrod", "Thomas Krogh", "Erhvervskonsulent", "", "Solrød"),
    ("o-stevns-former", "Birgitte Lund", "Erhvervskonsulent", "", "Stevns"),
    ("o-stevns", "Martin Skov", "Udviklingskonsulent", "", "Stevns"),
    ("o-vordingborg", "Rikke Dalgaard", "Erhvervskonsulent", "", "Vordingborg"),
    # The region's staff in the growth forum secretariat.
    ("r-ravn", "Jørgen Ravn", "Sekretariatschef", "", None),
    ("r-holst", "Maria Holst", "Specialkonsulent", "", None),
]

FORUM_MEMBERS = ["lindor", "vestergaard", "hjensen", "tribler", "stenbaek", "horup"]
BUSINESS_GROUP = ["knudsen", "kjaergaard", "kolind", "eandersen", "hovmand", "damm"]
EKO_OFFICERS = ["o-holbaek", "o-kalundborg", "o-koege", "o-lolland", "o-naestved", "o-slagelse", "o-soroe"]
N17_OFFICERS = EKO_OFFICERS + [
    "o-faxe",
    "o-greve",
    "o-guldborgsund",
    "o-lejre",
    "o-odsherred",
    "o-ringsted",
    "o-roskilde",
    "o-solrod",
    "o-stevns",
    "o-vordingborg",
]

# Seats: (organisation key, person key, role, start, end, note). Keys of working groups and consortia are slugs.
MEMBERSHIPS = (
    [("vaekstforum", p, "member", START_2008, None, "Kommunalt medlem") for p in FORUM_MEMBERS]
    + [("kkr", p, "member", START_2008, None, "") for p in FORUM_MEMBERS]
    + [("k17-erhverv", "knudsen", "chair", GROUP_START_2009, None, "")]
    + [("k17-erhverv", p, "member", GROUP_START_2009, None, "") for p in BUSINESS_GROUP[1:]]
    + [("k17", p, "member", START_2008, None, "") for p in BUSINESS_GROUP]
    + [("indstilling", "knudsen", "member", GROUP_START_2009, None, "Kommunal repræsentant")]
    + [("indstilling", "r-ravn", "chair", START_2008, None, "")]
    + [
        ("vf-sekretariat", "r-ravn", "chair", START_2008, None, ""),
        ("vf-sekretariat", "r-holst", "member", START_2008, None, ""),
    ]
    + [
        ("eko", p, {"o-naestved": "coordinator", "o-soroe": "secretary"}.get(p, "member"), START_2008, None, "")
        for p in EKO_OFFICERS
    ]
    + [
        ("n17", p, {"o-naestved": "coordinator", "o-soroe": "secretary"}.get(p, "member"), NETWORK_START, None, "")
        for p in N17_OFFICERS
        if p != "o-stevns"
    ]
    + [
        ("n17", "o-stevns-former", "member", NETWORK_START, dt.date(2009, 8, 31), "Afløst af Martin Skov"),
        ("n17", "o-stevns", "member", dt.date(2009, 9, 1), None, ""),
    ]
)

# Working group seats: slug → coordinator first, then members.
WORKING_GROUP_MEMBERS = {
    "basisfunktioner": ["o-naestved", "o-soroe", "o-holbaek"],
    "erhvervsservice": ["o-kalundborg", "o-ringsted", "o-faxe"],
    "sundhed": ["o-slagelse", "o-roskilde", "o-odsherred"],
    "turisme": ["o-vordingborg", "o-guldborgsund", "o-lolland", "o-odsherred"],
    "energi-og-klima": ["o-koege", "o-lejre", "o-holbaek"],
    "transport-og-logistik": ["o-greve", "o-solrod", "o-koege"],
    "overvaagningsprogrammet": ["o-roskilde", "o-stevns", "o-faxe"],
    "infrastruktur-trafik": ["o-ringsted", "o-naestved", "o-vordingborg"],
}
CONSORTIUM_MEMBERS = {
    "turismekonsortiet": ["o-vordingborg", "o-guldborgsund", "o-stevns"],
    "erhvervsudviklingskonsortiet": ["o-naestved", "o-slagelse", "o-ringsted"],
    "uddannelseskonsortiet": ["o-roskilde", "o-greve", "o-koege"],
}

ABOUT_PAGE = {
    "slug": "om-portalen",
    "title": "Om portalen",
    "body": (
        "<p>Portalen samler møder, dagsordener, referater og notater fra de fælleskommunale organer i Region "
        "Sjælland: KKR Sjælland, K17 og K17s erhvervsgruppe, Erhvervskoordinationsgruppen (EKO), Kommunalt "
        "erhvervsnetværk (N17) og dets arbejdsgrupper, KKR's konsortier og de kommunale medlemmer af Vækstforum "
        "Sjælland.</p>"
        "<h2>Hvad kan du finde her?</h2><ul>"
        "<li>Kommende møder med dagsordener og bilag</li>"
        "<li>Referater og beslutninger fra afholdte møder</li>"
        "<li>Notater med journalnummer og sagsnummer, som kan søges frem i fuld tekst</li>"
        "<li>Hvem der sidder i hvilke organer, og hvem de repræsenterer</li></ul>"
        "<h2>Lukkede punkter</h2>"
        "<p>Punkter, der behandles for lukkede døre, vises kun med nummer og overskriften ”Lukket punkt”.</p>"
    ),
}

HOME_INTRO = (
    "<p>Fælleskommunal mødeportal for de 17 kommuner i Region Sjælland: dagsordener, referater og notater fra "
    "KKR Sjælland, K17, EKO, N17 og de kommunale medlemmer af Vækstforum Sjælland.</p>"
)
