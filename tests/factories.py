"""Builders for the portal's pages and snippets in tests: each returns a saved, published object."""

import datetime as dt
import itertools
import uuid
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection, Locale, Page, Site

from pages.models import (
    AgendaItem,
    ApplicationIndexPage,
    ApplicationPage,
    BodyPage,
    CaseHandlerAssignment,
    ConsortiumPage,
    FocusArea,
    HomePage,
    MeetingPage,
    Membership,
    MemoIndexPage,
    MemoPage,
    Municipality,
    Person,
    PortalDocument,
    WorkingGroupPage,
)
from portal import addresses

CPH = ZoneInfo("Europe/Copenhagen")
_counter = itertools.count(1)


def _slug(prefix):
    return f"{prefix}-{next(_counter)}"


def home_page():
    """The Danish home page the initial migration creates (made again if a test removed it)."""
    if Collection.get_first_root_node() is None:  # emptied by a transactional test's flush
        Collection.add_root(name="Root")
    home = HomePage.objects.filter(locale__language_code="da").first()
    if home is None:
        danish, _ = Locale.objects.get_or_create(language_code="da")
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=danish))
        home = root.add_child(instance=HomePage(title="Forside", slug="forside", locale=danish))
        Site.objects.update_or_create(is_default_site=True, defaults={**addresses.site_fields(), "root_page": home})
    return home


def add_page(parent, page, publish=True):
    """Adds ``page`` under ``parent``; with ``publish`` a revision is saved and published, as an editor would."""
    page.live = False
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def body(parent=None, title="Kommunalt erhvervsnetværk", short_name="N17", publish=True, **fields):
    page = BodyPage(title=title, slug=fields.pop("slug", _slug("body")), short_name=short_name, **fields)
    return add_page(parent or home_page(), page, publish)


def working_group(parent, title="Energi og Klima", publish=True, **fields):
    page = WorkingGroupPage(title=title, slug=fields.pop("slug", _slug("group")), **fields)
    return add_page(parent, page, publish)


def consortium(parent, title="Turismekonsortiet", theme="Turisme", publish=True, **fields):
    page = ConsortiumPage(title=title, slug=fields.pop("slug", _slug("consortium")), theme=theme, **fields)
    return add_page(parent, page, publish)


def copenhagen(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=CPH)


def meeting(parent, start=None, items=0, closed=(), publish=True, duration_hours=2, **fields):
    """A meeting under ``parent`` with ``items`` agenda items; item numbers in ``closed`` (1-based) are closed."""
    start = start or (timezone.now() + dt.timedelta(days=14)).replace(microsecond=0)
    page = MeetingPage(
        title=fields.pop("title", f"Møde {start:%d.%m.%Y}"),
        slug=fields.pop("slug", _slug("meeting")),
        start=start,
        end=fields.pop("end", start + dt.timedelta(hours=duration_hours)),
        location=fields.pop("location", "Rådhuset, Sorø"),
        **fields,
    )
    for number in range(1, items + 1):
        page.agenda_items.add(
            AgendaItem(
                sort_order=number - 1,
                title=f"Punkt {number}: Orientering om vækstforum",
                description=f"<p>Sagsfremstilling for punkt {number}.</p>",
                recommendation="<p>Det indstilles, at orienteringen tages til efterretning.</p>",
                decision="",
                closed=number in closed,
                legal_basis="Forvaltningslovens § 30" if number in closed else "",
            )
        )
    return add_page(parent, page, publish)


def memo_archive(parent=None, title="Notater", publish=True):
    return add_page(parent or home_page(), MemoIndexPage(title=title, slug=_slug("notater")), publish)


def memo(parent, title="Kommunernes organisering af arbejdet med vækstforum", publish=True, **fields):
    page = MemoPage(
        title=title,
        slug=fields.pop("slug", _slug("notat")),
        date=fields.pop("date", dt.date(2009, 1, 19)),
        journal_number=fields.pop("journal_number", "04.00.00"),
        action_facet=fields.pop("action_facet", "P16"),
        case_id=fields.pop("case_id", "000198683"),
        author_reference=fields.pop("author_reference", "MEN"),
        sender=fields.pop("sender", "KL"),
        body=fields.pop("body", "<p>Kommunerne i Region Sjælland var tidligere repræsenteret i sekretariatet.</p>"),
        **fields,
    )
    return add_page(parent, page, publish)


def municipality(name="Sorø", code=340):
    return Municipality.objects.get_or_create(name=name, defaults={"code": code})[0]


def person(name="Henning Jensen", title="Borgmester", party="S", municipality_name="Næstved"):
    return Person.objects.create(
        name=name, title=title, party=party, municipality=municipality(municipality_name, code=None)
    )


def membership(person_obj, organisation, role=Membership.Role.MEMBER, start_date=None, end_date=None):
    return Membership.objects.create(
        person=person_obj, organisation=organisation, role=role, start_date=start_date, end_date=end_date
    )


def document(title="Bilag", filename="bilag.txt", content=b"Bilag til dagsordenen", collection=None):
    doc = PortalDocument(title=title)
    if collection is not None:
        doc.collection = collection
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


