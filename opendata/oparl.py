"""The mapping of the portal onto OParl 1.1: one class per object type, turning pages of objects into JSON."""

import functools
import mimetypes
import posixpath

from django.conf import settings
from django.db.models import DateTimeField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pages.formatting import plain
from pages.models import AgendaItem, Attendance
from pages.tree import parents_of
from portal import addresses

from .index import Scope, public_attachments
from .models import Kind, Location, Stamp, Tombstone

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "sjaelland"  # prefix of the portal's own properties, as OParl allows for vendor extensions
BODY_SLUG = "sjaelland"
EPOCH = timezone.make_aware(timezone.datetime(2000, 1, 1))

# OParl's recommended meetingState values; clients compare against these words, so they stay untranslated.
MEETING_STATES = {"planned": "terminiert", "agenda": "eingeladen", "minutes": "durchgeführt", "cancelled": "abgesagt"}


def base_url():
    """The portal's address without a slash (portal/addresses.py)."""
    return addresses.base_url()


@functools.cache
def _api_path():
    return reverse("opendata:system")


def api_url(name, *args):
    return base_url() + reverse(f"opendata:{name}", args=args)


def object_url(kind, pk):
    """An object's id: the API's address plus type and number (built by hand: reverse() is slow in lists)."""
    return f"{base_url()}{_api_path()}{kind}/{pk}"


def stamp(value):
    """An OParl date-time: ISO 8601 with offset, in the portal's time zone, to the second."""
    return timezone.localtime(value or EPOCH).isoformat(timespec="seconds")


def _pk(page):
    return page.pk if page is not None else None


def compact(data):
    """Leaves out empty values, as OParl recommends for optional properties."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def stamp_subquery(kind, field="modified"):
    return Subquery(
        Stamp.objects.filter(kind=kind, object_id=OuterRef("pk")).values(field)[:1], output_field=DateTimeField()
    )


def page_created():
    return Coalesce(F("first_published_at"), F("last_published_at"), Value(EPOCH))


def page_modified():
    return Coalesce(F("last_published_at"), F("first_published_at"), Value(EPOCH))


def page_url(page):
    """The public web address of a page, looked up from Wagtail's cached site roots (no query per page)."""
    return addresses.page_url(page)


class Context:
    """What serialising needs besides the objects: the public scope and whether to leave out embedded lists."""

    def __init__(self, scope=None, omit_internal=False):
        self.scope = scope or Scope()
        self.omit_internal = omit_internal
        self.body_url = api_url("body", BODY_SLUG)


def deleted_stub(kind, tombstone):
    """What OParl requires of a deleted object: id, type, created, modified (the time of deletion) and deleted."""
    return {
        "id": object_url(kind, tombstone.object_id),
        "type": SCHEMA + TYPES[kind].type_name,
        "created": stamp(tombstone.created),
        "modified": stamp(tombstone.deleted_at),
        "deleted": True,
    }


class ObjectType:
    """One OParl object type: its public queryset with created/modified, and how a page of it becomes JSON."""

    kind = None
    type_name = None

    def queryset(self, ctx):
        raise NotImplementedError

    def annotated(self, ctx):
        return self.queryset(ctx).order_by("pk")

    def serialise_many(self, objects, ctx):
        return [self.serialise(obj, ctx, extra) for obj, extra in zip(objects, self.load(objects, ctx), strict=True)]

    def load(self, objects, ctx):
        """Fetches, in a fixed number of queries, what the objects on one list page refer to."""
        return [None] * len(objects)

    def head(self, obj):
        return {
            "id": object_url(self.kind, obj.pk),
            "type": SCHEMA + self.type_name,
        }

    def times(self, obj):
        return {"created": stamp(obj.oparl_created), "modified": stamp(obj.oparl_modified)}


