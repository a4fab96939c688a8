"""The leak matrix: every way out of the portal × every kind of secret × every kind of outside visitor.

One world is planted once for the module: a body (N17) whose meetings hold a secret word in each state the
visibility rule knows, with an English alias and an English translation of each, and an open meeting with a
closed item, a non-publishable attachment, a document from the members-only collection and another body's
private document attached by id. Every exit in ``EXITS`` is fetched once per visitor (and once per page for the
exits that name one page); each test then checks one secret word against one answer. The secret words appear
nowhere an outsider can read them, and the last tests show the same words do reach those allowed to see them.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Locale, PageViewRestriction

from pages.demo.translations import translate_page
from pages.models import AgendaItem, Membership, OrganisationRoles
from tests import factories
from tests.workflow_support import role_users, user

STATES = ["draft", "never", "unpublished", "scheduled", "expired", "login", "groups", "password"]
COPIES = ["page", "alias", "translation"]
MEETING_KINDS = [f"{state} {copy}" for state in STATES for copy in COPIES]
MEMO_KINDS = ["members-only memo", "unpublished memo", "draft memo"]
PAGE_KINDS = MEETING_KINDS + MEMO_KINDS
ITEM_KINDS = ["closed item text", "closed item title", "non-publishable attachment"]
OTHER_BODY = "another body's document"
DOCUMENT_KINDS = ["members-only collection document", OTHER_BODY]
KINDS = PAGE_KINDS + ITEM_KINDS + DOCUMENT_KINDS
VISITORS = ["anonymous", "user of no body", "member of another body", "editor of another body"]
# Expiring pages are published to expire a day later, and every answer is asked for two days on: expired, but not yet
# unpublished by the scheduled publishing command.
EXPIRES_IN = dt.timedelta(days=1)
ASKED_AFTER = dt.timedelta(days=2)
PASSWORD = "delt-adgangskode"  # noqa: S105 - the shared password of the planted page

# The world is written once, in the module's own transaction; each test reads the answers it gathered.
pytestmark = pytest.mark.django_db


def word(kind):
    """The secret word of ``kind``: one token no analyzer splits, unlike any other kind's."""
    letters = "".join(ch for ch in kind if ch.isalpha())
    return "zqx" + "".join(chr(ord("a") + (ord(ch) * 7 + i) % 26) for i, ch in enumerate(letters))[:14]


@dataclass
class Exit:
    """One way out: a name and the addresses it answers, for all secrets at once or for one secret's page."""

    name: str
    urls: object  # world -> [url] (global) or (world, kind) -> [url] (per page)
    per: str = "all"  # "all", "page" (page kinds) or "document" (attachment and document kinds)


def _page(world, kind):
    return world["pages"][kind]


def _document(world, kind):
    return world["documents"][kind]


