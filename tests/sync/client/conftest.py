"""Fixtures for the laptop client's tests: the real service over HTTPS, and a real workspace."""

from tests.sync.client.syncsupport import server
from tests.sync.server.dcsupport import datacenter, start_datacenter

__all__ = ["datacenter", "server", "start_datacenter"]
