"""Who may see what: the one rule every page, listing, feed, search, API, export, e-mail and PDF asks.

A *viewer* is whoever asks: a request (its user and its session, which holds shared page passwords), a user
without a request (a calendar program with a member's key, an e-mail's recipient), or nobody (the public,
the open-data export, the search index). For a viewer the rule answers:

- which pages they may see (``Viewer.pages`` as a queryset, ``Viewer.page_q`` as a condition on the page
  table's own columns, ``Viewer.can_see`` for one page);
- what of a meeting's agenda items they may read (``Viewer.agenda``): a closed item's text and files are for
  the body's members, its title and decision too unless the item says they may be published;
- which documents they may see or download (``Viewer.documents``, ``Viewer.may_download``).

A page is visible when it is live, has not passed its expiry time, lies under no view restriction the viewer
fails (on the page or any ancestor), and, when it is an alias or a translation, its source (the page it is an
alias of, and the page with the same translation key in the default language) is visible by the same rule: an
English copy never shows what the Danish page hides, and never goes live before it.

A document is visible when its collection lies under no collection view restriction the viewer fails and a page
the viewer may see shows it: as a publishable attachment of a memo or of an open item, or to members of the
body, as any attachment of the body's meetings and memos. Editors who may change a document may always fetch it.
"""

from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.permissions import policy_registry

# Imported by the page models, so it looks their types up in the app registry and reads roles through membership.
from pages.membership import user_belongs_to

# Paths in Wagtail's tree are four characters a level from this alphabet; it sorts in this order.
PATH_ALPHABET = Page.alphabet
PATH_STEP = Page.steplen
PATH_LENGTH = Page._meta.get_field("path").max_length