EXITS = [
    Exit("home page", lambda w: ["/da/", "/en/"]),
    Exit("body page", lambda w: [w["n17"].url, w["n17_en"].url]),
    Exit("meeting page", lambda w: [w["open"].url, w["open_en"].url]),
    Exit("search", lambda w: ["/da/search/?q=fællesmøde", "/en/search/?q=fællesmøde", "/en/search/?q=joint"]),
    Exit("search of items", lambda w: ["/da/search/?q=punkt&type=item", "/en/search/?q=punkt&type=item"]),
    Exit("search of attachments", lambda w: ["/da/search/?q=bilagsord", "/en/search/?q=bilagsord"]),
    Exit("did you mean", lambda w: ["/da/search/?q=fællesmødx", "/en/search/?q=joinx"]),
    Exit(
        "suggestions",
        lambda w: ["/da/search/suggest/?q=Fælles", "/en/search/suggest/?q=Fælles", "/en/search/suggest/?q=Joint"],
    ),
    Exit(
        "API v2 page list",
        lambda w: [
            f"/api/v2/pages/?child_of={w['n17'].pk}&fields=*&limit=20",
            f"/api/v2/pages/?child_of={w['n17'].pk}&fields=*&limit=20&offset=20",
            f"/api/v2/pages/?child_of={w['n17_en'].pk}&fields=*&limit=20",
            f"/api/v2/pages/?child_of={w['n17_en'].pk}&fields=*&limit=20&offset=20",
        ],
    ),
    Exit("API v2 search", lambda w: ["/api/v2/pages/?search=fællesmøde&fields=title", "/api/v2/pages/?search=joint"]),
    Exit("API v2 page detail", lambda w, k: [f"/api/v2/pages/{_page(w, k).pk}/"], per="page"),
    Exit("API v2 find", lambda w, k: [f"/api/v2/pages/find/?html_path={_page(w, k).url}"], per="page"),
    Exit("API v2 meeting detail", lambda w: [f"/api/v2/pages/{w['open'].pk}/", f"/api/v2/pages/{w['open_en'].pk}/"]),
    Exit("API v2 documents", lambda w: ["/api/v2/documents/?limit=20", "/api/v2/documents/?limit=20&offset=20"]),
    Exit("API v2 document detail", lambda w, k: [f"/api/v2/documents/{_document(w, k).pk}/"], per="document"),
    Exit(
        "OParl lists",
        lambda w: [
            "/api/oparl/v1/meeting/",
            "/api/oparl/v1/agendaitem/",
            "/api/oparl/v1/file/",
            "/api/oparl/v1/paper/",
            "/api/oparl/v1/organization/",
            f"/api/oparl/v1/organization/{w['n17'].pk}/meeting/",
        ],
    ),
    Exit("OParl meeting", lambda w, k: [f"/api/oparl/v1/meeting/{_page(w, k).pk}"], per="meeting"),
    Exit("OParl open meeting", lambda w: [f"/api/oparl/v1/meeting/{w['open'].pk}"]),
    Exit(
        "OParl file",
        lambda w, k: [f"/api/oparl/v1/file/{_document(w, k).pk}" + tail for tail in ("", "/access", "/download")],
        per="document",
    ),
    Exit("open-data export", lambda w: ["export"]),
    Exit("sitemap", lambda w: ["/sitemap.xml"]),
    Exit("calendar of all meetings", lambda w: ["/da/kalender/alle.ics", "/en/kalender/alle.ics"]),
    Exit(
        "body calendar",
        lambda w: [f"/da/kalender/organisation/{w['n17'].pk}.ics", f"/en/kalender/organisation/{w['n17_en'].pk}.ics"],
    ),
    Exit(
        "person calendar",
        lambda w: [f"/da/kalender/person/{w['person'].pk}.ics", f"/en/kalender/person/{w['person'].pk}.ics"],
    ),
    Exit("meeting calendar", lambda w, k: [f"/da/kalender/moede/{_page(w, k).pk}.ics"], per="meeting"),
    Exit("open meeting calendar", lambda w: [f"/da/kalender/moede/{w['open'].pk}.ics"]),
    Exit("page address", lambda w, k: [_page(w, k).url], per="page"),
    # A member's own page: their bodies, the members-only pages they may open and their upcoming meetings.
    Exit("member's area", lambda w: ["/da/mit-omraade/", "/en/my-area/"]),
    Exit("memo PDF", lambda w, k: [_page(w, k).url + "pdf/"], per="memo"),
    Exit("memo archive", lambda w: [w["memos"].url, w["memos"].url + "?q=notat"]),
    Exit("document download", lambda w, k: [_document(w, k).url], per="document"),
    Exit("admin page chooser", lambda w: ["/admin/choose-page/search/?q=fællesmøde", "/admin/choose-page/"]),
    Exit("admin page search", lambda w: ["/admin/pages/search/?q=fællesmøde"]),
    Exit("admin reports", lambda w: ["/admin/reports/page-types-usage/", "/admin/reports/workflow/"]),
]


def outsider(kind, visitor):
    """Whether ``visitor`` must not see ``kind``: a page behind a login is for every logged-in visitor."""
    return not (kind.startswith("login ") and visitor != "anonymous")


def applicable(exit_, kind):
    if exit_.per == "page":
        return kind in PAGE_KINDS
    if exit_.per == "meeting":
        return kind in MEETING_KINDS
    if exit_.per == "memo":
        return kind in MEMO_KINDS
    if exit_.per == "document":
        return kind in DOCUMENT_KINDS or kind == "non-publishable attachment"
    return True


# -- the world ---------------------------------------------------------------------------------------------------


