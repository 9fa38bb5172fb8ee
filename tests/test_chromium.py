"""The website tests find their browser as a contributor expects: $GATESGRAD_CHROMIUM, then
Playwright's own Chromium, then a Chromium or Chrome on PATH."""

from __future__ import annotations

import re

import pytest

from tests.conftest import CHROMIUM_VARIABLE, find_chromium


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A machine with no browser anywhere: an empty PATH and no GATESGRAD_CHROMIUM."""
    monkeypatch.delenv(CHROMIUM_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    return tmp_path


def test_the_variable_comes_first(machine, monkeypatch):
    chosen = executable(machine / "mine" / "chrome")
    playwright = executable(machine / "ms-playwright" / "chrome")
    executable(machine / "bin" / "chromium")
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(chosen))
    assert find_chromium(str(playwright)) == str(chosen)


def test_the_variable_must_name_a_file(machine, monkeypatch):
    executable(machine / "bin" / "chromium")
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(machine / "nowhere"))
    with pytest.raises(FileNotFoundError, match=f"^{CHROMIUM_VARIABLE}: expected .*nowhere"):
        find_chromium(str(machine / "ms-playwright" / "chrome"))


def test_playwright_chromium_comes_before_path(machine):
    playwright = executable(machine / "ms-playwright" / "chrome")
    executable(machine / "bin" / "chromium")
    assert find_chromium(str(playwright)) == str(playwright)


@pytest.mark.parametrize(
    "name", ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
)
def test_then_a_chromium_or_chrome_on_path(machine, name):
    found = executable(machine / "bin" / name)
    assert find_chromium(str(machine / "ms-playwright" / "chrome")) == str(found)


def test_no_browser_names_all_three_ways_in_one_line(machine):
    with pytest.raises(FileNotFoundError) as error:
        find_chromium(str(machine / "ms-playwright" / "chrome"))
    message = str(error.value)
    assert "\n" not in message
    assert re.search(f"{CHROMIUM_VARIABLE}.*playwright install chromium.*PATH", message)
