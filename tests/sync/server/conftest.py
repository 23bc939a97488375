"""Fixtures for the data-center tests; the machinery lives in ``dcsupport``."""

import pytest

from tests.sync.server.dcsupport import datacenter, laptop, parametrize_backends, start_datacenter

__all__ = ["datacenter", "laptop", "start_datacenter"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)
