"""What the public may see, and the bookkeeping that follows it: public file links, meeting places, stamps, stubs."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from wagtail.models import Locale, Page

from pages import visibility
from pages.models import (
    AgendaItem,
    MeetingPage,
    Membership,
    MemoPage,
    OrganisationPage,
    Person,
    PortalDocument,
)

from .models import FileLink, Kind, Location, Stamp, Tombstone

PAGE_KINDS = ((MeetingPage, Kind.MEETING), (MemoPage, Kind.PAPER), (OrganisationPage, Kind.ORGANIZATION))


def page_kind(page):
    """The OParl type a page is published as, or None for pages the API does not publish."""
    for model, kind in PAGE_KINDS:
        if isinstance(page, model):
            return kind
    return None


class Scope:
    """The set of public objects, worked out once for a request or an export run.

    Public means what the portal's visibility rule (pages/visibility.py) shows the public, in the default (Danish)
    locale, and what hangs on such pages; files also need a collection open to everyone. ``hidden_page_ids`` treats
    pages as already gone, for use while they are being deleted.
    """

    def __init__(self, hidden_page_ids=()):
        self.viewer = visibility.public()
        self.locale_id = Locale.get_default().pk
        self.hidden_page_ids = list(hidden_page_ids)

    def pages(self, model=Page):
        queryset = self.viewer.pages(model.objects.filter(locale_id=self.locale_id))
        if self.hidden_page_ids:
            queryset = queryset.exclude(pk__in=self.hidden_page_ids)
        return queryset

    def organisations(self):
        return self.pages(OrganisationPage)

    def meetings(self):
        return self.pages(MeetingPage)

    def memos(self):
        return self.pages(MemoPage)

    def agenda_items(self):
        return AgendaItem.objects.filter(meeting__in=self.meetings().values("pk"))

    def memberships(self):
        return Membership.objects.filter(organisation__in=self.organisations().values("pk"))

    def persons(self):
        return Person.objects.filter(Exists(self.memberships().filter(person=OuterRef("pk"))))

    def file_links(self):
        return FileLink.objects.filter(page__in=self.pages().values("pk")).filter(
            Q(agenda_item__isnull=True) | Q(agenda_item__closed=False)
        )

    def files(self):
        return PortalDocument.objects.filter(self.viewer.collection_q()).filter(
            Exists(self.file_links().filter(document=OuterRef("pk")))
        )

    def locations(self):
        return Location.objects.filter(description__in=self.meetings().exclude(location="").values("location"))

    def visible_ids(self, kind):
        return {
            Kind.ORGANIZATION: self.organisations,
            Kind.MEETING: self.meetings,
            Kind.PAPER: self.memos,
            Kind.AGENDA_ITEM: self.agenda_items,
            Kind.MEMBERSHIP: self.memberships,
            Kind.PERSON: self.persons,
            Kind.FILE: self.files,
            Kind.LOCATION: self.locations,
        }[kind]().values("pk")


# Attachments -------------------------------------------------------------------------------------------------


def public_attachments(stream):
    """(document id, title) of each attachment in a StreamField that may be published."""
    return [(row["document"], row["title"]) for row in visibility.attachment_rows(stream) if row["publishable"]]


def desired_links(page, items=None):
    """The public file links a published meeting or memo should have."""
    links = []
    if isinstance(page, MeetingPage):
        for item in page.agenda_items.all() if items is None else items:
            if item.closed:
                continue
            links += [(doc, page.pk, item.pk, title) for doc, title in public_attachments(item.attachments)]
    elif isinstance(page, MemoPage):
        links += [(doc, page.pk, None, title) for doc, title in public_attachments(page.attachments)]
    return links


def _write_links(page_ids, wanted):
    """Replaces the links of ``page_ids`` with ``wanted``; returns the ids of every document touched."""
    existing = {
        (link.document_id, link.page_id, link.agenda_item_id, link.title): link.pk
        for link in FileLink.objects.filter(page_id__in=page_ids)
    }
    known_docs = set(PortalDocument.objects.filter(pk__in={w[0] for w in wanted}).values_list("pk", flat=True))
    wanted = {w for w in wanted if w[0] in known_docs}
    gone = [pk for key, pk in existing.items() if key not in wanted]
    new = [w for w in wanted if w not in existing]
    if gone:
        FileLink.objects.filter(pk__in=gone).delete()
    if new:
        FileLink.objects.bulk_create(
            [FileLink(document_id=d, page_id=p, agenda_item_id=i, title=t[:255]) for d, p, i, t in new]
        )
    changed = {key[0] for key, pk in existing.items() if key not in wanted} | {w[0] for w in new}
    return {key[0] for key in existing} | {w[0] for w in wanted}, changed


# Stamps and stubs --------------------------------------------------------------------------------------------


def touch(kind, ids):
    """Marks objects as changed now, creating their stamp on first sight."""
    now = timezone.now()
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return
    Stamp.objects.bulk_create(
        [Stamp(kind=kind, object_id=i, created=now, modified=now) for i in ids], ignore_conflicts=True
    )
    Stamp.objects.filter(kind=kind, object_id__in=ids).update(modified=now)


def bury(kind, created_by_id, parents=None):
    """Records deleted-object stubs for ``{id: created}``; a stub already there gets the new deletion time."""
    now = timezone.now()
    parents = parents or {}
    for object_id, created in created_by_id.items():
        Tombstone.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            defaults={"deleted_at": now},
            create_defaults={"created": created or now, "deleted_at": now, "parent_id": parents.get(object_id)},
        )


def stamped_created(kind, ids):
    found = dict(Stamp.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", "created"))
    return {i: found.get(i) for i in ids}


def bury_files_no_longer_public(doc_ids, scope):
    if not doc_ids:
        return
    still = set(scope.files().filter(pk__in=doc_ids).values_list("pk", flat=True))
    gone = PortalDocument.objects.filter(pk__in=set(doc_ids) - still)
    bury(Kind.FILE, dict(gone.values_list("pk", "created_at")))


def bury_locations_no_longer_used(descriptions, scope):
    descriptions = {d.strip() for d in descriptions if d and d.strip()}
    if not descriptions:
        return
    used = set(scope.meetings().filter(location__in=descriptions).values_list("location", flat=True))
    gone = Location.objects.filter(description__in=descriptions - used)
    bury(Kind.LOCATION, dict(gone.values_list("pk", "created")))


def bury_persons_no_longer_public(person_ids, scope):
    person_ids = set(person_ids)
    if not person_ids:
        return
    still = set(scope.persons().filter(pk__in=person_ids).values_list("pk", flat=True))
    gone = list(Person.objects.filter(pk__in=person_ids - still).values_list("pk", flat=True))
    bury(Kind.PERSON, stamped_created(Kind.PERSON, gone))


# Page events -------------------------------------------------------------------------------------------------


def in_default_locale(page):
    return page.locale_id == Locale.get_default().pk


def page_published(page):
    """A page went live: refresh its public file links and make sure its meeting place is known."""
    if not in_default_locale(page) or page_kind(page) is None:
        return
    scope = Scope()
    visible = scope.pages().filter(pk=page.pk).exists()
    wanted = desired_links(page) if visible else []
    touched, changed = _write_links([page.pk], wanted)
    touch(Kind.FILE, changed)
    bury_files_no_longer_public(touched, scope)
    if isinstance(page, MeetingPage) and page.location.strip():
        Location.objects.get_or_create(description=page.location.strip())
        bury_locations_no_longer_used(
            Location.objects.exclude(tombstone_q()).values_list("description", flat=True), scope
        )


def tombstone_q():
    return Q(pk__in=Tombstone.objects.filter(kind=Kind.LOCATION).values("object_id"))


def pages_hidden(pages, deleting=False):
    """Pages left the public (unpublished, deleted or put behind a view restriction): record their stubs."""
    pages = [p for p in pages if page_kind(p) is not None and in_default_locale(p)]
    if not pages:
        return
    page_ids = [p.pk for p in pages]
    scope = Scope(hidden_page_ids=page_ids if deleting else ())
    parents = {p.pk: parent for p in pages if (parent := p.get_parent()) is not None}
    for kind in (Kind.MEETING, Kind.PAPER, Kind.ORGANIZATION):
        bury(
            kind,
            {p.pk: p.first_published_at for p in pages if page_kind(p) == kind},
            {k: v.pk for k, v in parents.items()},
        )

    meetings = [p for p in pages if page_kind(p) == Kind.MEETING]
    if meetings:
        items = AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings]).values_list("pk", "meeting_id")
        created = {m.pk: m.first_published_at for m in meetings}
        bury(Kind.AGENDA_ITEM, {pk: created.get(m) for pk, m in items}, dict(items))
        bury_locations_no_longer_used([m.location for m in meetings], scope)

    linked = set(FileLink.objects.filter(page_id__in=page_ids).values_list("document_id", flat=True))
    FileLink.objects.filter(page_id__in=page_ids).delete()
    bury_files_no_longer_public(linked, scope)

    organisations = [p.pk for p in pages if page_kind(p) == Kind.ORGANIZATION]
    if organisations:
        memberships = list(Membership.objects.filter(organisation_id__in=organisations).values_list("pk", "person_id"))
        bury(Kind.MEMBERSHIP, stamped_created(Kind.MEMBERSHIP, [pk for pk, _ in memberships]))
        bury_persons_no_longer_public({person for _, person in memberships}, scope)


def subtree_changed(page, restricted):
    """A view restriction was added to (or removed from) ``page``: hide or show it and every page below it."""
    pages = list(Page.objects.filter(path__startswith=page.path, live=True).specific())
    if restricted:
        pages_hidden(pages)
    else:
        for each in pages:
            page_published(each)


# Rebuild -----------------------------------------------------------------------------------------------------


def rebuild(chunk=500):
    """Brings the public file links, meeting places and stamps in line with the database; safe to run any time."""
    scope = Scope()
    now = timezone.now()
    for kind, model in ((Kind.PERSON, Person), (Kind.MEMBERSHIP, Membership)):
        missing = model.objects.exclude(pk__in=Stamp.objects.filter(kind=kind).values("object_id"))
        Stamp.objects.bulk_create(
            [Stamp(kind=kind, object_id=pk, created=now, modified=now) for pk in missing.values_list("pk", flat=True)],
            ignore_conflicts=True,
        )
    descriptions = set(scope.meetings().exclude(location="").values_list("location", flat=True))
    Location.objects.bulk_create(
        [Location(description=d.strip()[:255]) for d in descriptions if d.strip()], ignore_conflicts=True
    )

    wanted = []
    meeting_ids = list(scope.meetings().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(meeting_ids), chunk):
        meetings = MeetingPage.objects.filter(pk__in=meeting_ids[start : start + chunk]).prefetch_related(
            "agenda_items"
        )
        for meeting in meetings:
            wanted += desired_links(meeting, meeting.agenda_items.all())
    for memo in scope.memos().only("pk", "attachments").iterator(chunk_size=chunk):
        wanted += desired_links(memo)
    page_ids = set(FileLink.objects.values_list("page_id", flat=True)) | {w[1] for w in wanted}
    touched, changed = _write_links(page_ids, wanted)
    touch(Kind.FILE, changed)
    bury_files_no_longer_public(touched, scope)
