"""Writes screenshots of each public page type at desktop and phone width to docs/screenshots/ (`make screenshots`).

Serves the demo database (``make demo``) on a free port of 127.0.0.1 with DEBUG off, so the 404 page is the
portal's own.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

from tests.browser.conftest import CHROMIUM, DESKTOP, PHONE, launch  # noqa: E402

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# Full pages are clipped to this height so that long archives stay readable; a PNG over the size limit is taken
# again with less height.
MAX_HEIGHT = {"desktop": 2000, "phone": 2600}
MAX_BYTES = 300 * 1024


def demo_paths():
    """The address of one page of each public type in the demo content."""
    import django

    django.setup()
    from wagtail.models import Locale

    from pages import visibility
    from pages.models import (
        BodyPage,
        ConsortiumPage,
        HomePage,
        MeetingPage,
        MemoIndexPage,
        MemoPage,
        StandardPage,
        WorkingGroupPage,
    )

    public = visibility.public()

    def danish(model):
        return public.pages(model.objects.filter(locale__language_code="da"))

    body = danish(BodyPage).filter(short_name="N17").first() or danish(BodyPage).first()
    from django.utils import timezone

    held = danish(MeetingPage).filter(start__lte=timezone.now(), cancelled=False).order_by("-start")
    meeting = next(m for m in held if m.agenda_items.exists())
    memo = danish(MemoPage).order_by("-date").first()
    cancelled = danish(MeetingPage).filter(cancelled=True).first()
    english_meeting = meeting.get_translation_or_none(Locale.objects.get(language_code="en"))
    # An archive whose memos are all for members: the public is told so, with a login link.
    members_only = next((a for a in danish(MemoIndexPage) if public.withheld(MemoPage.objects.child_of(a))), None)
    about = danish(StandardPage).first()
    if None in (body, memo) or not danish(HomePage).exists():
        sys.exit("No demo content: run `make demo` first.")
    paths = {
        "home": danish(HomePage).first().url,
        "home-en": "/en/",
        "body": body.url,
        "working-group": danish(WorkingGroupPage).first().url,
        "consortium": danish(ConsortiumPage).first().url,
        "meeting": meeting.url,
        "meeting-cancelled": cancelled.url if cancelled else None,
        "meeting-en": english_meeting.url if english_meeting else None,
        "meeting-archive": body.url + "meetings/",
        "memo-archive": danish(MemoIndexPage).order_by("depth", "path").first().url,
        "memo-archive-members-only": members_only.url if members_only else None,
        "memo": memo.url,
        "search-results": "/da/search/?q=v%C3%A6kstforum",
        "search-results-en": "/en/search/?q=growth+forum",
        "standard-page": about.url if about else None,
        "accessibility": "/da/tilgaengelighed/",
        "privacy-en": "/en/privacy/",
        "404": "/da/denne-side-findes-ikke/",
    }
    return {name: path for name, path in paths.items() if path}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port):
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_DEBUG": "false", "PORTAL_PAGE_CACHE": "false", "PORTAL_BASE_URL": base_url}
    subprocess.run([sys.executable, "manage.py", "set_site_address"], cwd=ROOT, env=env, check=True)
    # Static files straight from the source folders with DEBUG off (WhiteNoise in the development settings).
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("The portal did not start.")


def main():
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is missing ({CHROMIUM}): install it with `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    paths = demo_paths()
    port = free_port()
    server = serve(port)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for width_name, viewport in WIDTHS.items():
                context = browser.new_context(viewport=viewport, locale="da-DK", is_mobile=viewport is PHONE)
                page = context.new_page()
                for name, path in paths.items():
                    page.goto(f"http://127.0.0.1:{port}{path}")
                    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[width_name])
                    target = OUT / f"{name}-{width_name}.png"
                    while True:
                        clip = {"x": 0, "y": 0, "width": viewport["width"], "height": height}
                        page.screenshot(path=target, full_page=True, clip=clip)
                        if target.stat().st_size <= MAX_BYTES or height <= viewport["height"]:
                            break
                        height = max(viewport["height"], int(height * 0.75))
                    print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB  {path}")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        # The Site goes back to the address the portal is served on (PORTAL_BASE_URL, as `make run` sets it).
        subprocess.run([sys.executable, "manage.py", "set_site_address"], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
