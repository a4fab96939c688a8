"""Bad input answers 4xx with a message, never 5xx; and every public address is one the leak matrix reads."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import factories as f

pytestmark = pytest.mark.django_db

# Every public address (outside the admin), and the exit of tests/test_visibility_matrix.py that reads it, or why
# none needs to: an address added without a line here fails test_every_public_address_is_an_exit_of_the_matrix.
ROUTES = {
    "api/oparl/v1/": "oparl",
    "api/oparl/v1/^(?P<kind>organization|person|membership|meeting|agendaitem|paper|file|location)/$": "oparl",
    "api/oparl/v1/^(?P<kind>organization|person|membership|meeting|agendaitem|paper|file|location)/"
    "(?P<pk>[1-9][0-9]{0,17})$": "oparl",
    "api/oparl/v1/body/": "oparl",
    "api/oparl/v1/body/<slug:slug>": "oparl",
    "api/oparl/v1/file/<id:pk>/access": "oparl-files",
    "api/oparl/v1/file/<id:pk>/download": "oparl-files",
    "api/oparl/v1/legislativeterm/": "not an exit: the legislative terms are fixed periods, no content",
    "api/oparl/v1/organization/<id:pk>/meeting/": "oparl",
    "api/v2/^documents/": "api-files",
    "api/v2/^documents/<id:pk>/": "api-files",
    "api/v2/^documents/find/": "api-files",
    "api/v2/^images/": "api-files",
    "api/v2/^images/<id:pk>/": "api-files",
    "api/v2/^images/find/": "api-files",
    "api/v2/^pages/": "api-pages",
    "api/v2/^pages/<id:pk>/": "api-pages",
    "api/v2/^pages/find/": "api-pages",
    "da/^((?:[\\w\\-]+/)*)$": "pages-da",
    "da/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": "not an exit: the form",
    "da/_util/login/": "not an exit: Wagtail's address of the login form",
    "da/log-ind/": "not an exit: the login form",
    "da/log-ud/": "not an exit: logging out",
    "da/mit-omraade/": "members-area",
    "da/kalender/alle.ics": "calendars",
    "da/kalender/mine/": "not an exit: the member's own feed address, for the logged-in member only",
    "da/kalender/moede/<id:page_id>.ics": "calendars",
    "da/kalender/organisation/<id:page_id>.ics": "calendars",
    "da/kalender/person/<id:person_id>.ics": "calendars",
    "da/kalender/privat/<str:key>.ics": "private-calendar",
    "da/foelg/": "follow-form",
    "da/foelg/<id:page_id>/atom/": "feeds",
    "da/foelg/soeg/atom/": "feeds",
    "da/foelg/bekraeft/<str:token>/": "not an exit: a signed link from the subscriber's own e-mail",
    "da/foelg/afmeld/<str:token>/": "not an exit: a signed link from the subscriber's own e-mail",
    "da/foelg/mine/<str:token>/": "not an exit: a signed link from the subscriber's own e-mail",
    "da/dagsorden/<id:page_id>.pdf": "packets",
    "da/dagsorden/<id:page_id>/medlemmer.pdf": "packets",
    "da/search/": "search-da",
    "da/search/suggest/": "suggestions",
    "documents/^(\\d+)/(.*)$": "documents",
    "documents/authenticate_with_password/<int:restriction_id>/": "not an exit: the form",
    "healthz": "not an exit: service status only",
    "sitemap.xml": "sitemap",
    "robots.txt": "not an exit: crawler rules only",
    "da/privatliv/": "not an exit: the privacy notice, fixed text",
    "da/tilgaengelighed/": "not an exit: the accessibility statement, fixed text",
}


# The exits the leak matrix reads.
MATRIX_EXITS = {
    "pages-da",
    "pages-en",
    "listings",
    "search-da",
    "search-en",
    "suggestions",
    "api-pages",
    "api-files",
    "oparl",
    "oparl-files",
    "documents",
    "sitemap",
    "calendars",
    "private-calendar",
    "members-area",
    "admin-chooser",
    "export",
    "feeds",
    "follow-form",
    "packets",
}


def public_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                yield from public_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_every_public_address_is_an_exit_of_the_matrix():
    EXITS = MATRIX_EXITS

    routes = set(public_routes())
    assert routes == set(ROUTES), "addresses the exit list does not name: " + ", ".join(sorted(routes - set(ROUTES)))
    named = {exit_name for exit_name in ROUTES.values() if not exit_name.startswith("not an exit")}
    assert named <= set(EXITS)


@pytest.fixture
def world():
    kkr = f.body(title="KKR Sjælland", short_name="KKR", slug="kkr")
    meeting = f.meeting(kkr, items=2, closed=(2,))
    return {"kkr": kkr, "meeting": meeting}


# The addresses with query parameters the public can send, and the parameters each reads.
PUBLIC_VIEWS = {
    "/da/search/": ("q", "type", "body", "year", "focus", "from", "to", "sort", "page"),
    "/en/search/suggest/": ("q",),
    "/api/v2/pages/": ("search", "offset", "limit", "order", "type", "fields", "child_of", "search_operator"),
    "/api/v2/documents/": ("search", "offset", "limit", "order"),
    "/api/v2/images/": ("search", "offset", "limit"),
    "/api/oparl/v1/meeting/": ("created_since", "created_until", "modified_since", "modified_until", "page", "limit"),
    "/api/oparl/v1/file/": ("modified_since", "limit", "omit_internal"),
    "/da/kalender/alle.ics": ("past_days",),
    "/da/kalender/organisation/{kkr}.ics": ("include", "past_days"),
    "/da/foelg/soeg/atom/": ("q", "type", "body", "year", "focus", "from", "to"),
    "/da/foelg/": ("side", "q", "type", "body", "year", "from"),
}

ugly_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(['"', "%00", "\x00", '">', "'", "*", "(", "AND", "NEAR(", "-1", "0", "1e9"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2024-02-30T25:61:00"]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    view=st.sampled_from(sorted(PUBLIC_VIEWS)),
    values=st.dictionaries(st.integers(min_value=0, max_value=8), ugly_text, max_size=4),
)
def test_public_query_parameters_never_give_a_server_error(client, world, view, values):
    names = PUBLIC_VIEWS[view]
    params = {names[i % len(names)]: value for i, value in values.items()}
    response = client.get(view.format(kkr=world["kkr"].pk), params)
    assert response.status_code < 500, (view, params, response.status_code)


PATHS_WITH_IDS = (
    "/api/v2/pages/{n}/",
    "/api/v2/documents/{n}/",
    "/api/v2/images/{n}/",
    "/api/oparl/v1/meeting/{n}",
    "/api/oparl/v1/file/{n}/access",
    "/api/oparl/v1/organization/{n}/meeting/",
    "/da/kalender/organisation/{n}.ics",
    "/da/kalender/moede/{n}.ics",
    "/da/kalender/person/{n}.ics",
    "/documents/{n}/bilag.txt",
    "/da/_util/authenticate_with_password/{n}/{n}/",
    "/da/foelg/{n}/atom/",
    "/da/foelg/?side={n}",
    "/da/foelg/bekraeft/{n}/",
    "/da/foelg/afmeld/{n}/",
    "/da/foelg/mine/{n}/",
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS_WITH_IDS), number=st.integers(min_value=0, max_value=10**40))
def test_numbers_in_addresses_never_give_a_server_error(client, world, path, number):
    response = client.get(path.format(n=number))
    assert response.status_code < 500, (path, number, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=%22",
        "/api/v2/pages/?search=%00",
        '/api/v2/pages/?search=">',
        "/da/search/?q=a&body=99999999999999999999",
        "/api/oparl/v1/meeting/?created_since=0001-01-01T00:00:00",
        "/api/oparl/v1/meeting/?modified_since=0001-01-01T00:00:00%2B14:00",
        "/api/oparl/v1/meeting/?modified_until=9999-12-31T23:59:59-14:00",
        "/api/oparl/v1/organization/99999999999999999999/meeting/",
        "/da/kalender/organisation/99999999999999999999.ics",
        "/da/kalender/moede/99999999999999999999.ics",
        "/api/v2/pages/?offset=999999999999999999999",
        "/api/v2/documents/?offset=999999999999999999999",
        "/api/v2/images/?offset=999999999999999999999",
    ],
)
def test_the_reported_bad_inputs_answer_without_a_server_error(client, world, url):
    assert client.get(url).status_code < 500


def test_a_huge_offset_says_what_is_wrong(client, world):
    response = client.get("/api/v2/pages/?offset=999999999999999999999")
    assert response.status_code == 400
    assert "offset cannot be higher" in response.json()["message"]


def test_a_search_of_quotes_only_finds_nothing_rather_than_failing(client, world):
    response = client.get("/api/v2/pages/?search=%22")
    assert response.json()["meta"]["total_count"] == 0


def test_a_date_before_the_archive_means_since_ever(client, world):
    response = client.get("/api/oparl/v1/meeting/", {"created_since": "0001-01-01T00:00:00"})
    assert [m["name"] for m in response.json()["data"]] == [world["meeting"].title]
