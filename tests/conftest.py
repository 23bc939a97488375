"""Shared fixtures.  Qt must be told to stay offscreen before anything imports it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.workspace import Workspace
from tests.support import init_workspace


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder that FIELDKIT_HOME points at, with logs inside it."""
    directory = tmp_path / "home"
    monkeypatch.setenv("FIELDKIT_HOME", str(directory))
    monkeypatch.delenv("FIELDKIT_LOG_DIR", raising=False)
    monkeypatch.delenv("FIELDKIT_OFFICER", raising=False)
    monkeypatch.delenv("FIELDKIT_PASSWORD", raising=False)
    return directory


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    ws = init_workspace(home)
    yield ws
    ws.close()