class OrganizationType(ObjectType):
    kind = Kind.ORGANIZATION
    type_name = "Organization"

    def queryset(self, ctx):
        modified = page_modified()
        return (
            ctx.scope.organisations()
            .annotate(
                oparl_created=page_created(),
                oparl_modified=Greatest(modified, Coalesce(stamp_subquery(self.kind), modified)),
            )
            .select_related("bodypage", "workinggrouppage", "consortiumpage")
        )

    def load(self, objects, ctx):
        ids = [o.pk for o in objects]
        memberships = {}
        for pk, org in (
            ctx.scope.memberships().filter(organisation_id__in=ids).order_by("pk").values_list("pk", "organisation_id")
        ):
            memberships.setdefault(org, []).append(pk)
        parents = parents_of([o.path for o in objects], ctx.scope.organisations().only("pk", "path"))
        return [(memberships.get(o.pk, []), _pk(parents.get(o.path))) for o in objects]

    def serialise(self, obj, ctx, extra):
        membership_ids, parent_id = extra
        specific = getattr(obj, "bodypage", None) or getattr(obj, "workinggrouppage", None)
        specific = specific or getattr(obj, "consortiumpage", None) or obj
        data = self.head(obj)
        start = end = None
        classification = ""
        reports_to = None
        if hasattr(specific, "reports_to_id"):
            classification = str(specific.get_kind_display())
            start = specific.established
            reports_to = specific.reports_to_id
        elif hasattr(specific, "mandate"):
            classification = str(_("Working group"))
            start, end = specific.start_date, specific.end_date
        elif hasattr(specific, "theme"):
            classification = str(_("Consortium"))
        sub_of = parent_id or reports_to
        data.update(
            compact(
                {
                    "body": ctx.body_url,
                    "name": obj.title,
                    "shortName": obj.short_name,
                    "membership": [object_url(Kind.MEMBERSHIP, pk) for pk in membership_ids],
                    "meeting": api_url("organization-meetings", obj.pk),
                    "subOrganizationOf": object_url(Kind.ORGANIZATION, sub_of) if sub_of else None,
                    "organizationType": "Gremium",
                    "classification": classification,
                    "startDate": start.isoformat() if start else None,
                    "endDate": end.isoformat() if end else None,
                    "web": page_url(obj),
                    f"{VENDOR}:summary": obj.summary,
                    f"{VENDOR}:theme": getattr(specific, "theme", ""),
                    f"{VENDOR}:field": getattr(specific, "field", ""),
                    f"{VENDOR}:meetingRhythm": getattr(specific, "meeting_rhythm", ""),
                }
            )
        )
        data.update(self.times(obj))
        return data


class MembershipType(ObjectType):
    kind = Kind.MEMBERSHIP
    type_name = "Membership"

    def queryset(self, ctx):
        return ctx.scope.memberships().annotate(
            oparl_created=Coalesce(stamp_subquery(self.kind, "created"), Value(EPOCH)),
            oparl_modified=Coalesce(stamp_subquery(self.kind), Value(EPOCH)),
        )

    def serialise(self, obj, ctx, extra=None, embedded=False):
        data = self.head(obj)
        data.update(
            compact(
                {
                    "person": None if embedded else object_url(Kind.PERSON, obj.person_id),
                    "organization": object_url(Kind.ORGANIZATION, obj.organisation_id),
                    "role": str(obj.get_role_display()),
                    "startDate": obj.start_date.isoformat() if obj.start_date else None,
                    "endDate": obj.end_date.isoformat() if obj.end_date else None,
                    f"{VENDOR}:note": obj.note,
                }
            )
        )
        data.update(self.times(obj))
        return data


class PersonType(ObjectType):
    kind = Kind.PERSON
    type_name = "Person"

    def queryset(self, ctx):
        return (
            ctx.scope.persons()
            .annotate(
                oparl_created=Coalesce(stamp_subquery(self.kind, "created"), Value(EPOCH)),
                oparl_modified=Coalesce(stamp_subquery(self.kind), Value(EPOCH)),
            )
            .select_related("municipality")
        )

    def load(self, objects, ctx):
        if ctx.omit_internal:
            return [[] for _ in objects]
        memberships = {}
        rows = MembershipType().annotated(ctx).filter(person_id__in=[o.pk for o in objects])
        for membership in rows:
            memberships.setdefault(membership.person_id, []).append(membership)
        return [memberships.get(o.pk, []) for o in objects]

    def serialise(self, obj, ctx, extra):
        given, _, family = obj.name.rpartition(" ")
        data = self.head(obj)
        data.update(
            compact(
                {
                    "body": ctx.body_url,
                    "name": obj.name,
                    "familyName": family if given else "",
                    "givenName": given,
                    "status": [obj.title] if obj.title else [],
                    "membership": [MembershipType().serialise(m, ctx, embedded=True) for m in extra],
                    f"{VENDOR}:party": obj.party,
                    f"{VENDOR}:municipality": obj.municipality.name if obj.municipality_id else "",
                }
            )
        )
        data.update(self.times(obj))
        return data


