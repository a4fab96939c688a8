"""A small organisation in Danish and English for the browser tests: bodies, a working group, a consortium,
meetings with attachments, memos with a PDF whose text is found by search; and, on top of it, the network's
application work for the growth forum."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone
from wagtail.models import Locale

from demo.documents import pdf_bytes
from demo.translations import translate_page
from pages.models import AgendaItem, Attendance, MeetingPage, StandardPage
from pages.roles import restrict_to_members
from search.tasks import extract_document
from tests import factories as f
from tests.workflow_support import role_users

# A word that appears only inside the memo's attached PDF, never in a page's own text.
PDF_WORD = "varmepumperne"
PDF_TEXT = (
    "Bilaget gennemgår de fælles projekter om energi. Kommunerne undersøger, hvordan varmepumperne "
    "kan erstatte oliefyr i de mindre byer, og hvad det koster."
)


LONG_ATTENDANCE = [
    ("Poul", "Lindor Nielsen", "Roskilde"),
    ("Stig", "Vestergaard", "Lolland"),
    ("Henning", "Jensen", "Næstved"),
    ("Lis", "Tribler", "Slagelse"),
    ("Jens", "Stenbæk", "Holbæk"),
    ("Niels", "Hörup", "Solrød"),
    ("Mette", "Lykke Andersen", "Holbæk"),
    ("Karen", "Margrethe Sørensen-Kristiansen", "Kalundborg"),
    ("Anders", "Bækgaard", "Køge"),
    ("Birgitte", "Holm", "Vordingborg"),
    ("Søren", "Frederiksen", "Guldborgsund"),
    ("Hanne", "Østergaard", "Odsherred"),
]


def pdf_document(title, filename, text):
    """A stored PDF whose text has been read for search, as after an upload."""
    doc = f.document(title=title, filename=filename, content=pdf_bytes(title, [("p", text)]))
    extract_document(doc.pk)
    doc.refresh_from_db()
    return doc


def meeting_with_agenda(parent, title, slug, start, attachment):
    """A published meeting with three agenda items; the first carries ``attachment``."""
    page = MeetingPage(
        title=title, slug=slug, start=start, end=start + dt.timedelta(hours=2), location="Rådhuset, Sorø"
    )
    items = [
        ("Orientering om vækstforums strategi", attachment),
        ("Fordeling af indsatsområder mellem sagsbehandlerne", None),
        ("Eventuelt", None),
    ]
    for number, (item_title, doc) in enumerate(items, 1):
        page.agenda_items.add(
            AgendaItem(
                title=item_title,
                description=f"<p>Sagsfremstilling for punkt {number}.</p>",
                recommendation="<p>Det indstilles, at orienteringen tages til efterretning.</p>",
                attachments=f.attachment(doc, "Bilag: budget for energiprojekter") if doc else [],
            )
        )
    return f.add_page(parent, page)


def build():
    """Builds the content and returns its pages by name."""
    # Transactional tests empty the database between tests, migrations' rows included.
    english, _ = Locale.objects.get_or_create(language_code="en")
    home = f.home_page()
    home_en, _ = translate_page(home, {"title": "Front page", "slug": "home"}, english)
    n17 = f.body(
        title="Kommunalt erhvervsnetværk",
        short_name="N17",
        slug="n17",
        summary="Netværket af de 17 kommuners erhvervsmedarbejdere.",
    )
    n17_en, _ = translate_page(
        n17,
        {"title": "Municipal Business Network", "slug": "n17", "summary": "The network of the 17 municipalities."},
        english,
    )
    kkr = f.body(title="KKR Sjælland", short_name="KKR", slug="kkr", summary="Kommunekontaktrådet.")
    group = f.working_group(n17, title="Energi og Klima", slug="energi-og-klima")
    consortium = f.consortium(kkr, title="Turismekonsortiet", slug="turisme", theme="Turisme")

    agenda_pdf = pdf_document("Budget for energiprojekter", "budget.pdf", "Budgettet for de fælles energiprojekter.")
    upcoming = (timezone.now() + dt.timedelta(days=14)).astimezone(f.CPH).replace(hour=10, minute=0, second=0)
    meeting = meeting_with_agenda(n17, "Møde i N17", "moede-n17", upcoming.replace(microsecond=0), agenda_pdf)
    meeting_en, _ = translate_page(meeting, {"title": "N17 meeting", "slug": "n17-meeting"}, english)
    past = meeting_with_agenda(group, "Møde i Energi og Klima", "moede-energi", f.copenhagen(2009, 3, 4), None)

    archive = f.memo_archive(title="Notater")
    memo_pdf = pdf_document("Notat om varmeforsyning", "varmeforsyning.pdf", PDF_TEXT)
    memo = f.memo(
        archive,
        title="Varmeforsyning i de mindre byer",
        slug="varmeforsyning",
        body="<p>Notatet samler kommunernes erfaringer. Se bilaget.</p>",
        attachments=f.attachment(memo_pdf),
    )
    memo_en, _ = translate_page(memo, {"title": "Heating in the smaller towns", "slug": "heating"}, english)
    # The same word in a meeting's agenda item, so that narrowing the search by type changes the results.
    other = meeting_with_agenda(n17, "Temamøde om energi", "temamoede", f.copenhagen(2009, 5, 6), None)
    item = other.agenda_items.first()
    item.description = f"<p>Drøftelse af {PDF_WORD} i landdistrikterne.</p>"
    item.save()
    other.save_revision().publish()

    # Realistic length: a long attendance list, many attachments, a long title; a cancelled meeting; and an
    # untranslated body whose English address is a placeholder showing its Danish text.
    people = [f.person(name=f"{first} {last}", municipality_name=town) for first, last, town in LONG_ATTENDANCE]
    for number, person in enumerate(people):
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            status="present" if number % 4 else "excused",
            note="Deltog fra punkt 2" if number == 3 else "",
        )
    long_item = meeting.agenda_items.all()[1]
    long_item.title = (
        "Godkendelse af den fælleskommunale erhvervsudviklingsstrategi og handlingsplan for vækstforummets "
        "indsatsområder 2009–2012 med tilhørende budgetopfølgning"
    )
    long_item.attachments = sum(
        (
            f.attachment(f.document(title=f"Bilag {n}: Oversigt over projektansøgninger", filename=f"bilag-{n}.txt"))
            for n in range(1, 9)
        ),
        [],
    )
    long_item.save()
    meeting.save_revision().publish()
    cancelled = f.meeting(n17, start=f.copenhagen(2009, 11, 5, 10), title="Aflyst netværksmøde", slug="aflyst")
    cancelled.cancelled = True
    cancelled.cancellation_reason = "For få punkter på dagsordenen"
    cancelled.save_revision().publish()
    cancelled.refresh_from_db()
    kkr_placeholder = kkr.copy_for_translation(english, alias=True)
    # Untranslated pages of every other type, shown in Danish at their English addresses.
    group_en = group.copy_for_translation(english, alias=True)
    consortium_en = consortium.copy_for_translation(english, alias=True)
    archive_en = archive.get_translation(english)
    # A body's archive of members-only memos, which tells the public so.
    members_archive = f.memo_archive(kkr, title="Notater")
    members_memo = f.memo(members_archive, title="Samlet notat til formødet", slug="samlet-notat")
    restrict_to_members(members_memo)
    members_archive_en = members_archive.copy_for_translation(english, alias=True)
    about = f.add_page(
        home,
        StandardPage(
            title="Om portalen",
            slug="om-portalen",
            body="<p>Portalen samler møder, dagsordener, referater og notater fra de fælleskommunale organer.</p>"
            "<h2>Hvem står bag</h2><p>De 17 kommuner i Region Sjælland.</p>",
        ),
    )
    about_en, _ = translate_page(
        about,
        {
            "title": "About the portal",
            "slug": "about",
            "body": "<p>The portal gathers the meetings, agendas, minutes and memos of the joint bodies.</p>",
        },
        english,
    )

    return SimpleNamespace(
        cancelled=cancelled,
        kkr_placeholder=kkr_placeholder,
        group_en=group_en,
        consortium_en=consortium_en,
        archive_en=archive_en,
        members_archive=members_archive,
        members_archive_en=members_archive_en,
        about=about,
        about_en=about_en,
        home=home,
        home_en=home_en,
        n17=n17,
        n17_en=n17_en,
        kkr=kkr,
        group=group,
        consortium=consortium,
        meeting=meeting,
        meeting_en=meeting_en,
        past=past,
        archive=archive,
        memo=memo,
        memo_en=memo_en,
        memo_pdf=memo_pdf,
        agenda_pdf=agenda_pdf,
        other=other,
    )


def build_applications(content):
    """The growth forum, EKO and N17's application work on top of ``content`` (see ``factories.application_work``),
    with the forum meeting at 13:00 and two applications. Returns them by name."""
    start = (timezone.now() + dt.timedelta(days=10)).astimezone(f.CPH)
    work = f.application_work(content.n17, start=start.replace(hour=13, minute=0, second=0, microsecond=0))
    coast = f.application(
        work.archive,
        work.areas["tourism"],
        title="Kystturisme i Sydsjælland",
        slug="kystturisme",
        reference="VF-1",
        decision_meeting=work.meeting,
        summary="<p>Et fælles løft af overnatningskapaciteten langs kysten.</p>",
    )
    freight = f.application(
        work.archive,
        work.areas["transport"],
        title="Grøn godstransport",
        slug="godstransport",
        applicant="Køge Havn",
        reference="VF-2",
        decision_meeting=work.meeting,
    )
    return SimpleNamespace(**vars(work), coast=coast, freight=freight, eko_users=role_users(work.eko, "eko"))
