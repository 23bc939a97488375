"""These tests record people without a data center: they run on a training store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.workspace import Workspace
from tests.fieldkit.handover.handover_support import printed_store
from tests.support import init_workspace


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def printed_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Two people recorded, their cards printed: made once per module, copied per test."""
    folder = tmp_path_factory.mktemp("printed") / "home"
    return folder, printed_store(folder)


@pytest.fixture
def records(printed_template: tuple[Path, list[str]]) -> list[str]:
    return printed_template[1]
