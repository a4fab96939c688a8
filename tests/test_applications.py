"""The network's application work: case handlers per focus area, their comments, and the briefing memo."""

import datetime as dt
import io
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from pages import briefing
from pages.models import ApplicationComment, ApplicationPage, MeetingPage, MemoPage, OrganisationRoles
from pages.pdf import pdf_filename
from pages.templatetags.portal_tags import long_date
from tests import factories as f
from tests.checks import assert_asks_to_log_in
from tests.workflow_support import role_users, secretary, user

pytestmark = pytest.mark.django_db

SECRET = "Fortroligt-7Q"  # a word that appears only in members-only content


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    n17 = f.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")
    work = f.application_work(n17)
    areas, archive, meeting = work.areas, work.archive, work.meeting
    with django_capture_on_commit_callbacks(execute=True):
        coast = f.application(
            archive, areas["tourism"], title="Kystturisme i Sydsjælland", reference="VF-1", decision_meeting=meeting
        )
        freight = f.application(
            archive,
            areas["transport"],
            title="Grøn godstransport",
            applicant="Køge Havn",
            reference="VF-2",
            decision_meeting=meeting,
        )
        lonely = f.application(
            archive,
            areas["startups"],
            title=f"Iværksætterhus {SECRET}",
            applicant="Faxe Kommune",
            decision_meeting=meeting,
        )
    return {"n17": n17, **vars(work), "coast": coast, "freight": freight, "lonely": lonely}


def comment_url(application):
    return application.url + "kommentar/"


def post_comment(client, application, text, recommendation="support"):
    return client.post(comment_url(application), {"text": text, "recommendation": recommendation})


# -- case handlers ------------------------------------------------------------------------------------------------


