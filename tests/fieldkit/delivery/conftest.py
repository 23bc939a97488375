"""Delivery is tested on real stores with sealed records and review rows, no data center."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.workspace import Workspace
from tests.support import init_workspace


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()
