"""Fixtures for the data-center tests; the machinery lives in ``dcsupport``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.sync.server.browsersupport import chromium
from tests.sync.server.dcsupport import datacenter, laptop, parametrize_backends, start_datacenter
from tests.sync.server.seaweedsupport import s3_env, seaweed

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

__all__ = ["datacenter", "laptop", "s3_env", "seaweed", "start_datacenter"]


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium for one test (see ``browsersupport``)."""
    with chromium() as launched:
        yield launched


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)
