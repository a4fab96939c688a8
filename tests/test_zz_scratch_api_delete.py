import pytest
from wagtail.signals import page_unpublished
from tests import factories as f
from opendata import signals


@pytest.mark.django_db
def test_delete_live_meeting_without_opendata():
    page_unpublished.disconnect(dispatch_uid="opendata_page_unpublished")
    try:
        m = f.meeting(f.body(), items=1)
        m.delete()
    finally:
        page_unpublished.connect(signals.on_page_unpublished, dispatch_uid="opendata_page_unpublished")
