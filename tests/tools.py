"""Tests that need a program from outside Python (Chromium, calendar programs, GNU gettext)."""

import os

import pytest


def in_ci():
    """Whether the suite runs in CI (CI=true, as .ci/run sets it), where every program it needs is installed."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def missing(message):
    """A needed program is missing: in CI the test fails, on a developer's machine it is skipped with ``message``."""
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
