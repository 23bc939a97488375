"""The packaging tests build a real bundle (minutes, not seconds): run them after the rest."""

from __future__ import annotations

import pytest

HERE = "tests/packaging/"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move this folder's tests to the end, so a quick failure elsewhere is reported first."""
    items.sort(key=lambda item: item.nodeid.startswith(HERE))
