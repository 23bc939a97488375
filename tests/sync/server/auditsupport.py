"""Test support for the Audit screen: real findings, made through the laptops' own API.

A laptop signs its audit heads as the real client does (``POST /v1/audit``); the data
center judges them with its own code.  What the tests send is what a tampered laptop
would send: a head behind the one anchored (its store put back), a hash at an anchored
event that changed (its log rewritten), its own check's failure, or a head that does
not prove the last anchor.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from sync.server.console import audit_sentences, operations_sentences
from tests.sync.server.consolesupport import console_server
from tests.sync.server.dcsupport import Laptop, dc_cli, new_code

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import httpx

    from tests.sync.server.dcsupport import DataCenterProcess

OK = 200
#: Each screen's sentences, registered in this process as the service registers them.
SCREENS = (audit_sentences.CONTEXT, operations_sentences.CONTEXT)


def _hash(mark: str) -> str:
    return (mark * 64)[:64]


class NamedLaptop(Laptop):
    """A laptop that says its hostname when it enrolls, as the real client does."""

    def __init__(self, client: httpx.Client, hostname: str) -> None:
        super().__init__(client)
        self.hostname = hostname

    def enroll_response(self, code: str) -> httpx.Response:
        from sync.protocol import b64encode

        return self.client.post(
            "/v1/enroll",
            json={
                "code": code,
                "public_key": b64encode(self.public_key),
                "laptop": {"hostname": self.hostname},
            },
        )

    def audit(self, head_seq: int, head_hash: str, **extra: Any) -> dict[str, Any]:
        body = json.dumps({"head_seq": head_seq, "head_hash": head_hash, **extra}).encode()
        answer = self.signed(
            "POST", "/v1/audit", body, headers={"content-type": "application/json"}
        )
        assert answer.status_code == OK, answer.text
        found: dict[str, Any] = answer.json()
        return found


def tampered_laptop(server: DataCenterProcess, client: httpx.Client, hostname: str) -> str:
    """A laptop whose log was anchored at event 10, then set back, rewritten and broken.

    Findings: ``rolled_back`` at 10, ``rewritten`` at 10, ``broken_on_laptop`` at 3.
    """
    laptop = NamedLaptop(client, hostname)
    laptop.enroll(new_code(server))
    laptop.audit(10, _hash("a"))  # anchored
    laptop.audit(5, _hash("b"))  # behind the anchor: an older copy of its store
    laptop.audit(12, _hash("c"), proofs=[{"seq": 10, "hash": _hash("d")}])  # event 10 changed
    laptop.audit(
        12, _hash("c"), proofs=[{"seq": 10, "hash": _hash("a")}], problem="edited", problem_seq=3
    )
    return laptop.device_id


def unproven_laptop(server: DataCenterProcess, client: httpx.Client, hostname: str) -> str:
    """A laptop anchored at event 10 whose next head does not show event 10: ``unproven``."""
    laptop = NamedLaptop(client, hostname)
    laptop.enroll(new_code(server))
    laptop.audit(10, _hash("a"))
    laptop.audit(15, _hash("e"))
    return laptop.device_id


def cli_findings(server: DataCenterProcess, *extra: str) -> list[dict[str, Any]]:
    """``fieldkit-datacenter audit findings --json``: what the office's terminal sees."""
    done = dc_cli(server, "audit", "findings", "--json", *extra)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


@contextlib.contextmanager
def console_with_a_tampered_laptop(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, str]]:
    """An administrator, rina, and "laptop-desa-sukamaju" with its findings: (server, its id)."""
    with console_server(tmp_path, rina="admin") as dc:
        with dc.client() as client:
            device_id = tampered_laptop(dc, client, "laptop-desa-sukamaju")
        yield dc, device_id
