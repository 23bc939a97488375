"""Fixtures for the data-center tests; the machinery lives in ``dcsupport``."""

import pytest

from tests.sync.server.dcsupport import datacenter, laptop, parametrize_backends, start_datacenter
from tests.sync.server.seaweedsupport import s3_env, seaweed

__all__ = ["datacenter", "laptop", "s3_env", "seaweed", "start_datacenter"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)