def pdf_bytes(pages=1, text="Bilag til dagsordenen", encrypt=None):
    """A PDF of ``pages`` pages, each with ``text`` and its page number, drawn with reportlab."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, f"{text} – side {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def attachment(doc, title="", publishable=True):
    """The raw StreamField value of one attachment, for ``AgendaItem.attachments`` or ``MemoPage.attachments``."""
    return [{"type": "attachment", "value": {"document": doc.pk, "title": title, "publishable": publishable}}]


def focus_area(name="Turisme"):
    danish = Locale.objects.get(language_code="da")
    return FocusArea.objects.get_or_create(name=name, locale=danish)[0]


def case_handler(person_obj, area, network, start_date=None, end_date=None):
    """Assigns ``person_obj`` (made a member of ``network`` when not one already) to handle ``area``."""
    if not Membership.objects.filter(person=person_obj, organisation=network).exists():
        membership(person_obj, network)
    assignment = CaseHandlerAssignment(
        person=person_obj,
        focus_area=area,
        network=network,
        start_date=start_date or timezone.localdate() - dt.timedelta(days=30),
        end_date=end_date,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


def application_archive(network, forum=None, title="Ansøgninger om medfinansiering", publish=True):
    page = ApplicationIndexPage(title=title, slug=_slug("ansoegninger"), forum=forum)
    return add_page(network, page, publish)


def application(archive, area, title="Kystturisme i Sydsjælland", publish=True, **fields):
    page = ApplicationPage(
        title=title,
        slug=fields.pop("slug", _slug("ansoegning")),
        applicant=fields.pop("applicant", "Destination Sydsjælland"),
        focus_area=area,
        amount=fields.pop("amount", 1_250_000),
        **fields,
    )
    return add_page(archive, page, publish)


def application_work(network, start=None):
    """The growth forum's application work around ``network`` (N17): the forum, EKO, a forum meeting in ten days
    whose agenda items carry the case numbers VF-1 and VF-2, EKO's pre-meeting for it, three focus areas, three
    members of the network with logins (Anna handles tourism, Bo transport, Carl nothing) and the application archive.
    The applications themselves are left to the caller."""
    from types import SimpleNamespace

    from pages.models import OrganisationRoles
    from tests.workflow_support import user

    forum = body(title="Vækstforum Sjælland", short_name="VF", slug="vaekstforum")
    eko = body(title="Erhvervskoordinationsgruppen", short_name="EKO", slug="eko")
    start = start or (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0)
    forum_meeting = meeting(forum, start=start, items=4, title="Møde i Vækstforum", publish=False)
    agenda = [
        ("Godkendelse af dagsorden", ""),
        ("Ansøgning: Kystturisme", "VF-1"),
        ("Ansøgning: Grøn godstransport", "VF-2"),
        ("Eventuelt", ""),
    ]
    for item, (title, reference) in zip(forum_meeting.agenda_items.order_by("sort_order"), agenda, strict=True):
        item.title, item.case_reference = title, reference
        item.save()
    forum_meeting.save_revision().publish()
    forum_meeting.refresh_from_db()
    pre_meeting = meeting(
        eko,
        start=start - dt.timedelta(days=2),
        title="Formøde med de kommunale medlemmer",
        kind=MeetingPage.Kind.PRE_MEETING,
        precedes=forum_meeting,
    )
    areas = {
        "tourism": focus_area("Turisme"),
        "transport": focus_area("Transport"),
        "startups": focus_area("Iværksætteri"),
    }
    members = OrganisationRoles.for_page(network).members
    people = {}
    for key, name, town in [("anna", "Anna Holm", "Sorø"), ("bo", "Bo Lind", "Køge"), ("carl", "Carl Ravn", "Faxe")]:
        someone = person(name=name, title="Erhvervschef", party="", municipality_name=town)
        someone.user = user(key, members)
        someone.save()
        membership(someone, network)
        people[key] = someone
    case_handler(people["anna"], areas["tourism"], network)
    case_handler(people["bo"], areas["transport"], network)
    return SimpleNamespace(
        forum=forum,
        eko=eko,
        meeting=forum_meeting,
        pre_meeting=pre_meeting,
        areas=areas,
        people=people,
        archive=application_archive(network, forum=forum),
    )


def page_rows(parent, model, count, slug, title):
    """``count`` published page rows of ``model`` under ``parent``, numbered from 1 and not yet saved, for the
    benchmarks' bulk loads (``Page.objects.bulk_create``); the caller adds the rows of ``model``'s own table."""
    content_type = ContentType.objects.get_for_model(model)
    published = timezone.now().replace(microsecond=0)
    return [
        Page(
            title=f"{title} {n}",
            draft_title=f"{title} {n}",
            slug=f"{slug}-{n}",
            content_type=content_type,
            path=Page._get_path(parent.path, parent.depth + 1, n),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}-{n}/",
            locale_id=parent.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            translation_key=uuid.uuid4(),
        )
        for n in range(1, count + 1)
    ]
