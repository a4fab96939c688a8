"""Builds the demo organisation from the data modules; each step finds what exists and adds only what is missing."""

import datetime as dt
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from pages import briefing
from pages.models import (
    AgendaItem,
    ApplicationComment,
    ApplicationIndexPage,
    ApplicationPage,
    Attendance,
    BodyPage,
    CaseHandlerAssignment,
    ConsortiumPage,
    FocusArea,
    MeetingPage,
    Membership,
    MemoIndexPage,
    MemoPage,
    Municipality,
    Person,
    StandardPage,
    WorkingGroupPage,
)

from . import applications, calendar, memos, organisation
from .documents import DocumentStore, pdf_file
from .memo_text import memo_blocks

PLANNED, AGENDA, HELD = 0, 1, 2

# Demo logins, made only when DEBUG is on: username, password, name, superuser. The editor and the reviewer
# get their rights from N17's editors and approvers groups (pages/roles.py, "Editorial roles" step), so
# the demo shows that an N17 editor cannot touch EKO's pages.
LOGINS = [
    ("admin", "admin-demo-2009", ("Anders", "Administrator"), True),
    ("editor", "editor-demo-2009", ("Karen", "Munk Jørgensen"), False),
    ("reviewer", "reviewer-demo-2009", ("Thomas", "Knudsen"), False),
]
# The demo's member: Lars Bjerregaard of Lolland, who sits in N17 and EKO and handles no focus area. He logs in on the
# portal's own login page (he has no admin) and reads both bodies' members-only pages; his login is linked to his
# person.
MEMBER_LOGIN = ("member", "member-demo-2009", ("Lars", "Bjerregaard"), "o-lolland")
MEMBER_BODIES = ("N17", "EKO")
# The editor is Karen Munk Jørgensen of Sorø, N17's secretary and one of its case handlers: her login is linked to
# her person, so she comments on applications in her focus area as herself.
CASE_HANDLER_LOGIN = ("editor", "o-soroe")


def add_page(parent, page):
    """Adds ``page`` under ``parent`` and publishes it through a revision, so it has a history."""
    page.live = False
    page.locale = parent.locale
    parent.add_child(instance=page)  # validates the page
    page.save_revision(clean=False).publish()
    return page


@contextmanager
def references_indexed_once(touched):
    """Skips Wagtail's reference index while saving and indexes each touched object once at the end."""
    # Left on, the index is rebuilt for a page on every save of every agenda item and attendance row,
    # which is most of the load time.
    with disable_reference_index_auto_update():
        yield
    for obj in touched:
        ReferenceIndex.create_or_update_for_object(obj)


