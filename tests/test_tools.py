"""A program the suite needs that is missing fails the run in CI and is only skipped on a developer's machine."""

import pytest

from tests.tools import missing


def test_a_missing_program_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="calcurse is not installed"):
        missing("calcurse is not installed")


def test_a_missing_program_is_skipped_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="calcurse is not installed"):
        missing("calcurse is not installed")
