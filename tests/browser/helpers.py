"""Small steps the browser tests share: moving focus by keyboard and reading the focused element."""

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
