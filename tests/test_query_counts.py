"""Pages cost the same number of database queries however much content they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories as f


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _meeting_with_attachments(parent, items):
    meeting = f.meeting(parent, items=items, closed=(2,), publish=False)
    for item in meeting.agenda_items.all():
        doc = f.document(title=f"Bilag {item.pk}", filename=f"bilag-{item.pk}.txt")
        item.attachments = f.attachment(doc)
        item.save()
    meeting.save_revision().publish()
    return meeting


@pytest.mark.django_db
def test_meeting_page_queries_do_not_grow_with_agenda_items(client):
    group = f.working_group(f.body())
    small = _meeting_with_attachments(group, 5)
    large = _meeting_with_attachments(group, 50)
    count_queries(client, small.url)  # warm caches (site root, locales)
    assert count_queries(client, small.url) == count_queries(client, large.url)


@pytest.mark.django_db
def test_body_page_queries_do_not_grow_with_members_and_meetings(client):
    small, large = f.body(title="Lille"), f.body(title="Stor")
    now = timezone.now()
    for body, n in ((small, 2), (large, 25)):
        for i in range(n):
            f.membership(f.person(name=f"Person {body.pk}-{i}"), body)
            f.meeting(body, start=now + dt.timedelta(days=i + 1))
            f.meeting(body, start=now - dt.timedelta(days=i + 1))
    count_queries(client, small.url)
    assert count_queries(client, small.url) == count_queries(client, large.url)


@pytest.mark.django_db
def test_home_and_archive_queries_do_not_grow_with_content(client):
    archive = f.memo_archive()
    body = f.body()
    f.memo(archive)
    f.meeting(body)
    home = f.home_page()
    count_queries(client, home.url)
    before_home = count_queries(client, home.url)
    before_archive = count_queries(client, archive.url)
    for i in range(15):
        f.memo(archive, title=f"Notat {i}")
        f.meeting(f.body(title=f"Udvalg {i}"), start=timezone.now() + dt.timedelta(days=i + 2))
    assert count_queries(client, home.url) == before_home
    assert count_queries(client, archive.url) == before_archive