def subtree_q(page, *, inclusive=True, children=False, field="path"):
    """``page``'s descendants (and ``page`` itself when inclusive) as a range of the indexed path column.

    Wagtail's ``descendant_of`` is a LIKE that SQLite answers by reading the whole table; a range reads only the
    subtree: every path from the first possible child to the last possible descendant."""
    first, last = PATH_ALPHABET[0], PATH_ALPHABET[-1]
    path = page.path if hasattr(page, "path") else page
    low = path if inclusive else path + first * PATH_STEP
    if children:
        return Q(**{f"{field}__range": (low, path + last * PATH_STEP), "depth": len(path) // PATH_STEP + 1})
    return Q(**{f"{field}__range": (low, path + last * (PATH_LENGTH - len(path)))})


def _user_group_ids(user):
    cached = getattr(user, "_portal_group_ids", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("pk", flat=True)) if user.is_authenticated else frozenset()
        user._portal_group_ids = cached
    return cached


def passes(restriction, user, request=None):
    """Whether ``user`` passes a page or collection view restriction; a shared password only in a browser session
    that entered it (a calendar program, an e-mail or the public index has none)."""
    kind = restriction.restriction_type
    if kind == BaseViewRestriction.NONE:
        return True
    if kind == BaseViewRestriction.PASSWORD:
        return request is not None and restriction.accept_request(request)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if kind == BaseViewRestriction.LOGIN:
        return True
    if kind == BaseViewRestriction.GROUPS:
        groups = _user_group_ids(user)
        return any(group.pk in groups for group in restriction.groups.all())
    return False


def page_restrictions():
    """Every page view restriction with its page's path and its groups: a small table, read in two queries."""
    return list(
        PageViewRestriction.objects.select_related("page")
        .only("restriction_type", "password", "page__path", "page__depth")
        .prefetch_related("groups")
        .order_by("pk")
    )


def restrictions_signature(restrictions):
    """What about the restrictions changes who sees what, for feed validators and cache keys."""
    return tuple(
        (r.pk, r.page.path, r.restriction_type, tuple(sorted(g.pk for g in r.groups.all()))) for r in restrictions
    )


class Viewer:
    """One viewer's answers; built once per request (``for_request``) and reused by everything it renders."""

    def __init__(self, user=None, request=None, restrictions=None):
        self.user = user if user is not None and user.is_authenticated else None
        self.request = request
        self._restrictions = restrictions

    # -- who ---------------------------------------------------------------------------------------------------

    @property
    def is_anonymous(self):
        return self.user is None

    @property
    def is_superuser(self):
        return self.user is not None and self.user.is_superuser and self.user.is_active

    @cached_property
    def group_ids(self):
        return _user_group_ids(self.user) if self.user is not None else frozenset()

    # -- pages -------------------------------------------------------------------------------------------------

    @cached_property
    def restrictions(self):
        return self._restrictions if self._restrictions is not None else page_restrictions()

    def passes(self, restriction):
        """Whether this viewer passes a page or collection view restriction."""
        return passes(restriction, self.user, self.request)

    @cached_property
    def hidden_paths(self):
        """The paths of restricted pages this viewer does not pass: they and everything below them are hidden."""
        return [r.page.path for r in self.restrictions if not self.passes(r)]

    @property
    def default_locale(self):
        """The default language's locale id, as a subquery the database answers inside the statement that uses it."""
        return Subquery(Locale.objects.filter(language_code=settings.LANGUAGE_CODE).values("pk")[:1])

    def own_q(self, prefix=""):
        """Live, not expired, outside every failing restriction: a condition on one page's own columns."""
        now = timezone.now()
        q = Q(**{f"{prefix}live": True}) & (
            Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})
        )
        for path in self.hidden_paths:
            q &= ~subtree_q(path, field=f"{prefix}path")
        return q

    def sources_hidden(self):
        """The default-language pages this viewer may not see, whose copies in other languages must stay hidden."""
        return Page.objects.filter(locale_id=self.default_locale).exclude(self.own_q())

    def page_q(self):
        """The condition for the pages this viewer may see, for any page model's queryset."""
        hidden = self.sources_hidden()
        return (
            self.own_q()
            # A copy in another language is seen only where its source is: never before it, never beside it.
            & (Q(locale_id=self.default_locale) | ~Q(translation_key__in=hidden.values("translation_key")))
            & (Q(alias_of__isnull=True) | ~Q(alias_of_id__in=Page.objects.exclude(self.own_q()).values("pk")))
        )

    def pages(self, queryset=None):
        """``queryset`` (every page when None) narrowed to what this viewer may see."""
        if queryset is None:
            queryset = Page.objects.all()
        return queryset.filter(self.page_q())

    def can_see(self, page):
        """Whether this viewer may see ``page``."""
        if page is None or getattr(page, "pk", None) is None:
            return False
        cache = self.__dict__.setdefault("_seen", {})
        if page.pk not in cache:
            cache[page.pk] = Page.objects.filter(pk=page.pk).filter(self.page_q()).exists()
        return cache[page.pk]

    def members_only(self, queryset=None):
        """The pages in ``queryset`` that are members-only (a login or group view restriction sits on the page itself,
        or on its source in the default language) and that this viewer may open: the archives and pages a body keeps
        for its members."""
        restricted = [
            r.page.pk
            for r in self.restrictions
            if r.restriction_type in (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)
        ]
        if not restricted:
            return self.pages(queryset).none()
        sources = Page.objects.filter(pk__in=restricted, locale_id=self.default_locale).values("translation_key")
        return self.pages(queryset).filter(Q(pk__in=restricted) | Q(translation_key__in=sources))

    def withheld(self, queryset):
        """Whether ``queryset`` holds published pages this viewer does not see only because a view restriction stands
        in the way: pages for members, which a listing may say it holds without naming them."""
        unrestricted = Viewer(user=self.user, request=self.request, restrictions=[])
        return unrestricted.pages(queryset).exclude(pk__in=self.pages(queryset).values("pk")).exists()

    def serve_check(self, page):
        """What serving ``page`` to this viewer must do: None to serve it, "login" when a restriction stands in the
        way (on the page, an ancestor, or its source), "password" when Wagtail's password form should ask, or
        "missing" when the page (or its source) is not published."""
        if self.can_see(page):
            return None
        unrestricted = Viewer(user=self.user, request=self.request, restrictions=[])
        if not unrestricted.can_see(page):
            return "missing"
        failing = [r for r in self.restrictions if not self.passes(r)]
        own = [r for r in failing if page.path.startswith(r.page.path)]
        if own and all(r.restriction_type == BaseViewRestriction.PASSWORD for r in own):
            return "password"
        return "login"

    # -- agenda items ------------------------------------------------------------------------------------------

    def sees_closed_items(self, meeting):
        """A closed item's text is for the body's members, editors and approvers, the secretariat and page editors."""
        if self.user is None:
            return False
        if self.is_superuser:
            return True
        cache = self.__dict__.setdefault("_closed", {})
        if meeting.pk not in cache:
            cache[meeting.pk] = (
                user_belongs_to(self.user, meeting) or meeting.permissions_for_user(self.user).can_edit()
            )
        return cache[meeting.pk]

    def agenda(self, meeting, items=None):
        """The meeting's items in order, numbered, with what this viewer may read of each:
        ``item.is_visible`` (title shown), ``item.text_visible`` (case text, recommendation, files) and
        ``item.resolved_attachments``. What the viewer may not read is blanked on the returned objects."""
        items = list(meeting.agenda_items.all().order_by("sort_order", "pk") if items is None else items)
        members = self.sees_closed_items(meeting)
        rows = {item.pk: attachment_rows(item.attachments) for item in items}
        documents = self.documents_in_bulk({r["document"] for item_rows in rows.values() for r in item_rows})
        for number, item in enumerate(items, start=1):
            item.number = number
            item.text_visible = members or not item.closed
            item.is_visible = item.text_visible or item.publish_title_and_decision
            item.resolved_attachments = []
            if not item.text_visible:
                # The public sees the title and decision of this closed item when allowed, never its case text.
                item.case_reference = item.description = item.recommendation = ""
                if not item.is_visible:
                    item.title = item.decision = ""
                continue
            for row in rows[item.pk]:
                document = documents.get(row["document"])
                if document is None or not (row["publishable"] or members):
                    continue
                item.resolved_attachments.append({**row, "document": document, "title": row["title"] or document.title})
        return items

    def attachments(self, page, stream):
        """The attachments of a memo (or another page's attachment stream) this viewer may see, with titles."""
        members = self.user is not None and self._is_member_of(page)
        rows = [r for r in attachment_rows(stream) if r["publishable"] or members]
        documents = self.documents_in_bulk({r["document"] for r in rows})
        return [
            {**r, "document": documents[r["document"]], "title": r["title"] or documents[r["document"]].title}
            for r in rows
            if r["document"] in documents
        ]

    def _is_member_of(self, page):
        if self.is_superuser:
            return True
        return user_belongs_to(self.user, page)

    # -- documents ---------------------------------------------------------------------------------------------

    @cached_property
    def hidden_collection_paths(self):
        restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related("groups")
        return [r.collection.path for r in restrictions if not self.passes(r)]

    def collection_q(self, prefix="collection__"):
        q = Q()
        for path in self.hidden_collection_paths:
            q &= ~Q(**{f"{prefix}path__startswith": path})
        return q

    def collection_visible(self, collection_id):
        if not self.hidden_collection_paths:
            return True
        path = Collection.objects.filter(pk=collection_id).values_list("path", flat=True).first() or ""
        return not any(path.startswith(hidden) for hidden in self.hidden_collection_paths)

    def documents_in_bulk(self, ids):
        """``{id: document}`` of the given documents whose collection this viewer may see."""

        if not ids:
            return {}
        return get_document_model().objects.filter(self.collection_q()).in_bulk(ids)

    def documents(self, queryset=None):
        """The documents this viewer may see listed (the public: those the open-data register lists)."""

        from opendata.models import FileLink

        queryset = get_document_model().objects.all() if queryset is None else queryset
        links = FileLink.objects.filter(page__in=self.pages().values("pk"))
        return queryset.filter(self.collection_q()).filter(Exists(links.filter(document=OuterRef("pk"))))

    def may_manage(self, document):
        """Editors who may change the document in the admin."""
        if self.user is None or not self.user.is_active:
            return False
        if self.is_superuser:
            return True

        policy = policy_registry.get_by_type(type(document))
        return policy.user_has_permission_for_instance(self.user, "change", document)

    def may_download(self, document):
        """Whether this viewer may fetch the file: an editor of it, or a viewer of a page that shows it."""
        if self.may_manage(document):
            return True
        if not self.collection_visible(document.collection_id):
            return False
        page_ids = {
            int(ref.object_id)
            for ref in ReferenceIndex.get_references_to(document)
            if (model := ref.base_content_type.model_class()) is not None and issubclass(model, Page)
        }
        for page in self.pages(Page.objects.filter(pk__in=page_ids)).specific():
            if self.shows_document(page, document):
                return True
        return False

    def shows_document(self, page, document):
        """Whether ``page`` (already known to be visible) shows ``document`` to this viewer."""
        if isinstance(page, apps.get_model("pages", "MeetingPage")):
            return any(a["document"].pk == document.pk for item in self.agenda(page) for a in item.resolved_attachments)
        if isinstance(page, apps.get_model("pages", "MemoPage")):
            return any(a["document"].pk == document.pk for a in self.attachments(page, page.attachments))
        # Other pages link documents from their text, which is public with the page.
        return True


