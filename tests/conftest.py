import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploaded files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_calendar_caches():
    """Each test starts with empty calendar caches: a rolled-back test's ids come back in the next test's content,
    so a feed kept from one test could otherwise answer for another's."""
    from calendars.ical import written_events
    from calendars.views import built_feeds

    built_feeds.clear()
    written_events.clear()
