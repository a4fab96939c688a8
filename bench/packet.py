"""Benchmark: building a meeting's packet — time, and memory at 50, 100 and 200 pages.

Run: .venv/bin/python bench/packet.py [--runs 3]
Migrates a throwaway SQLite database and builds meetings of 10, 20 and 40 agenda items, each item with one
four-page PDF attachment with text and an image on each page (about 50, 100 and 200 pages with the cover, the
agenda and the items' own pages). For each it
prints the median build time (``packets.build.build``: plan, drawing, merge, storing), the peak of Python's own
allocations during one build (tracemalloc) and the process's peak resident memory after it. The packet is then read
back with pypdf to check its page count and bookmarks. For comparison, the same files merged with pypdf's
``PdfWriter``, which holds every page until it writes.
Target: 200 pages in under 10 s; memory that does not grow with the page count.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="portal-bench-packet-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("MEDIA_ROOT", f"{_tmp}/media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402
from PIL import Image  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Image as RLImage  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402

SIZES = (10, 20, 40)
ATTACHMENT_PAGES = 4
TEXT = (
    "Vækstforum Sjælland behandler ansøgningen om medfinansiering af projektet. Kommunerne i regionen har "
    "drøftet sagen i det kommunale erhvervsnetværk, og erhvervskoordinationsgruppen har givet sine bemærkninger. "
) * 6


def attachment_pdf(title, number):
    """A four-page attachment: a heading, two paragraphs of Danish text and a scanned-looking image a page
    (noise, about 60 kB, that compresses no further)."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    story = []
    picture = io.BytesIO()
    Image.effect_noise((300, 200), 64 + number).save(picture, "PNG")
    for page in range(1, ATTACHMENT_PAGES + 1):
        story += [Paragraph(f"{title}, side {page}", styles["Heading1"])]
        story += [Paragraph(TEXT, styles["BodyText"]) for _ in range(2)]
        story.append(RLImage(io.BytesIO(picture.getvalue()), width=300, height=200))
        story.append(PageBreak())
    SimpleDocTemplate(buffer, pagesize=A4, title=title).build(story[:-1])
    return buffer.getvalue()


def meeting_with(body, items):
    from pages.models import AgendaItem
    from tests import factories

    page = factories.meeting(body, publish=False, title=f"Møde med {items} punkter")
    for number in range(1, items + 1):
        title = f"Bilag {number}"
        content = attachment_pdf(title, number)
        document = factories.document(title=title, filename=f"bilag-{number}.pdf", content=content)
        page.agenda_items.add(
            AgendaItem(
                sort_order=number,
                title=f"Punkt {number}: Ansøgning om medfinansiering",
                description=f"<p>{TEXT[:600]}</p>",
                recommendation="<p>Det indstilles, at ansøgningen anbefales.</p>",
                attachments=factories.attachment(document),
            )
        )
    page.save()
    page.save_revision().publish()
    return page


def build_once(meeting_id):
    from packets import build

    build.discard_older(meeting_id, "public")
    return build.build(meeting_id, "public")


def pypdf_writer_peak(meeting):
    """Peak allocations of merging the same attachments with pypdf's PdfWriter (everything held until written)."""
    from pages import visibility

    paths = [a["document"].file.path for item in visibility.public().agenda(meeting) for a in item.resolved_attachments]
    tracemalloc.start()
    writer = PdfWriter()
    for path in paths:
        writer.append(path)
    writer.write(io.BytesIO())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def profile(meeting_id):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    build_once(meeting_id)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the largest build instead of timing")
    args = parser.parse_args()

    from tests import factories

    call_command("migrate", verbosity=0)
    # The bench builds each packet itself: publishing queues nothing here, and files are read in this thread.
    override_settings(
        TASKS={**settings.TASKS, "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    ).enable()
    factories.home_page()
    body = factories.body(title="Vækstforum Sjælland", short_name="Vækstforum")
    print(
        f"{'items':>5} {'pages':>6} {'MB':>6} {'median s':>9} {'min s':>7} {'tracemalloc peak':>17} "
        f"{'peak RSS':>9} {'PdfWriter peak':>15}"
    )
    for items in SIZES:
        meeting = meeting_with(body, items)
        if args.profile:
            if items == SIZES[-1]:
                profile(meeting.pk)
            continue
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            packet = build_once(meeting.pk)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        packet = build_once(meeting.pk)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with default_storage.open(packet.file.name, "rb") as handle:
            reader = PdfReader(handle)
            pages, bookmarks = len(reader.pages), sum(not isinstance(e, list) for e in reader.outline)
        assert pages == packet.pages, (pages, packet.pages)
        assert bookmarks == 2 + items, bookmarks
        print(
            f"{items:>5} {pages:>6} {packet.size / 1e6:>6.2f} {statistics.median(times):>9.2f} {min(times):>7.2f} "
            f"{peak / 1e6:>14.1f} MB {rss:>6.0f} MB {pypdf_writer_peak(meeting) / 1e6:>12.1f} MB"
        )


if __name__ == "__main__":
    main()