class _Members(Viewer):
    """The members, editors and approvers of one organisation as one viewer, with nobody's account or session: what a
    paper for the members (the meeting packet's members' edition) may show. Who may receive it is asked separately."""

    def __init__(self, group_ids):
        super().__init__()
        self._group_ids = frozenset(group_ids)

    @cached_property
    def group_ids(self):
        return self._group_ids

    def passes(self, restriction):
        kind = restriction.restriction_type
        if kind == BaseViewRestriction.GROUPS:
            return any(group.pk in self._group_ids for group in restriction.groups.all())
        return kind in (BaseViewRestriction.NONE, BaseViewRestriction.LOGIN)

    def sees_closed_items(self, meeting):
        return True

    def _is_member_of(self, page):
        return True


def attachment_rows(stream):
    """The rows of an attachments StreamField: document id, the title shown, and whether it may be published."""
    rows = []
    for block in stream.raw_data:
        value = block.get("value") or {}
        if value.get("document"):
            rows.append(
                {
                    "document": int(value["document"]),
                    "title": value.get("title") or "",
                    "publishable": bool(value.get("publishable", True)),
                }
            )
    return rows


def expires_at(page):
    """When ``page`` stops being visible by the passing of time alone: the earliest expiry of the page, the page it is
    an alias of, and its source in the default language (None when none of them expires)."""
    sources = Page.objects.filter(
        Q(pk=page.pk)
        | Q(pk=page.alias_of_id or 0)
        | Q(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE)
    )
    times = [t for t in sources.values_list("expire_at", flat=True) if t is not None]
    return min(times) if times else None


def public():
    """The public: no user, no session (the search index, the export, OParl, API v2, public feeds, the sitemap)."""
    return Viewer()


def for_user(user, restrictions=None):
    """A user without a browser session: a member's calendar key, an e-mail's recipient."""
    return Viewer(user=user, restrictions=restrictions)


def for_members_of(page):
    """The organisation ``page`` is filed under, seen by its members: closed items, files that may not be published
    and the organisation's members-only collection, but never another organisation's."""
    roles = apps.get_model("pages", "OrganisationRoles").for_page(page)
    return _Members(roles.group_ids() if roles else ())


def for_request(request):
    """The viewer behind a request, built once and kept on the request."""
    if request is None:
        return public()
    viewer = getattr(request, "_portal_viewer", None)
    if viewer is None:
        viewer = Viewer(user=getattr(request, "user", None), request=request)
        request._portal_viewer = viewer
    return viewer


def may_choose_document(user, document):
    """Whether an editor may attach ``document``: Wagtail's ``choose`` permission on its collection."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True

    policy = policy_registry.get_by_type(type(document))
    return policy.user_has_permission_for_instance(user, "choose", document)
