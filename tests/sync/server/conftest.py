"""Fixtures for the data-center tests; the machinery lives in ``dcsupport``."""

from tests.sync.server.dcsupport import datacenter, laptop, start_datacenter

__all__ = ["datacenter", "laptop", "start_datacenter"]