class LocationType(ObjectType):
    kind = Kind.LOCATION
    type_name = "Location"

    def queryset(self, ctx):
        return ctx.scope.locations().annotate(oparl_created=F("created"), oparl_modified=F("created"))

    def serialise(self, obj, ctx, extra=None):
        data = self.head(obj)
        data["description"] = obj.description
        data.update(self.times(obj))
        return data


class FileType(ObjectType):
    kind = Kind.FILE
    type_name = "File"

    def queryset(self, ctx):
        return ctx.scope.files().annotate(
            oparl_created=F("created_at"),
            oparl_modified=Coalesce(stamp_subquery(self.kind), F("created_at")),
        )

    def load(self, objects, ctx):
        refs = {o.pk: {"meeting": set(), "agendaItem": set(), "paper": set()} for o in objects}
        links = ctx.scope.file_links().filter(document_id__in=list(refs))
        for document_id, page_id, item_id in links.values_list("document_id", "page_id", "agenda_item_id"):
            if item_id:
                refs[document_id]["meeting"].add(object_url(Kind.MEETING, page_id))
                refs[document_id]["agendaItem"].add(object_url(Kind.AGENDA_ITEM, item_id))
            else:
                refs[document_id]["paper"].add(object_url(Kind.PAPER, page_id))
        return [refs[o.pk] for o in objects]

    def serialise(self, obj, ctx, extra=None):
        file_name = posixpath.basename(obj.file.name)
        data = self.head(obj)
        data.update(
            compact(
                {
                    # One name per File id, embedded or not: the document's own title, never an attachment's.
                    "name": obj.title,
                    "fileName": file_name,
                    "mimeType": mimetypes.guess_type(file_name)[0] or "application/octet-stream",
                    "date": timezone.localtime(obj.created_at).date().isoformat() if obj.created_at else None,
                    "size": obj.file_size,
                    "text": obj.extracted_text,
                    "accessUrl": api_url("file-access", obj.pk),
                    "downloadUrl": api_url("file-download", obj.pk),
                    f"{VENDOR}:sha256": obj.sha256,
                }
            )
        )
        if extra:
            data.update({key: sorted(urls) for key, urls in extra.items() if urls})
        data.update(self.times(obj))
        return data

    def embedded(self, ids_with_titles, ctx):
        """The File objects for (document id, title) pairs, in one query, keyed by document id."""
        ids = {pk for pk, _ in ids_with_titles}
        if not ids:
            return {}
        return {doc.pk: doc for doc in self.annotated(ctx).filter(pk__in=ids)}


class AgendaItemType(ObjectType):
    kind = Kind.AGENDA_ITEM
    type_name = "AgendaItem"

    def queryset(self, ctx):
        return ctx.scope.agenda_items().annotate(
            oparl_created=Coalesce(F("meeting__first_published_at"), F("meeting__last_published_at"), Value(EPOCH)),
            oparl_modified=Coalesce(F("meeting__last_published_at"), F("meeting__first_published_at"), Value(EPOCH)),
        )

    def load(self, objects, ctx):
        numbers = {}
        meeting_ids = {o.meeting_id for o in objects}
        for pk, meeting_id in (
            AgendaItem.objects.filter(meeting_id__in=meeting_ids)
            .order_by("meeting_id", "sort_order", "pk")
            .values_list("pk", "meeting_id")
        ):
            numbers[pk] = numbers.get(("count", meeting_id), 0) + 1
            numbers[("count", meeting_id)] = numbers[pk]
        files = self.files_for(objects, ctx)
        return [(numbers.get(o.pk, 0), files) for o in objects]

    def files_for(self, items, ctx):
        pairs = []
        if not ctx.omit_internal:
            for item in items:
                if not item.closed:
                    pairs += public_attachments(item.attachments)
        return FileType().embedded(pairs, ctx)

    def serialise(self, obj, ctx, extra, embedded=False):
        number, documents = extra
        data = self.head(obj)
        data.update(
            {
                "meeting": object_url(Kind.MEETING, obj.meeting_id),
                "number": str(number),
                "order": number,
                "public": not obj.closed,
            }
        )
        if obj.closed:
            data["name"] = str(_("Closed item"))
        else:
            files = []
            if not ctx.omit_internal:
                for doc_id, _title in public_attachments(obj.attachments):
                    if doc_id in documents:
                        files.append(FileType().serialise(documents[doc_id], ctx))
            data.update(
                compact(
                    {
                        "name": obj.title,
                        "resolutionText": plain(obj.decision),
                        "auxiliaryFile": files,
                        f"{VENDOR}:caseReference": obj.case_reference,
                        f"{VENDOR}:caseText": plain(obj.description),
                        f"{VENDOR}:recommendation": plain(obj.recommendation),
                    }
                )
            )
        if embedded:
            data.pop("meeting")
        data.update(self.times(obj))
        return data


