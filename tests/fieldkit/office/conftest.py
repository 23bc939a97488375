"""The office package's tests: a training store (it records without a data center)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit import regions
from fieldkit.workspace import Workspace
from tests.support import init_workspace


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _no_office_regions() -> Iterator[None]:
    """The office's region names live in the process: each test starts and ends without."""
    regions.set_office_regions({})
    yield
    regions.set_office_regions({})