@contextmanager
def search_indexed_once():
    """Collects the objects saved inside the block and updates the search index once for each at the end."""
    # Adding and publishing a page saves it three times; each save would otherwise re-index it.
    models = [m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    pending = {}

    def collect(sender, instance, raw=False, **kwargs):
        if not raw:
            pending[(sender, instance.pk)] = instance

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(collect, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(collect, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    for instance in pending.values():
        search_index.insert_or_update_object(instance)


def child_by_slug(parent, slug):
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


class DemoLoader:
    """Loads the demo in steps; each step returns ``(total, created)`` for the progress report."""

    def __init__(self, today, now):
        self.today = today
        self.now = now
        self.documents = DocumentStore()
        self.municipalities = {}
        self.people = {}
        self.organisations = {}
        self.meetings = {}
        self.home = None
        self.memo_archive = None
        self.memo_2009 = None
        self.memo_2009_pdf = None
        self.focus_areas = {}
        self.specs = []
        self.meetings_changed = 0
        self.pages_created = 0
        self.touched = []  # saved pages and snippets, for the reference index
        self.application_meetings = {}  # application slug -> (forum meeting spec, case number)

    # -- helpers -----------------------------------------------------------------------------------------------

    def ensure_page(self, parent, model, slug, **fields):
        """The page with ``slug`` under ``parent``, made and published from ``fields`` when missing."""
        page = child_by_slug(parent, slug)
        if page is not None:
            return page, False
        relations = {k: fields.pop(k) for k in list(fields) if k.startswith("m2m_")}
        page = model(slug=slug, **fields)
        for name, values in relations.items():
            setattr(page, name.removeprefix("m2m_"), values)
        add_page(parent, page)
        self.touched.append(page)
        self.pages_created += 1
        return page, True

    # -- snippets ----------------------------------------------------------------------------------------------

    def load_municipalities(self):
        created = 0
        for name, code, website in organisation.MUNICIPALITIES:
            obj, new = Municipality.objects.get_or_create(name=name, defaults={"code": code, "website": website})
            self.municipalities[name] = obj
            created += new
        return len(self.municipalities), created

    def load_focus_areas(self):
        danish = Locale.objects.get(language_code="da")
        created = 0
        for name, description in organisation.FOCUS_AREAS:
            obj, new = FocusArea.objects.get_or_create(name=name, locale=danish, defaults={"description": description})
            self.focus_areas[name] = obj
            created += new
        return len(self.focus_areas), created

    def load_people(self):
        created = 0
        for key, name, title, party, town in organisation.PEOPLE:
            municipality = self.municipalities.get(town) if town else None
            obj, new = Person.objects.get_or_create(
                name=name, municipality=municipality, defaults={"title": title, "party": party}
            )
            self.people[key] = obj
            if new:
                self.touched.append(obj)
            created += new
        return len(self.people), created

    # -- pages -------------------------------------------------------------------------------------------------

    def load_bodies(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise LookupError("No default site: run the migrations first.")
        self.home = site.root_page.specific
        before = self.pages_created
        if not self.home.intro:
            self.home.intro = organisation.HOME_INTRO
            self.home.save_revision().publish()
            self.touched.append(self.home)
        for spec in organisation.BODIES:
            parent = self.organisations[spec["parent"]] if spec.get("parent") else self.home
            fields = {k: v for k, v in spec.items() if k not in {"key", "slug", "parent", "reports_to"}}
            if spec.get("reports_to"):
                fields["reports_to"] = self.organisations[spec["reports_to"]]
            page, _ = self.ensure_page(parent, BodyPage, spec["slug"], **fields)
            self.organisations[spec["key"]] = page
        about = organisation.ABOUT_PAGE
        self.ensure_page(self.home, StandardPage, about["slug"], title=about["title"], body=about["body"])
        return len(organisation.BODIES) + 1, self.pages_created - before

    def load_groups(self):
        before = self.pages_created
        n17, kkr = self.organisations["n17"], self.organisations["kkr"]
        for slug, title, field, short_name, mandate in organisation.WORKING_GROUPS:
            page, _ = self.ensure_page(
                n17,
                WorkingGroupPage,
                slug,
                title=title,
                short_name=short_name,
                field=field,
                summary=mandate,
                mandate=f"<p>{mandate}</p><p>Nedsat af N17 ved netværkets etablering i marts 2008.</p>",
                start_date=organisation.NETWORK_START,
            )
            self.organisations[slug] = page
        for slug, title, theme, lead, members, description in organisation.CONSORTIA:
            page, _ = self.ensure_page(
                kkr,
                ConsortiumPage,
                slug,
                title=title,
                short_name=title,
                theme=theme,
                summary=description,
                description=f"<p>{description}</p>",
                lead_municipality=self.municipalities[lead],
                m2m_participating_municipalities=[self.municipalities[m] for m in members],
            )
            self.organisations[slug] = page
        total = len(organisation.WORKING_GROUPS) + len(organisation.CONSORTIA)
        return total, self.pages_created - before

    def load_memberships(self):
        rows = list(organisation.MEMBERSHIPS)
        for groups in (organisation.WORKING_GROUP_MEMBERS, organisation.CONSORTIUM_MEMBERS):
            for slug, keys in groups.items():
                rows.append((slug, keys[0], "coordinator", organisation.NETWORK_START, None, ""))
                rows += [(slug, key, "member", organisation.NETWORK_START, None, "") for key in keys[1:]]
        created = 0
        for org_key, person_key, role, start, end, note in rows:
            membership, new = Membership.objects.get_or_create(
                person=self.people[person_key],
                organisation=self.organisations[org_key],
                role=role,
                start_date=start,
                defaults={"end_date": end, "note": note},
            )
            if new:
                self.touched.append(membership)
            created += new
        return len(rows), created

    def load_memos(self):
        before = self.pages_created
        self.memo_archive, _ = self.ensure_page(
            self.home, MemoIndexPage, "notater", title="Notater", intro=memos.ARCHIVE_INTRO
        )
        spec = memos.MEMO_2009
        pdf = self.documents.get(
            spec["pdf_title"],
            spec["pdf_filename"],
            lambda: pdf_file(spec["title"], memo_blocks(), header_lines=memos.MEMO_2009_HEADER),
        )
        self.memo_2009_pdf = pdf
        self.memo_2009, _ = self.create_memo(
            spec,
            body=spec["body"](),
            attachments=[("", pdf, True)],
            organisations=spec["organisations"],
        )
        for spec in memos.fixed_memos():
            self.create_memo(spec, body=spec["body"], organisations=spec["organisations"])
        count = 2 + len(memos.fixed_memos())  # the archive, the 2009 memo and the fixed ones
        for spec in memos.annual_plans(self.today, calendar.schedule(self.today)):
            self.create_memo(spec, body=spec["body"], organisations=spec["organisations"])
            count += 1
        return count, self.pages_created - before

    def create_memo(self, spec, body, organisations=(), attachments=(), meetings=()):
        return self.ensure_page(
            self.memo_archive,
            MemoPage,
            spec["slug"],
            title=spec["title"],
            date=spec["date"],
            journal_number=spec.get("journal_number", ""),
            action_facet=spec.get("action_facet", ""),
            case_id=spec.get("case_id", ""),
            author_reference=spec.get("author_reference", ""),
            sender=spec.get("sender", ""),
            body=body,
            attachments=[
                {"type": "attachment", "value": {"document": doc.pk, "title": title, "publishable": publishable}}
                for title, doc, publishable in attachments
            ],
            m2m_related_organisations=[self.organisations[k] for k in organisations],
            m2m_related_meetings=list(meetings),
            m2m_focus_areas=[self.focus_areas[n] for n in spec.get("focus_areas", ())],
        )

    # -- meetings ----------------------------------------------------------------------------------------------

    def stage_of(self, spec):
        if spec.end < self.now:
            return HELD
        if spec.start.date() <= self.today + dt.timedelta(days=calendar.AGENDA_HORIZON_DAYS):
            return AGENDA
        return PLANNED

    def load_meetings(self):
        specs = calendar.schedule(self.today)
        self.plan_applications(specs)
        demo_meetings = MeetingPage.objects.descendant_of(self.home)
        # One cancelled meeting: chosen on the first load, and never a second one later.
        cancel = None if demo_meetings.filter(cancelled=True).exists() else calendar.cancelled_slug(specs, self.today)
        existing = {}
        for page in demo_meetings:
            existing[(page.path[: -page.steplen], page.slug)] = page
        created = changed = 0
        for spec in specs:
            parent = self.organisations[spec.organisation]
            page = existing.get((parent.path, spec.slug))
            stage = self.stage_of(spec)
            if page is None:
                page = self.new_meeting(parent, spec, stage, cancelled=spec.slug == cancel)
                created += 1
            elif not page.cancelled and stage > self.stage_of_page(page):
                self.fill_meeting(page, spec, stage)
                page.save_revision().publish()
                self.touched.append(page)
                changed += 1
            self.meetings[(spec.organisation, spec.slug)] = page
        self.pages_created += created
        self.meetings_changed = changed
        self.specs = specs
        return len(specs), created

    @staticmethod
    def stage_of_page(page):
        items = list(page.agenda_items.all())
        if page.minutes or any(item.decision for item in items):
            return HELD
        return AGENDA if items else PLANNED

    def new_meeting(self, parent, spec, stage, cancelled=False):
        page = MeetingPage(
            title=spec.title,
            slug=spec.slug,
            start=spec.start,
            end=spec.end,
            location=spec.location,
            kind=spec.kind,
            precedes=self.meetings.get(("vaekstforum", spec.precedes.slug)) if spec.precedes else None,
        )
        if cancelled:
            page.cancelled = True
            page.cancellation_reason = calendar.CANCELLATION_REASON
        else:
            self.fill_meeting(page, spec, stage)
        add_page(parent, page)
        self.touched.append(page)
        return page

    def fill_meeting(self, page, spec, stage):
        """Sets the agenda (from AGENDA on) and decisions, minutes and attendance (for a HELD meeting)."""
        if stage == PLANNED:
            return
        held = stage == HELD
        page.agenda_items = [
            AgendaItem(
                title=item.title,
                case_reference=item.case_reference or (f"{spec.start:%Y}-{number:02d}" if item.description else ""),
                description=item.description,
                recommendation=item.recommendation,
                decision=item.decision if held else "",
                closed=item.closed,
                legal_basis=item.legal_basis,
                attachments=self.attachments_for(item, spec),
                sort_order=number,
            )
            for number, item in enumerate(spec.items, start=1)
        ]
        if held:
            people = self.attendees(spec)
            excused = people[(spec.start.toordinal()) % len(people)] if len(people) > 3 else None
            page.attendance = [
                Attendance(
                    person=person,
                    status=Attendance.Status.EXCUSED if person == excused else Attendance.Status.PRESENT,
                    sort_order=n,
                )
                for n, person in enumerate(people)
            ]
            page.minutes = self.minutes(spec, people, excused)

    def attendees(self, spec):
        if spec.kind == "pre_meeting":
            keys = organisation.FORUM_MEMBERS + ["knudsen", "o-naestved", "o-soroe"]
            return [self.people[k] for k in keys]
        day = spec.start.date()
        memberships = (
            Membership.objects.filter(organisation=self.organisations[spec.organisation])
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .select_related("person")
            .order_by("role", "person__name")
        )
        people = list(dict.fromkeys(m.person for m in memberships))
        if spec.organisation == "eko":
            people += [self.people["r-ravn"], self.people["r-holst"]]
        return people

    @staticmethod
    def minutes(spec, people, excused):
        present = [p.label for p in people if p != excused]
        text = f"<p>Mødet blev holdt kl. {spec.start:%H.%M}–{spec.end:%H.%M}. Sted: {spec.location}.</p>"
        text += f"<p>Til stede: {', '.join(present)}.</p>"
        if excused:
            text += f"<p>Afbud: {excused.label}.</p>"
        return text + "<p>Referatet er godkendt af mødelederen.</p>"

    def attachments_for(self, item, spec):
        if not item.attachment:
            return []
        title, document, publishable = self.attachment_document(item.attachment, spec)
        return [{"type": "attachment", "value": {"document": document.pk, "title": title, "publishable": publishable}}]

    def attachment_document(self, key, spec):
        """The document behind an agenda item's attachment key, made on first use."""
        ctx = spec.context
        if key == "memo2009":
            return "Notat: Kommunernes organisering af arbejdet med vækstforum", self.memo_2009_pdf, True
        if key == "strategy":
            title = f"Erhvervsudviklingsstrategi {ctx['period']} – høringsudkast"
            doc = self.documents.get(
                title,
                f"erhvervsudviklingsstrategi-{ctx['period']}.pdf",
                lambda: pdf_file(title, memos.strategy_blocks(ctx["period"]), author="Vækstforum Sjælland"),
            )
            return "", doc, True
        if key == "applications":
            title = f"Indstillingsskemaer til Vækstforum Sjælland {ctx['date']} (fortroligt)"
            doc = self.documents.get(
                title,
                f"indstillingsskemaer-{spec.start:%Y-%m-%d}.pdf",
                lambda: pdf_file(title, memos.application_blocks(ctx["date"]), author="Vækstforumsekretariatet"),
                restricted=True,
            )
            return "", doc, False
        if key == "briefing":
            title = f"Samlet notat med kommentarer til dagsordenen, Vækstforum Sjælland {ctx['forum_date']}"
            doc = self.documents.get(
                title,
                f"samlet-notat-{spec.precedes.start:%Y-%m-%d}.txt",
                lambda: memos.briefing_text(spec.precedes),
            )
            return "", doc, True
        raise KeyError(key)

    def load_briefings(self):
        """A combined memo from EKO before each forum meeting whose memo date has passed."""
        before = self.pages_created
        count = 0
        for spec in self.specs:
            if spec.kind != "pre_meeting":
                continue
            memo = memos.briefing_memo(spec.precedes)
            if memo["date"] > self.today:
                continue
            forum = self.meetings[("vaekstforum", spec.precedes.slug)]
            if spec.precedes.slug == self.briefing_slug() or MemoPage.objects.filter(briefing_for=forum).exists():
                continue  # this meeting's memo gathers the case handlers' comments (load_applications)
            count += 1
            pre = self.meetings[(spec.organisation, spec.slug)]
            self.create_memo(memo, body=memo["body"], organisations=memo["organisations"], meetings=[forum, pre])
        return count, self.pages_created - before

    # -- applications ------------------------------------------------------------------------------------------

    def plan_applications(self, specs):
        """Puts each demo application on the agenda of the forum meeting that decides it, under its case number.

        On the first load the decided applications go to the last forum meeting held and the others to the next
        one; once an application exists it stays with its meeting, so the agenda still matches it when the
        calendar has moved on and the meeting is filled in again as held.
        """
        forum = [s for s in specs if s.organisation == "vaekstforum"]
        by_slug = {s.slug: s for s in forum}
        held = [s for s in forum if self.stage_of(s) == HELD]
        coming = [s for s in forum if self.stage_of(s) != HELD]
        default = {"decided": held[-1] if held else None, "upcoming": coming[0] if coming else None}
        existing = {
            page.slug: page
            for page in ApplicationPage.objects.filter(locale__language_code="da").select_related("decision_meeting")
        }
        planned = {}
        for application in applications.APPLICATIONS:
            page = existing.get(application.slug)
            if page is None:
                spec, reference = default[application.meeting], ""
            else:
                meeting = page.decision_meeting
                spec, reference = (by_slug.get(meeting.slug) if meeting else None), page.reference
            if spec is not None:
                planned.setdefault(spec.slug, []).append((application, reference))
        self.application_meetings = {}
        for slug, rows in planned.items():
            spec = by_slug[slug]
            numbers = applications.references(spec, len(rows))
            rows = [(application, reference or numbers[n]) for n, (application, reference) in enumerate(rows)]
            calendar.add_application_items(spec, [applications.agenda_item(a, ref) for a, ref in rows])
            for application, reference in rows:
                self.application_meetings[application.slug] = (spec, reference)

    def briefing_slug(self):
        """The forum meeting whose briefing memo the demo writes from the case handlers' comments."""
        for application in applications.APPLICATIONS:
            if application.meeting == "upcoming" and application.slug in self.application_meetings:
                return self.application_meetings[application.slug][0].slug
        return None

    def load_applications(self):
        """N17's application archive, its case handlers, the applications with their comments and a briefing memo."""
        before = self.pages_created
        n17, forum = self.organisations["n17"], self.organisations["vaekstforum"]
        spec = applications.ARCHIVE
        archive, _ = self.ensure_page(
            n17, ApplicationIndexPage, spec["slug"], title=spec["title"], intro=spec["intro"], forum=forum
        )
        total, created = 1, 0
        start = applications.assignments_start(self.today)
        handlers = [(area, key, start, None) for area, key in applications.CASE_HANDLERS]
        for area, key, since, until in applications.FORMER_CASE_HANDLERS + handlers:
            total += 1
            person, focus_area = self.people[key], self.focus_areas[area]
            if CaseHandlerAssignment.objects.filter(person=person, focus_area=focus_area, network=n17).exists():
                continue
            assignment = CaseHandlerAssignment(
                person=person, focus_area=focus_area, network=n17, start_date=since, end_date=until
            )
            assignment.full_clean()  # the case handler sits in N17 for the whole period
            assignment.save()
            created += 1
        for application in applications.APPLICATIONS:
            if application.slug not in self.application_meetings:
                continue
            spec, reference = self.application_meetings[application.slug]
            received = applications.received(application, spec.start.date(), self.today)
            page, _ = self.ensure_page(
                archive,
                ApplicationPage,
                application.slug,
                title=application.title,
                reference=reference,
                applicant=application.applicant,
                focus_area=self.focus_areas[application.focus_area],
                amount=Decimal(application.amount),
                received=received,
                decision_meeting=self.meetings[("vaekstforum", spec.slug)],
                status=application.status,
                summary=application.summary,
            )
            total += 1 + len(application.comments)
            for n, comment in enumerate(application.comments):
                created += self.add_comment(page, comment, received, n)
        meeting = self.meetings.get(("vaekstforum", self.briefing_slug()))
        if meeting is not None:
            total += 2  # the memo and the memo archive it is filed in
            self.write_briefing(meeting)
        return total, created + self.pages_created - before

    def add_comment(self, application, comment, received, n):
        author = self.people[comment.person]
        if ApplicationComment.objects.filter(application=application, author=author).exists():
            return 0
        new = ApplicationComment.objects.create(
            application=application,
            author=author,
            user=author.user,
            recommendation=comment.recommendation,
            text=comment.text,
        )
        # Written some days after the application came in, in the morning; never later than yesterday.
        day = min(received + dt.timedelta(days=comment.days_after_received), self.today - dt.timedelta(days=1))
        written = dt.datetime.combine(day, dt.time(9 + n, 5 * comment.days_after_received % 60), tzinfo=calendar.CPH)
        ApplicationComment.objects.filter(pk=new.pk).update(created_at=written, updated_at=written)
        return 1

    def write_briefing(self, meeting):
        """The members-only briefing memo for ``meeting``, written from the comments and published, once."""
        if MemoPage.objects.filter(briefing_for=meeting).exists():
            return
        pages_before = Page.objects.count()
        memo, _ = briefing.generate(meeting)
        # The coordination group files it like its other memos before it is published.
        memo = memo.get_latest_revision_as_object()
        memo.journal_number, memo.action_facet, memo.author_reference = "04.00.00", "P16", "KMJ"
        memo.case_id = f"{meeting.start:%Y}-{meeting.start:%m%d}02"
        memo.save_revision().publish()
        memo.refresh_from_db()
        self.touched += [memo, memo.get_parent().specific]
        self.pages_created += Page.objects.count() - pages_before

    # -- logins ------------------------------------------------------------------------------------------------

    def load_logins(self):
        User = get_user_model()
        created = 0
        for username, password, (first, last), is_superuser in LOGINS:
            if User.objects.filter(username=username).exists():
                continue
            user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
            user.is_staff = True
            user.is_superuser = is_superuser
            user.set_password(password)
            user.save()
            created += 1
        self.link_case_handler_login()
        return len(LOGINS) + 1, created + self.load_member_login()

    def load_member_login(self):
        """The member's login, without admin access, linked to his person; returns 1 when it was created."""
        username, password, (first, last), key = MEMBER_LOGIN
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = 0
        if user is None:
            user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
            user.set_password(password)
            user.save()
            created = 1
        person = self.people.get(key)
        if person is not None and person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person.save(update_fields=["user"])
        return created

    def link_case_handler_login(self):
        """Links the case handler's login to her person, so she comments on applications as herself.

        As an N17 editor she reads the network's members-only pages already. She is not put in its members group
        as well: on the first load that would send her an e-mail for every N17 agenda and minutes published.
        """
        username, key = CASE_HANDLER_LOGIN
        user = get_user_model().objects.filter(username=username).first()
        person = self.people.get(key)
        if (
            user is not None
            and person is not None
            and person.user_id is None
            and not Person.objects.filter(user=user).exists()
        ):
            person.user = user
            person.save(update_fields=["user"])


def page_counts(home):
    """What the demo is made of in the home page's language, for the closing summary."""
    meetings = MeetingPage.objects.descendant_of(home)
    return Counter(
        {
            "bodies": BodyPage.objects.descendant_of(home).count(),
            "working groups": WorkingGroupPage.objects.descendant_of(home).count(),
            "consortia": ConsortiumPage.objects.descendant_of(home).count(),
            "meetings": meetings.count(),
            "cancelled meetings": meetings.filter(cancelled=True).count(),
            "agenda items": AgendaItem.objects.filter(meeting__in=meetings).count(),
            "memos": MemoPage.objects.descendant_of(home).count(),
            "applications": ApplicationPage.objects.descendant_of(home).count(),
        }
    )
