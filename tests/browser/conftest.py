"""Browser fixtures: Debian's Chromium driven by Playwright against the portal served by pytest-django's live server."""

import logging
import os
from pathlib import Path

import pytest

from tests.tools import missing

# Playwright's synchronous API keeps an event loop in this thread; the ORM calls the tests make between browser
# steps are ordinary synchronous calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server listens on 127.0.0.1 only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Flags that work as root on a closed network. Playwright gives every launch a fresh, temporary profile
# (it refuses --user-data-dir in launch arguments), so no state carries over between runs.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def require(path, what, hint):
    """Skips when a browser tool is missing on a developer's machine; under CI=true a missing tool fails."""
    if Path(path).exists():
        return
    missing(f"{what} is missing ({path} not found): {hint}")


def launch(playwright):
    """Debian's Chromium, headless, never a downloaded browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@pytest.fixture(scope="session")
def chromium():
    require(CHROMIUM, "Chromium", "install it with `apt-get install -y chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium):
    """A fresh desktop browser profile for one test; make more with ``new_context``."""
    contexts = []

    def new_context(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "da-DK")
        context = chromium.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser_context):
    return browser_context().new_page()


@pytest.fixture
def axe_source():
    require(AXE, "axe-core", "run `npm ci` in the project folder to install it")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def portal(live_server, settings):
    """The portal with a small organisation in both languages, served at ``portal.url``."""
    from portal import addresses

    from .content import build

    # Absolute links (feeds, subscribe buttons, hreflang) start with the live server's address, as in `make run`.
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = live_server.url
    logging.disable(logging.INFO)
    try:
        content = build()
        addresses.set_default_site()
    finally:
        logging.disable(logging.NOTSET)
    content.url = live_server.url
    return content


@pytest.fixture
def applications(portal):
    """The network's application work for the growth forum, on top of ``portal``."""
    from .content import build_applications

    logging.disable(logging.INFO)
    try:
        return build_applications(portal)
    finally:
        logging.disable(logging.NOTSET)