def test_a_case_handler_must_sit_in_the_network_for_the_whole_period(world):
    from pages.models import CaseHandlerAssignment

    outsider = f.person(name="Dorte Vang", municipality_name="Stevns")
    with pytest.raises(ValidationError) as refused:
        CaseHandlerAssignment(
            person=outsider,
            focus_area=world["areas"]["startups"],
            network=world["n17"],
            start_date=timezone.localdate(),
        ).full_clean()
    assert "person" in refused.value.message_dict

    # A membership that ends before the assignment does is not enough either.
    f.membership(outsider, world["n17"], end_date=timezone.localdate() + dt.timedelta(days=30))
    open_ended = CaseHandlerAssignment(
        person=outsider, focus_area=world["areas"]["startups"], network=world["n17"], start_date=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        open_ended.full_clean()
    open_ended.end_date = timezone.localdate() + dt.timedelta(days=20)
    open_ended.full_clean()


def test_an_assignment_ends_after_it_starts_and_never_overlaps_the_same_persons_own(world):
    from pages.models import CaseHandlerAssignment

    anna = world["people"]["anna"]
    backwards = CaseHandlerAssignment(
        person=anna,
        focus_area=world["areas"]["transport"],
        network=world["n17"],
        start_date=timezone.localdate(),
        end_date=timezone.localdate() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as refused:
        backwards.full_clean()
    assert "end_date" in refused.value.message_dict
    twice = CaseHandlerAssignment(
        person=anna, focus_area=world["areas"]["tourism"], network=world["n17"], start_date=timezone.localdate()
    )
    with pytest.raises(ValidationError) as refused:
        twice.full_clean()
    assert "start_date" in refused.value.message_dict


def test_only_current_assignments_make_someone_a_case_handler(world):
    carl = world["people"]["carl"]
    f.case_handler(
        carl,
        world["areas"]["tourism"],
        world["n17"],
        start_date=timezone.localdate() - dt.timedelta(days=100),
        end_date=timezone.localdate() - dt.timedelta(days=1),
    )
    assert list(world["coast"].case_handlers()) == [world["people"]["anna"]]
    assert world["coast"].comment_author(carl.user) is None


def test_the_archive_lists_who_handles_what(client, world):
    client.force_login(world["people"]["carl"].user)
    response = client.get(world["archive"].url)
    assert response.status_code == 200
    rows = response.content.decode()
    assert "Who handles what" in rows or "Hvem behandler hvad" in rows
    assert "Anna Holm" in rows and "Bo Lind" in rows
    assert "Iværksætteri" in rows  # shown with no case handler


def test_the_archive_does_not_list_an_application_past_its_expiry(client, world):
    """Listed by the portal's visibility rule: an expired application goes before the command unpublishes it."""
    expired = world["freight"]
    expired.expire_at = timezone.now() - dt.timedelta(minutes=1)
    expired.save(update_fields=["expire_at"])
    client.force_login(world["people"]["carl"].user)
    rows = client.get(world["archive"].url).content.decode()
    assert "Kystturisme i Sydsjælland" in rows
    assert "Grøn godstransport" not in rows


def test_an_application_does_not_name_a_deciding_meeting_its_reader_may_not_see(client, world):
    meeting = world["meeting"]
    meeting.title = f"Møde {SECRET}"
    meeting.save_revision()
    meeting.unpublish()
    client.force_login(world["people"]["carl"].user)
    page = client.get(world["coast"].url).content.decode()
    assert SECRET not in page
    assert "Møde i Vækstforum" not in page


# -- notifications and dashboard ----------------------------------------------------------------------------------


def test_case_handlers_of_the_area_are_mailed_once_when_an_application_is_published(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    to = sorted(address for message in mailoutbox for address in message.to)
    assert to == ["anna@example.dk", "bo@example.dk"]
    message = next(m for m in mailoutbox if m.to == ["anna@example.dk"])
    assert "Kystturisme i Sydsjælland" in message.subject
    assert world["coast"].get_full_url() in message.body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world["coast"].save_revision().publish()
    assert mailoutbox == []


def test_an_application_nobody_handles_is_flagged_on_the_editors_dashboard(client, world):
    editor = role_users(world["n17"], "n17")["editor"]
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Applications without a case handler" in page or "Ansøgninger uden sagsbehandler" in page
    assert world["lonely"].title in page
    assert world["coast"].title not in page.split("unassigned-applications")[-1].split("</section>")[0]


def unassigned_panel_text(client, account):
    client.force_login(account)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    return page.split('id="unassigned-applications-content"')[1].split("</table>")[0]


def test_the_dashboard_tells_an_editor_whom_to_ask_not_a_menu_they_lack(client, world):
    editor = role_users(world["n17"], "n17")["editor"]
    panel = unassigned_panel_text(client, editor)
    assert "Personer og steder" not in panel and "People and places" not in panel
    assert "Sekretariatet tildeler sagsbehandlerne" in panel or "The secretariat assigns the case handlers" in panel


def test_the_dashboard_shows_the_secretariat_the_menu_it_assigns_case_handlers_in(client, world):
    panel = unassigned_panel_text(client, secretary())
    assert "Personer og steder → Sagsbehandlere" in panel or "People and places → Case handlers" in panel


def test_a_case_handler_sees_the_applications_of_their_areas_on_the_dashboard(client, world):
    # Being a case handler opens the admin dashboard; a plain member has no admin.
    client.force_login(world["people"]["carl"].user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    client.force_login(world["people"]["anna"].user)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = page.split('id="case-handler-applications-content"')[1]
    assert "Kystturisme i Sydsjælland" in panel
    assert "Grøn godstransport" not in panel
    post_comment(client, world["coast"], "Projektet styrker kystturismen.")
    panel = client.get(reverse("wagtailadmin_home")).content.decode().split('id="case-handler-applications-content"')[1]
    assert "Commented" in panel or "Kommenteret" in panel


def test_an_ended_assignment_closes_the_dashboard_again(client, world):
    from pages.models import CaseHandlerAssignment

    assignment = CaseHandlerAssignment.objects.get(person=world["people"]["anna"])
    assignment.end_date = timezone.localdate() - dt.timedelta(days=1)
    assignment.save()
    client.force_login(world["people"]["anna"].user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert client.post(comment_url(world["coast"]), {"text": "Sent", "recommendation": "none"}).status_code == 403


# -- comments -----------------------------------------------------------------------------------------------------


def test_a_case_handler_comments_on_an_application_in_their_area(client, world):
    client.force_login(world["people"]["anna"].user)
    page = client.get(world["coast"].url).content.decode()
    assert 'name="text"' in page
    response = post_comment(client, world["coast"], "Godt projekt.\nDet bør prioriteres.", "conditions")
    assert response.status_code == 302
    comment = ApplicationComment.objects.get(application=world["coast"])
    assert comment.author == world["people"]["anna"]
    assert comment.recommendation == "conditions"
    assert ApplicationPage.objects.get(pk=world["coast"].pk).status == ApplicationPage.Status.COMMENTED
    shown = client.get(world["coast"].url).content.decode()
    assert "Godt projekt." in shown and "Det bør prioriteres." in shown

    # Publishing the application again later keeps it commented.
    ApplicationPage.objects.get(pk=world["coast"].pk).get_latest_revision().publish()
    assert ApplicationPage.objects.get(pk=world["coast"].pk).status == ApplicationPage.Status.COMMENTED

    # Writing again changes the one comment instead of adding a second.
    post_comment(client, world["coast"], "Ændret vurdering.", "reject")
    assert ApplicationComment.objects.filter(application=world["coast"]).count() == 1
    assert ApplicationComment.objects.get(application=world["coast"]).text == "Ændret vurdering."


@pytest.mark.parametrize("who", ["other_handler", "member", "editor"])
def test_anyone_but_the_areas_case_handler_is_refused_with_403(client, world, who):
    accounts = {
        "other_handler": world["people"]["bo"].user,  # handles transport, not tourism
        "member": world["people"]["carl"].user,
        "editor": role_users(world["n17"], "n17")["editor"],
    }
    client.force_login(accounts[who])
    response = post_comment(client, world["coast"], "Jeg mener noget om det.")
    assert response.status_code == 403
    assert not ApplicationComment.objects.exists()
    assert ApplicationPage.objects.get(pk=world["coast"].pk).status == ApplicationPage.Status.RECEIVED
    assert 'name="text"' not in client.get(world["coast"].url).content.decode()


def test_the_public_can_neither_read_nor_comment(client, world):
    assert_asks_to_log_in(post_comment(client, world["coast"], "Spam"), world["coast"].url, comes_back=False)
    assert not ApplicationComment.objects.exists()
    for page in (world["archive"], world["coast"]):
        assert_asks_to_log_in(client.get(page.url), page.url)


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write your comment"), ("x" * 10_001, "at most 10,000 characters")],
)
def test_a_bad_comment_is_refused_with_a_message_and_nothing_saved(client, world, text, message, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(world["people"]["anna"].user)
    url = world["coast"].url.replace("/da/", "/en/", 1)
    response = client.post(url + "kommentar/", {"text": text, "recommendation": "support"})
    if response.status_code == 404:  # the page exists in Danish only; the Danish address answers in Danish
        response = post_comment(client, world["coast"], text)
        message = {"Write your comment": "Skriv din kommentar", "at most 10,000 characters": "10.000"}[message]
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApplicationComment.objects.exists()


def test_an_unknown_recommendation_is_a_form_error(client, world):
    client.force_login(world["people"]["anna"].user)
    response = post_comment(client, world["coast"], "Fin ansøgning", recommendation="maybe")
    assert response.status_code == 400
    assert not ApplicationComment.objects.exists()


def test_comments_close_when_the_application_is_decided(client, world):
    ApplicationPage.objects.filter(pk=world["coast"].pk).update(status=ApplicationPage.Status.GRANTED)
    client.force_login(world["people"]["anna"].user)
    assert 'name="text"' not in client.get(world["coast"].url).content.decode()
    response = post_comment(client, world["coast"], "For sent")
    assert response.status_code == 409
    assert "decided" in response.content.decode() or "afgjort" in response.content.decode()
    assert not ApplicationComment.objects.exists()


def test_the_comment_address_only_takes_posts(client, world):
    client.force_login(world["people"]["anna"].user)
    assert client.get(comment_url(world["coast"])).status_code == 405


# -- the application editor ---------------------------------------------------------------------------------------


def test_a_decided_application_needs_a_held_deciding_meeting(world):
    coast = world["coast"]
    coast.status = ApplicationPage.Status.GRANTED
    with pytest.raises(ValidationError) as refused:
        coast.full_clean()
    assert "status" in refused.value.message_dict
    coast.decision_meeting = None
    with pytest.raises(ValidationError) as refused:
        coast.full_clean()
    assert "decision_meeting" in refused.value.message_dict


def test_the_deciding_meeting_must_be_the_forums(client, world):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    other = f.meeting(world["eko"], title="Møde i EKO")
    client.force_login(user("root", superuser=True))
    data = nested_form_data(
        {
            "title": "Ny ansøgning",
            "slug": "ny-ansoegning",
            "applicant": "Sorø Kommune",
            "reference": "",
            "focus_area": world["areas"]["tourism"].pk,
            "amount": "500000",
            "received": timezone.localdate().isoformat(),
            "status": "received",
            "decision_meeting": other.pk,
            "summary": rich_text(""),
            "attachments": streamfield([]),
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["pages", "applicationpage", world["archive"].pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Choose a meeting of Vækstforum Sjælland" in response.content.decode() or "Vælg et møde i" in (
        response.content.decode()
    )
    assert not ApplicationPage.objects.filter(slug="ny-ansoegning").exists()


# -- the briefing memo --------------------------------------------------------------------------------------------


def comment(world, person_key, application, text, recommendation="support"):
    person = world["people"][person_key]
    return ApplicationComment.objects.create(
        application=application, author=person, user=person.user, text=text, recommendation=recommendation
    )


def test_the_briefing_memo_follows_the_agenda_and_flags_items_without_comments(world):
    comment(world, "anna", world["coast"], "Kystturismen i Sydsjælland trænger til løft.")
    memo, created = briefing.generate(world["meeting"])
    assert created
    text = memo.get_latest_revision_as_object().briefing
    order = [
        text.index("1. Godkendelse af dagsorden"),
        text.index("2. Ansøgning: Kystturisme"),
        text.index("Kystturismen i Sydsjælland trænger til løft."),
        text.index("3. Ansøgning: Grøn godstransport"),
        text.index("4. Eventuelt"),
    ]
    assert order == sorted(order)
    item3 = text[text.index("3. Ansøgning") : text.index("4. Eventuelt")]
    assert "Bo Lind" in item3  # the uncommented application names who should have commented
    assert "No comments" in item3 or "Ingen kommentarer" in item3
    # A routine item without applications is its heading alone, not a "no comments" line.
    assert text.startswith("<h3>1. Godkendelse af dagsorden</h3><h3>2. Ansøgning: Kystturisme</h3>")
    # The application on no agenda item is gathered at the end, flagged as having no case handler.
    tail = text[text.index("4. Eventuelt") :]
    assert world["lonely"].title in tail


def test_the_briefing_memo_is_a_members_only_draft_filed_with_the_pre_meeting(world):
    memo, _created = briefing.generate(world["meeting"])
    assert not memo.live
    assert memo.get_parent().get_parent().specific == world["eko"]
    restriction = PageViewRestriction.objects.get(page=memo)
    eko_roles = OrganisationRoles.for_page(world["eko"])
    assert eko_roles.members in restriction.groups.all()
    revision = memo.get_latest_revision_as_object()
    assert set(revision.related_meetings.all()) >= {world["meeting"], world["pre_meeting"]}


def test_regenerating_keeps_the_introduction_and_brings_new_comments(world):
    memo, _ = briefing.generate(world["meeting"])
    draft = memo.get_latest_revision_as_object()
    draft.body = "<p>Indledning skrevet af koordinationsgruppen.</p>"
    draft.save_revision()
    comment(world, "bo", world["freight"], "Godstransporten bør flyttes til banen.", "reject")
    again, created = briefing.generate(world["meeting"])
    assert not created and again.pk == memo.pk
    latest = again.get_latest_revision_as_object()
    assert latest.body == "<p>Indledning skrevet af koordinationsgruppen.</p>"
    assert "Godstransporten bør flyttes til banen." in latest.briefing
    assert MemoPage.objects.filter(briefing_for=world["meeting"]).count() == 1


def test_the_briefing_memo_goes_through_the_admin_action_and_downloads_as_pdf(client, world):
    comment(world, "anna", world["coast"], "Et stærkt partnerskab bag ansøgningen.")
    eko = role_users(world["eko"], "eko")
    client.force_login(eko["editor"])
    url = reverse("pages_generate_briefing", args=[world["meeting"].pk])
    summary = client.get(url)
    assert summary.status_code == 200
    assert "Formøde med de kommunale medlemmer" in summary.content.decode()
    response = client.post(url)
    assert response.status_code == 302, response.content.decode()[:3000]
    memo = MemoPage.objects.get(briefing_for=world["meeting"])
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[memo.pk])

    # Approved through the normal workflow, it is published for the members.
    memo.get_latest_revision().publish()
    memo.refresh_from_db()
    client.force_login(eko["member"])
    pdf = client.get(memo.url + "pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Et stærkt partnerskab bag ansøgningen." in text
    assert "Ansøgning: Kystturisme" in text

    # The pre-meeting page shows it to its members, and never to the public.
    assert memo.title in client.get(world["pre_meeting"].url).content.decode()
    client.logout()
    assert memo.title not in client.get(world["pre_meeting"].url).content.decode()
    assert client.get(memo.url + "pdf/").status_code == 302


def test_only_those_who_may_file_the_memo_may_generate_it(client, world):
    client.force_login(world["people"]["carl"].user)  # a network member, not an editor of EKO
    url = reverse("pages_generate_briefing", args=[world["meeting"].pk])
    response = client.post(url)
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("wagtailadmin_login")
    assert not MemoPage.objects.filter(briefing_for=world["meeting"]).exists()
    client.force_login(user("root", superuser=True))
    assert client.get(reverse("pages_generate_briefing", args=[999999]), follow=True).status_code == 404


# -- members only, everywhere -------------------------------------------------------------------------------------


@pytest.fixture
def published_briefing(world):
    comment(world, "anna", world["coast"], f"Kommentar {SECRET} om kystturisme.")
    memo, _ = briefing.generate(world["meeting"])
    memo.get_latest_revision().publish()
    memo.refresh_from_db()
    return memo


def test_members_only_content_never_reaches_the_public(client, world, published_briefing):
    from search.indexing import rebuild

    rebuild()
    body = client.get(world["n17"].url).content.decode()
    assert "Ansøgninger om medfinansiering" not in body
    for url in [
        "/da/search/?q=Iværksætterhus",
        "/da/search/?q=kystturisme",
        "/da/search/suggest/?q=Iværks",
        "/da/search/suggest/?q=Kystturisme",
        "/api/v2/pages/?limit=100&fields=*",
        "/sitemap.xml",
        "/da/kalender/alle.ics",
        "/api/oparl/v1/",
    ]:
        response = client.get(url, follow=True)
        content = response.content.decode()
        assert SECRET not in content, url
        assert published_briefing.title not in content, url
        assert "Kystturisme i Sydsjælland" not in content, url


def test_members_only_content_stays_out_of_search_and_api_for_members_too(client, world, published_briefing):
    from search.indexing import rebuild

    rebuild()
    client.force_login(world["people"]["anna"].user)
    search = client.get("/da/search/", {"q": "Iværksætterhus"}).content.decode()
    assert SECRET not in search
    api = client.get("/api/v2/pages/", {"limit": 100}).content.decode()
    assert "Kystturisme" not in api and published_briefing.title not in api


def test_the_briefing_memo_is_approved_by_the_bodys_approvers_like_any_page(world):
    eko = role_users(world["eko"], "eko")
    memo, _ = briefing.generate(world["meeting"], user=eko["editor"])
    workflow = memo.get_workflow()
    assert workflow is not None and workflow == OrganisationRoles.for_page(world["eko"]).workflow
    state = workflow.start(memo, eko["editor"])
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, eko["approver"], "approve")
    memo.refresh_from_db()
    assert memo.live
    # Published, it is still for the members only.
    assert not MemoPage.objects.public().filter(pk=memo.pk).exists()


def test_a_translated_application_is_one_application_with_one_set_of_comments(client, world):
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    for page in (world["n17"], world["archive"], world["coast"]):
        page.copy_for_translation(english, copy_parents=True).save_revision().publish()
    comment(world, "anna", world["coast"], "Én kommentar, på dansk.")
    memo, _ = briefing.generate(world["meeting"])
    text = memo.get_latest_revision_as_object().briefing
    assert text.count("Kystturisme i Sydsjælland") == 1
    assert "Én kommentar, på dansk." in text
    english_coast = ApplicationPage.objects.get(translation_key=world["coast"].translation_key, locale=english)
    client.force_login(world["people"]["anna"].user)
    assert "Én kommentar, på dansk." in client.get(english_coast.url).content.decode()
    # Commenting on the translation changes the same comment.
    client.post(english_coast.url + "kommentar/", {"text": "Rettet.", "recommendation": "support"})
    assert [c.text for c in ApplicationComment.objects.all()] == ["Rettet."]


def test_the_coordination_groups_editors_find_the_coming_meeting_to_brief_on_their_dashboard(client, world):
    eko = role_users(world["eko"], "eko")
    comment(world, "anna", world["coast"], "Kommentar til formødet.")
    client.force_login(eko["editor"])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = page.split('id="briefing-memos-content"')[1].split("</section>")[0]
    assert "Møde i Vækstforum" in panel
    assert reverse("pages_generate_briefing", args=[world["meeting"].pk]) in panel
    # A case handler of the network may not file the memo with EKO, so the panel is not theirs.
    client.force_login(world["people"]["anna"].user)
    assert 'id="briefing-memos-content"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_briefing_memo_says_it_is_for_members_only(client, world, published_briefing):
    client.force_login(role_users(world["eko"], "eko2")["member"])
    page = client.get(published_briefing.url).content.decode()
    assert "Members only" in page or "Kun for medlemmer" in page
    assert "Kommentar " + SECRET in page


def test_the_briefing_memo_pdf_has_a_letterhead_says_members_only_and_keeps_danish_letters_in_its_name(client, world):
    comment(world, "anna", world["coast"], "Et stærkt partnerskab bag ansøgningen.")
    memo, _ = briefing.generate(world["meeting"])
    memo.get_latest_revision().publish()
    memo.refresh_from_db()
    client.force_login(role_users(world["eko"], "eko")["member"])
    pdf = client.get(memo.url + "pdf/")
    day = slugify(long_date(world["meeting"].start))
    assert (
        pdf["Content-Disposition"]
        == f'attachment; filename="samlet-notat-med-kommentarer-til-dagsordenen-vf-{day}.pdf"'
    )
    first_page = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    lines = [line.strip() for line in first_page.splitlines()]
    # The footer comes first in the text: "Kun for medlemmer" on every page, then the letterhead above the title.
    letterhead = lines.index("Fælleskommunal mødeportal – Region Sjælland · Erhvervskoordinationsgruppen")
    assert lines[letterhead + 1] == "Kun for medlemmer"
    assert lines[letterhead + 2].startswith("Samlet notat med kommentarer til dagsordenen")
    assert lines.count("Kun for medlemmer") == 2
    assert "Ingen kommentarer: ingen ansøgning" not in first_page


def test_the_briefing_introduction_names_the_meetings_day_once(world):
    meeting = world["meeting"]
    meeting.title = MeetingPage.default_title(meeting.get_parent().specific, meeting.start)
    meeting.save_revision().publish()
    memo, _ = briefing.generate(MeetingPage.objects.get(pk=meeting.pk))
    body = memo.get_latest_revision_as_object().body
    assert body.count(long_date(meeting.start)) == 1


def test_a_memo_pdfs_file_name_writes_danish_letters_out():
    assert pdf_filename("Notat om vækst på Ærø og i Køge") == "notat-om-vaekst-paa-aeroe-og-i-koege.pdf"


def test_the_briefing_memo_is_a_visible_button_on_the_forum_meetings_edit_page(client, world):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    admin = get_user_model().objects.create_superuser("admin-da", "a@example.dk", "hemmelig-kode-123")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "da"
    profile.save()
    client.force_login(admin)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[world["meeting"].pk])).content.decode()
    nav = '<nav class="portal-page-actions" aria-label="Handlinger for denne side">'
    actions = page.split(nav)[1].split("</nav>")[0]
    url = reverse("pages_generate_briefing", args=[world["meeting"].pk])
    assert f'<a class="button button--icon bicolor" href="{url}">' in actions
    assert "Samlet notat</a>" in actions
