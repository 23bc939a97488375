"""Fixtures for the app's screens: the Indonesian UI and a store with today's demo visit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit.workspace import Workspace
from ui import demo, i18n

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def english(qapp: QApplication) -> None:
    """The app's English, as ``fieldkit-app`` installs it: "1 record", "2 records".

    Without it a ``%n`` sentence would read "2 record(s)" in one test and "2 records" in
    the next, after an ``indonesian`` test's teardown had installed English.
    """
    i18n.install(qapp, "en")


@pytest.fixture
def indonesian(qapp: QApplication) -> Iterator[None]:
    translator = i18n.install(qapp, "id")
    assert translator is not None, "the compiled Indonesian translation must load"
    yield
    qapp.removeTranslator(translator)
    i18n.install(qapp, "en")


@pytest.fixture
def demo_data(home: Path) -> Iterator[demo.Demo]:
    """What ``fieldkit-app --demo`` starts with: three officers and today's visit of 5."""
    made = demo.create(home)
    yield made
    made.workspace.close()


@pytest.fixture
def demo_ws(demo_data: demo.Demo) -> Workspace:
    return demo_data.workspace