class MeetingType(ObjectType):
    kind = Kind.MEETING
    type_name = "Meeting"

    def queryset(self, ctx):
        return ctx.scope.meetings().annotate(oparl_created=page_created(), oparl_modified=page_modified())

    def load(self, objects, ctx):
        ids = [o.pk for o in objects]
        items = {}
        for item in (
            AgendaItemType().queryset(ctx).filter(meeting_id__in=ids).order_by("meeting_id", "sort_order", "pk")
        ):
            items.setdefault(item.meeting_id, []).append(item)
        all_items = [i for group in items.values() for i in group]
        files = AgendaItemType().files_for(all_items, ctx)
        descriptions = {o.location.strip() for o in objects if o.location.strip()}
        locations = {}
        if descriptions:
            known = Location.objects.filter(description__in=descriptions)
            locations = {
                loc.description: loc for loc in known.annotate(oparl_created=F("created"), oparl_modified=F("created"))
            }
        parents = parents_of([o.path for o in objects], ctx.scope.organisations().only("pk", "path"))
        participants = {}
        present = Attendance.objects.filter(
            meeting_id__in=ids, status=Attendance.Status.PRESENT, person__in=ctx.scope.persons()
        ).order_by("sort_order", "pk")
        for meeting_id, person_id in present.values_list("meeting_id", "person_id"):
            participants.setdefault(meeting_id, []).append(person_id)
        return [
            (
                items.get(o.pk, []),
                files,
                locations.get(o.location.strip()),
                _pk(parents.get(o.path)),
                participants.get(o.pk, []),
            )
            for o in objects
        ]

    def serialise(self, obj, ctx, extra):
        items, files, location, parent_id, participant_ids = extra
        state = obj.status(items)[0]
        data = self.head(obj)
        data.update(
            compact(
                {
                    "name": obj.title,
                    "meetingState": MEETING_STATES[state],
                    "cancelled": obj.cancelled,
                    "start": stamp(obj.start),
                    "end": stamp(obj.end),
                    "location": LocationType().serialise(location, ctx) if location else None,
                    "organization": [object_url(Kind.ORGANIZATION, parent_id)] if parent_id else [],
                    "participant": [object_url(Kind.PERSON, pk) for pk in participant_ids],
                    "web": page_url(obj),
                    f"{VENDOR}:kind": str(obj.get_kind_display()),
                    f"{VENDOR}:cancellationReason": obj.cancellation_reason if obj.cancelled else "",
                    f"{VENDOR}:minutes": plain(obj.minutes),
                }
            )
        )
        if not ctx.omit_internal and items:
            data["agendaItem"] = [
                AgendaItemType().serialise(item, ctx, (number, files), embedded=True)
                for number, item in enumerate(items, start=1)
            ]
        data.update(self.times(obj))
        return data


