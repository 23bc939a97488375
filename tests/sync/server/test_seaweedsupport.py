"""The tests' SeaweedFS takes ports that cannot clash among themselves."""

from __future__ import annotations

from tests.sync.server.seaweedsupport import weed_ports


def test_no_port_of_a_store_is_another_ports_grpc_twin() -> None:
    names = ("master", "volume1", "volume2", "filer", "s3")
    for _ in range(200):
        ports = weed_ports(names)
        listened = [*ports.values()] + [p + 10_000 for p in ports.values()]
        assert sorted(ports) == sorted(names)
        assert len(set(listened)) == len(listened), ports
