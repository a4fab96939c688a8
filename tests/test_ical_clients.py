"""Real calendar programs import the feeds: calcurse, khal and ical2html (libical) from Debian's packages.

CI (CI=true) installs them with ``apt-get install -y --no-install-recommends calcurse khal ical2html`` and
these tests fail there when a program is missing. On a developer's machine without them they are skipped
with a message naming the missing program and the install command.
"""

import os
import re
import shutil
import subprocess

import pytest

from tests import factories
from tests.ical_support import portal
from tests.tools import missing

pytestmark = pytest.mark.django_db

INSTALL = "apt-get install -y --no-install-recommends calcurse khal ical2html"


def program(name):
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed on this machine; install it with: {INSTALL}")
    return path


def run(args, tz="Europe/Copenhagen", **kwargs):
    env = {**os.environ, "TZ": tz, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": str(kwargs.pop("home"))}
    result = subprocess.run(  # noqa: S603 - the programs and files are the test's own
        args, capture_output=True, text=True, timeout=60, env=env, check=False, **kwargs
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr, _logs(result.stderr))
    return result


def _logs(output):
    """The text of the log files a program names in its output (calcurse writes why it skipped an item there)."""
    found = re.findall(r"(/tmp/\S+_log\.\w+)", output)
    return [open(path, encoding="utf-8", errors="replace").read()[:4000] for path in found if os.path.exists(path)]


@pytest.fixture
def feed(client, tmp_path):
    """The whole public feed, with an awkward meeting added, saved as a file the way a subscriber fetches it."""
    site = portal()
    odd = factories.meeting(
        site["n17"],
        start=factories.copenhagen(2025, 10, 1, 10),
        title='Møde; om æøå, 🚲 og "citater"',
        location="Sorø Akademi; sal 2, 1. sal",
    )
    for number in range(25):
        odd.agenda_items.create(title=(f"Sag {number}; budget, æøå 🚲 " * 20)[:400], sort_order=number)
    odd.save_revision().publish()
    # Either side of the switches to and from summer time (30 March and 26 October 2025).
    factories.meeting(site["n17"], start=factories.copenhagen(2025, 3, 28, 10), title="Før sommertid")
    factories.meeting(site["n17"], start=factories.copenhagen(2025, 4, 10, 10), title="Efter sommertid")
    factories.meeting(site["n17"], start=factories.copenhagen(2025, 10, 24, 10), title="Før vintertid")
    factories.meeting(site["n17"], start=factories.copenhagen(2025, 10, 27, 10), title="Efter vintertid")
    response = client.get("/da/kalender/alle.ics")
    assert response.status_code == 200
    path = tmp_path / "feed.ics"
    path.write_bytes(response.content)
    return path


# (date, local start, local end, UTC start, summary) of what subscribers must see.
EXPECTED = [
    ("2021-03-03", "13:00", "15:00", "12:00", "N17: Stiftende møde"),
    ("2025-01-15", "09:30", "11:30", "08:30", "N17: Netværksmøde januar"),
    ("2025-03-28", "10:00", "12:00", "09:00", "N17: Før sommertid"),
    ("2025-04-10", "10:00", "12:00", "08:00", "N17: Efter sommertid"),
    ("2025-05-20", "14:00", "16:00", "12:00", "EK: Energimøde"),
    ("2025-06-12", "10:00", "12:00", "08:00", "N17: Netværksmøde juni"),
    ("2025-10-01", "10:00", "12:00", "08:00", 'N17: Møde; om æøå, 🚲 og "citater"'),
    ("2025-10-24", "10:00", "12:00", "08:00", "N17: Før vintertid"),
    ("2025-10-27", "10:00", "12:00", "09:00", "N17: Efter vintertid"),
    ("2025-11-05", "10:00", "12:00", "09:00", "AFLYST: N17: Novembermøde"),
]


def _us_date(iso):
    year, month, day = iso.split("-")
    return f"{month}/{day}/{year}"


@pytest.mark.parametrize("tz", ["Europe/Copenhagen", "UTC"])
def test_calcurse_imports_every_event_at_the_right_time(feed, tmp_path, tz):
    calcurse = program("calcurse")
    data = tmp_path / f"calcurse-{tz.replace('/', '-')}"
    data.mkdir()
    report = run([calcurse, "-D", str(data), "-i", str(feed)], tz=tz, home=tmp_path)
    assert f"{len(EXPECTED)} apps / 0 events / 0 todos / 0 skipped" in report.stdout, report.stdout
    stored = (data / "apts").read_text(encoding="utf-8")
    lines = stored.splitlines()
    assert len(lines) == len(EXPECTED)
    for day, start, end, utc_start, summary in EXPECTED:
        if tz == "UTC":  # calcurse converts from the feed's VTIMEZONE to the machine's zone
            local = f"{_us_date(day)} @ {utc_start}"
        else:
            local = f"{_us_date(day)} @ {start} -> {_us_date(day)} @ {end}"
        assert any(line.startswith(local) and line.endswith("|" + summary) for line in lines), (local, summary, stored)
    assert "Kladde til møde" not in stored

    listing = run(
        [calcurse, "-D", str(data), "-Q", "--from", "01/01/2021", "--days", "2000"], tz=tz, home=tmp_path
    ).stdout
    assert "AFLYST: N17: Novembermøde" in listing


def _khal_config(tmp_path, zone):
    root = tmp_path / f"khal-{zone.replace('/', '-')}"
    (root / "cal").mkdir(parents=True)
    config = root / "config"
    config.write_text(
        "[calendars]\n[[portal]]\n"
        f"path = {root / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"local_timezone = {zone}\ndefault_timezone = {zone}\n"
        "[default]\ndefault_calendar = portal\n"
        f"[sqlite]\npath = {root / 'khal.db'}\n",
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize("zone", ["Europe/Copenhagen", "UTC"])
def test_khal_imports_every_event_with_status_and_time(feed, tmp_path, zone):
    khal = program("khal")
    config = _khal_config(tmp_path, zone)
    imported = run([khal, "-c", str(config), "import", "--batch", "-a", "portal", str(feed)], home=tmp_path)
    assert "warn" not in (imported.stdout + imported.stderr).lower(), imported.stderr
    listing = run(
        [khal, "-c", str(config), "list", "--format", "{start} {end} {title} [{status}]", "2021-01-01", "2000d"],
        home=tmp_path,
    ).stdout
    events = [line for line in listing.splitlines() if line.startswith("20")]
    assert len(events) == len(EXPECTED), listing
    for day, start, end, utc_start, summary in EXPECTED:
        shown = f"{day} {utc_start}" if zone == "UTC" else f"{day} {start} {day} {end}"
        matching = [line for line in events if line.startswith(shown) and summary in line]
        assert matching, (shown, summary, listing)
        status = "CANCELLED" if summary.startswith("AFLYST") else "CONFIRMED"
        assert f"[{status}" in matching[0], matching[0]


def test_ical2html_renders_copenhagen_times_and_the_cancellation(feed, tmp_path):
    ical2html = program("ical2html")
    html = run([ical2html, "-z", "Europe/Copenhagen", "20210101", "P260W", str(feed)], home=tmp_path).stdout
    rendered = re.findall(
        r'<div class="vevent (\w+)">.*?<abbr class="dtstart"\s+title="(\d{8})T(\d{4})\d\dZ">([\d:]+)</abbr>'
        r'.*?<abbr class="dtend"\s+title="\d{8}T\d{6}Z">([\d:]+)</abbr>.*?<span class="summary">(.*?)</span>',
        html,
        flags=re.S,
    )
    assert len(rendered) == len(EXPECTED), html[:2000]
    unescaped = [(*fields, summary.replace("&quot;", '"').replace("&amp;", "&")) for *fields, summary in rendered]
    for day, start, end, utc_start, summary in EXPECTED:
        status = "CANCELLED" if summary.startswith("AFLYST") else "CONFIRMED"
        expected = (status, day.replace("-", ""), utc_start.replace(":", ""), start, end, summary)
        assert expected in unescaped, (expected, unescaped)