def _restrict(page, kind, members):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type={"login": "login", "groups": "groups", "password": "password"}[kind],
        password=PASSWORD if kind == "password" else "",
    )
    if kind == "groups":
        restriction.groups.add(members)


def _plant_page(world, state, n17, n17_en, english, members):
    secret = word(f"{state} page")
    start = timezone.now() + dt.timedelta(days=10)
    meeting = factories.meeting(
        n17,
        start=start,
        publish=False,
        title=f"Fællesmøde {secret}" if state != "draft" else "Fællesmøde offentligt",
        location=f"Rådhuset {secret}" if state != "draft" else "Rådhuset",
        slug=f"moede-{state}",
    )
    said = secret if state != "draft" else "orientering"
    meeting.agenda_items.add(AgendaItem(title=f"Punkt om {said}", description=f"<p>{said} bilagsord</p>"))
    meeting.save()
    if state == "expired":
        meeting.expire_at = timezone.now() + EXPIRES_IN
    if state != "never":
        if state == "scheduled":
            meeting.go_live_at = timezone.now() + dt.timedelta(days=5)
        meeting.save_revision().publish()
        meeting.refresh_from_db()
    # The English copies are made while the source is as editors leave it before the secret state begins.
    alias = meeting.copy_for_translation(english, alias=True)
    alias_word = secret
    translated_secret = word(f"{state} translation")
    source_for_translation = factories.meeting(
        n17,
        start=start,
        publish=state not in ("never", "scheduled"),
        title=f"Fællesmøde kilde {translated_secret}" if state != "draft" else "Fællesmøde kilde",
        slug=f"kilde-{state}",
        expire_at=timezone.now() + EXPIRES_IN if state == "expired" else None,
    )
    translation, _ = translate_page(
        source_for_translation,
        {
            "title": f"Joint meeting {translated_secret}" if state != "draft" else "Joint meeting",
            "slug": f"joint-{state}",
            "location": f"Town hall {translated_secret}",
        },
        english,
    )
    if state == "draft":
        meeting.title = f"Fællesmøde {secret}"
        item = meeting.agenda_items.first()
        item.title, item.description = f"Punkt om {secret}", f"<p>{secret} bilagsord</p>"
        meeting.save_revision()
        translation = type(translation).objects.get(pk=translation.pk)
        translation.title = f"Joint meeting {translated_secret}"
        translation.save_revision()
        # The live rows keep their published text; the secret sits only in the latest revisions.
        meeting.refresh_from_db()
        translation.refresh_from_db()
    elif state == "unpublished":
        meeting.unpublish()
        source_for_translation.unpublish()
    elif state == "scheduled":
        source_for_translation.go_live_at = timezone.now() + dt.timedelta(days=5)
        source_for_translation.save_revision().publish()
    elif state in ("login", "groups", "password"):
        _restrict(meeting, state, members)
        _restrict(source_for_translation, state, members)
    world["pages"][f"{state} page"] = meeting
    world["pages"][f"{state} alias"] = alias
    world["pages"][f"{state} translation"] = translation
    world["words"][f"{state} page"] = secret
    world["words"][f"{state} alias"] = alias_word
    world["words"][f"{state} translation"] = translated_secret
    world["sources"][f"{state} translation"] = source_for_translation