class PaperType(ObjectType):
    kind = Kind.PAPER
    type_name = "Paper"

    def queryset(self, ctx):
        return ctx.scope.memos().annotate(oparl_created=page_created(), oparl_modified=page_modified())

    def load(self, objects, ctx):
        ids = [o.pk for o in objects]
        pairs = []
        if not ctx.omit_internal:
            for memo in objects:
                pairs += public_attachments(memo.attachments)
        files = FileType().embedded(pairs, ctx)
        through = objects[0].related_organisations.through if objects else None
        organisations, meetings, topics = {}, {}, {}
        if objects:
            visible_orgs = ctx.scope.organisations().values("pk")
            for memo_id, org_id in through.objects.filter(
                memopage_id__in=ids, organisationpage_id__in=visible_orgs
            ).values_list("memopage_id", "organisationpage_id"):
                organisations.setdefault(memo_id, []).append(org_id)
            meeting_through = objects[0].related_meetings.through
            for memo_id, meeting_id in meeting_through.objects.filter(
                memopage_id__in=ids, meetingpage_id__in=ctx.scope.meetings().values("pk")
            ).values_list("memopage_id", "meetingpage_id"):
                meetings.setdefault(memo_id, []).append(meeting_id)
            tag_model = objects[0].tagged_items.model
            for memo_id, name in tag_model.objects.filter(content_object_id__in=ids).values_list(
                "content_object_id", "tag__name"
            ):
                topics.setdefault(memo_id, []).append(name)
        return [(files, organisations.get(o.pk, []), meetings.get(o.pk, []), topics.get(o.pk, [])) for o in objects]

    def serialise(self, obj, ctx, extra):
        documents, organisation_ids, meeting_ids, topics = extra
        files = []
        if not ctx.omit_internal:
            for doc_id, _title in public_attachments(obj.attachments):
                if doc_id in documents:
                    files.append(FileType().serialise(documents[doc_id], ctx))
        data = self.head(obj)
        data.update(
            compact(
                {
                    "body": ctx.body_url,
                    "name": obj.title,
                    "reference": obj.case_id or obj.journal_label,
                    "date": obj.date.isoformat() if obj.date else None,
                    "paperType": str(_("Memo")),
                    "auxiliaryFile": files,
                    "originatorOrganization": [object_url(Kind.ORGANIZATION, pk) for pk in sorted(organisation_ids)],
                    "keyword": sorted(topics),
                    "web": page_url(obj),
                    f"{VENDOR}:journalNumber": obj.journal_label,
                    f"{VENDOR}:caseId": obj.case_id,
                    f"{VENDOR}:authorReference": obj.author_reference,
                    f"{VENDOR}:sender": obj.sender,
                    f"{VENDOR}:text": plain(obj.body),
                    f"{VENDOR}:meeting": [object_url(Kind.MEETING, pk) for pk in sorted(meeting_ids)],
                }
            )
        )
        data.update(self.times(obj))
        return data


TYPES = {
    t.kind: t
    for t in (
        OrganizationType(),
        PersonType(),
        MembershipType(),
        MeetingType(),
        AgendaItemType(),
        PaperType(),
        FileType(),
        LocationType(),
    )
}


def home_page(ctx):
    from pages.models import HomePage

    return HomePage.objects.filter(locale_id=ctx.scope.locale_id).order_by("path").first()


def body_object(ctx):
    """The one OParl Body: the collaboration of the municipalities in Region Sjælland that runs the portal."""
    home = home_page(ctx)
    data = {
        "id": ctx.body_url,
        "type": SCHEMA + "Body",
        "system": api_url("system"),
        "name": str(_("Region Sjælland – inter-municipal collaboration")),
        "shortName": str(_("Municipalities of Region Sjælland")),
        "classification": str(_("Inter-municipal collaboration")),
        "organization": api_url("list", Kind.ORGANIZATION),
        "person": api_url("list", Kind.PERSON),
        "meeting": api_url("list", Kind.MEETING),
        "paper": api_url("list", Kind.PAPER),
        "agendaItem": api_url("list", Kind.AGENDA_ITEM),
        "file": api_url("list", Kind.FILE),
        "locationList": api_url("list", Kind.LOCATION),
        "membership": api_url("list", Kind.MEMBERSHIP),
        "legislativeTermList": api_url("legislativeterm-list"),
        "legislativeTerm": [],
    }
    if home is not None and home.live:
        data["website"] = data["web"] = addresses.page_url(home)
    data["created"] = stamp(home.first_published_at if home else None)
    data["modified"] = stamp((home.last_published_at or home.first_published_at) if home else None)
    if ctx.omit_internal:
        data.pop("legislativeTerm")
    return data


def system_object(ctx):
    """The entry point: which OParl version this is and where the body list lives."""
    home = home_page(ctx)
    data = {
        "id": api_url("system"),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "name": settings.WAGTAIL_SITE_NAME,
        "body": api_url("body-list"),
        "created": stamp(home.first_published_at if home else None),
        "modified": stamp((home.last_published_at or home.first_published_at) if home else None),
    }
    if home is not None and home.live:
        data["website"] = data["web"] = addresses.page_url(home)
    return data


def tombstones(kind, ctx):
    """Deleted-object stubs of one type whose object is not public again."""
    visible = ctx.scope.visible_ids(kind)
    return Tombstone.objects.filter(kind=kind).exclude(object_id__in=visible).order_by("deleted_at", "object_id")
