"""Small steps the browser tests share: moving focus by keyboard, reading the focused element and logging in."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import translation

TAB_LIMIT = 80


def focused_matches(page, selector):
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector, limit=TAB_LIMIT):
    """Presses Tab until the element matching ``selector`` has focus; fails if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            return page.locator(":focus")
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def admin_login(page, base_url, username, password):
    """Signs in through the Wagtail admin's login form and waits for the dashboard."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log ind", exact=False).click()
    page.wait_for_url(base_url + "/admin/")


def login_path(language="da"):
    """The address of the portal's login form in ``language`` (settings.LOGIN_URL)."""
    with translation.override(language):
        return resolve_url(settings.LOGIN_URL)


def member_login(page, username, password):
    """Signs in through the portal's login form, on which a members-only page has left the visitor."""
    page.get_by_label("Brugernavn").fill(username)
    password_field = page.get_by_label("Adgangskode")
    password_field.fill(password)
    with page.expect_navigation():
        password_field.press("Enter")