def _plant_open_meeting(world, n17, english, kkr_roles, n17_roles):
    words = world["words"]
    for kind in ITEM_KINDS + DOCUMENT_KINDS:
        words[kind] = word(kind)
    non_publishable = factories.document(
        title=f"Bilag {words['non-publishable attachment']}",
        filename="intern.txt",
        content=f"{words['non-publishable attachment']} bilagsord".encode(),
    )
    members_doc = factories.document(
        title=f"Medlemsbilag {words['members-only collection document']}",
        filename="medlemmer.txt",
        content=f"{words['members-only collection document']} bilagsord".encode(),
        collection=n17_roles.private_collection,
    )
    other_doc = factories.document(
        title=f"KKR-bilag {words[OTHER_BODY]}",
        filename="kkr.txt",
        content=f"{words[OTHER_BODY]} bilagsord".encode(),
        collection=kkr_roles.private_collection,
    )
    public_doc = factories.document(title="Offentligt bilag", filename="offentligt.txt", content=b"bilagsord aaben")
    meeting = factories.meeting(n17, start=timezone.now() + dt.timedelta(days=3), publish=False, title="Åbent møde")
    meeting.agenda_items.add(
        AgendaItem(
            sort_order=0,
            title="Punkt om orientering",
            description="<p>Åben tekst.</p>",
            attachments=factories.attachment(public_doc)
            + factories.attachment(non_publishable, publishable=False)
            + factories.attachment(members_doc)
            + factories.attachment(other_doc),
        )
    )
    meeting.agenda_items.add(
        AgendaItem(
            sort_order=1,
            title=f"Punkt {words['closed item title']}",
            description=f"<p>{words['closed item text']} punkt</p>",
            decision=f"<p>{words['closed item text']}</p>",
            closed=True,
            legal_basis="Forvaltningslovens § 30",
        )
    )
    meeting.save()
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    world["open"] = meeting
    world["open_en"] = meeting.copy_for_translation(english, alias=True)
    world["documents"] = {
        "non-publishable attachment": non_publishable,
        "members-only collection document": members_doc,
        OTHER_BODY: other_doc,
        "public": public_doc,
    }


def _export_text(tmp_path):
    call_command("export_open_data", str(tmp_path / "export"), "--zip", stdout=io.StringIO())
    with zipfile.ZipFile(tmp_path / "export" / "open-data.zip") as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")


def _answer(client, url, world, tmp_path):
    if url == "export":
        return world.setdefault("_export", _export_text(tmp_path))
    response = client.get(url, follow=True)
    if response.status_code >= 500:
        return f"status {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


def _plant_memos(world, members):
    """A memo archive with a members-only memo, an unpublished one and one whose latest revision is a draft."""
    archive = factories.memo_archive(title="Notater")
    world["memos"] = archive
    for kind in MEMO_KINDS:
        secret = word(kind)
        world["words"][kind] = secret
        memo = factories.memo(
            archive,
            title=f"Notat om {secret}" if kind != "draft memo" else "Notat om samarbejde",
            body=f"<p>Notat {secret}</p>" if kind != "draft memo" else "<p>Notat om samarbejde.</p>",
            case_id=secret if kind != "draft memo" else "000198683",
            publish=True,
        )
        if kind == "members-only memo":
            _restrict(memo, "groups", members)
        elif kind == "unpublished memo":
            memo.unpublish()
        else:
            memo.title, memo.body = f"Notat om {secret}", f"<p>Notat {secret}</p>"
            memo.save_revision()
            memo.refresh_from_db()
        world["pages"][kind] = memo


def _visitors(n17_roles, eko):
    eko_people = role_users(eko, "eko")
    return {
        "anonymous": None,
        "user of no body": user("borger"),
        "member of another body": eko_people["member"],
        "editor of another body": eko_people["editor"],
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("matrix")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path / "media"),
        transaction.atomic(),
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            english = Locale.objects.get_or_create(language_code="en")[0]
            home = factories.home_page()
            translate_page(home, {"title": "Front page", "slug": "home"}, english)
            n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")
            n17_en, _ = translate_page(n17, {"title": "Municipal business network", "slug": "n17-en"}, english)
            eko = factories.body(title="Erhvervskoordinationsgruppen", short_name="EKO", slug="eko")
            kkr = factories.body(title="KKR Sjælland", short_name="KKR", slug="kkr")
            n17_roles = OrganisationRoles.for_page(n17)
            n17_people = role_users(n17, "n17")
            person = factories.person(name="Henriette Mødeleder")
            factories.membership(person, n17, role=Membership.Role.MEMBER)
            world = {"pages": {}, "words": {}, "sources": {}, "n17": n17, "n17_en": n17_en, "person": person}
            for state in STATES:
                _plant_page(world, state, n17, n17_en, english, n17_roles.members)
            _plant_open_meeting(world, n17, english, OrganisationRoles.for_page(kkr), n17_roles)
            _plant_memos(world, n17_roles.members)
        world["visitors"] = _visitors(n17_roles, eko)
        world["allowed"] = {"n17 member": n17_people["member"], "user of no body": world["visitors"]["user of no body"]}
        later = mock.patch("django.utils.timezone.now", return_value=timezone.now() + ASKED_AFTER)
        later.start()
        answers = {}
        for name, account in world["visitors"].items():
            client = Client()
            if account is not None:
                client.force_login(account)
            for exit_ in EXITS:
                if exit_.per == "all":
                    answers[exit_.name, name, None] = [_answer(client, u, world, tmp_path) for u in exit_.urls(world)]
                    continue
                for kind in KINDS:
                    if applicable(exit_, kind):
                        urls = exit_.urls(world, kind)
                        answers[exit_.name, name, kind] = [_answer(client, u, world, tmp_path) for u in urls]
        world["answers"] = answers
        world["allowed_answers"] = _allowed_answers(world, tmp_path)
        later.stop()
        yield world
        transaction.set_rollback(True)


# -- what those allowed see ----------------------------------------------------------------------------------------

ALLOWED = [
    # (kind, visitor, what they open)
    ("login page", "user of no body", "page"),
    ("groups page", "n17 member", "page"),
    ("groups page", "n17 member", "area"),
    ("members-only memo", "n17 member", "pdf"),
    ("closed item text", "n17 member", "open"),
    ("closed item title", "n17 member", "open"),
    ("non-publishable attachment", "n17 member", "open"),
    ("members-only collection document", "n17 member", "download"),
    ("password page", "password holder", "page"),
]


def _allowed_answers(world, tmp_path):
    answers = {}
    for kind, visitor, what in ALLOWED:
        client = Client()
        if visitor == "password holder":
            page = world["pages"][kind]
            form = client.get(page.url)
            # The password form, not the header's search form.
            action = re.search(
                r'<form[^>]+action="([^"]*authenticate_with_password[^"]*)"', form.content.decode()
            ).group(1)
            client.post(action.replace("&amp;", "&"), {"password": PASSWORD, "return_url": page.url})
        else:
            client.force_login(world["allowed"][visitor])
        if what == "page":
            url = world["pages"][kind].url
        elif what == "pdf":
            url = world["pages"][kind].url + "pdf/"
        elif what == "open":
            url = world["open"].url
        elif what == "area":
            url = "/da/mit-omraade/"
        else:
            url = world["documents"][kind].url
        answers[kind, visitor, what] = _answer(client, url, world, tmp_path)
    return answers


# -- the tests -------------------------------------------------------------------------------------------------------

MATRIX = [
    pytest.param(exit_, kind, visitor, id=f"{exit_.name}|{kind}|{visitor}")
    for exit_ in EXITS
    for kind in KINDS
    if applicable(exit_, kind)
    for visitor in VISITORS
    if outsider(kind, visitor)
]


@pytest.mark.parametrize("exit_, kind, visitor", MATRIX)
def test_the_secret_does_not_get_out(world, exit_, kind, visitor):
    answers = world["answers"][exit_.name, visitor, None if exit_.per == "all" else kind]
    secret = world["words"][kind]
    for url, answer in zip(exit_.urls(world) if exit_.per == "all" else exit_.urls(world, kind), answers, strict=True):
        assert not answer.startswith("status 5"), f"{url} answered {answer}"
        assert secret not in answer.lower(), f"{url} shows {kind!r} to {visitor}"


@pytest.mark.parametrize("kind, visitor, what", ALLOWED, ids=[f"{k}|{v}|{w}" for k, v, w in ALLOWED])
def test_those_allowed_see_the_secret(world, kind, visitor, what):
    assert world["words"][kind] in world["allowed_answers"][kind, visitor, what].lower()


@pytest.mark.parametrize("text", ["Punkt om orientering", "Offentligt bilag", "Lukket punkt"])
def test_the_open_texts_reach_the_public(world, text):
    """The matrix would pass on a portal that shows nothing: the public parts of the same meeting do get out."""
    assert text in world["answers"]["meeting page", "anonymous", None][0]


@pytest.mark.parametrize("visitor", VISITORS)
def test_the_search_count_counts_only_the_results_shown(world, visitor):
    """Hidden meetings are not counted either: the number above the results is the number of results listed."""
    page = world["answers"]["search", visitor, None][0]
    total = int(re.search(r'class="search-count"[^>]*>\s*(\d+)', page).group(1))
    assert total == page.count('<li class="search-result ')
