"""Issue 57 §12: control and format characters do not cross between a laptop and the office.

A laptop's hostname (at enrollment and in its health report) with ESC or U+202E (the
right-to-left override) had shown raw on the console's Laptop, Beranda and Audit pages
(escaped as HTML, but still spoofing what the office reads); an operator's recapture
reason and an administrator's adjudication reason kept terminal escapes, which the
laptop's revisit line printed raw.  Each is neutralised where it enters (written
visibly, ``fieldkit.printable``), and shown so.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit.printable import is_unsafe
from fieldkit.safejson import canonical_json
from fieldkit.sealing import seal
from sync.protocol import RecordState, b64encode
from sync.server.accounts.roles import Actor, Role
from sync.server.accounts.trail import write_audit
from sync.server.dedup.adjudicate import Decision, adjudicate
from sync.server.intake.service import DataCenter
from sync.server.intake.states import set_later_state
from sync.server.store.stamps import iso
from sync.server.store.tables import console_audit
from tests.sync.server.auditsupport import NamedLaptop
from tests.sync.server.consolesupport import log_in, started
from tests.sync.server.dcsupport import announce_in_process, enroll_in_process, new_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from sync.server.store.rows import StoredRecord
    from tests.sync.server.dcsupport import DataCenterProcess

#: ESC [2J clears a terminal; U+202E turns the rest of the line around; U+200B hides.
SPOOF = "tim-1\x1b[2J\u202eevil\u200b"
SHOWN = "tim-1\\x1b[2J\\u202eevil\\u200b"


def _clean(text: str) -> bool:
    return not any(is_unsafe(char) for char in text if char not in "\n\r\t")


def _health(private: x25519.X25519PrivateKey) -> dict[str, Any]:
    return {
        "version": 1,
        "reported_at": "2026-11-25T08:00:00+00:00",
        "hostname": SPOOF,
        "fieldkit_version": "0.9.0\x1b[31m",
        "package_key": base64.b64encode(private.public_key().public_bytes_raw()).decode(),
        "package_version": 0,
        "last_sync_at": None,
        "unsent_records": 0,
        "oldest_unsent_at": None,
        "free_disk_bytes": 51234567890,
        "devices": [
            {"kind": "fingerprint\u202e", "backend": "sim", "ok": False, "tested_at": None}
        ],
        "audit": {"ok": False, "events": 3},
        "frozen": False,
        "freeze_reasons": [],
    }


def test_a_laptops_hostname_with_escapes_is_shown_visibly_on_laptop_beranda_and_audit(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin")
    with server.client() as api:
        laptop = NamedLaptop(api, SPOOF)
        laptop.enroll(new_code(server))
        # Its own check of its log failed, in words of its own (a finding on Audit).
        laptop.audit(10, "a" * 64)
        laptop.audit(12, "c" * 64, proofs=[{"seq": 10, "hash": "a" * 64}])
        laptop.audit(12, "c" * 64, problem="x\x1b[2J\u202ey", problem_seq=3)
        body = canonical_json(_health(x25519.X25519PrivateKey.generate()))
        sent = laptop.signed(
            "POST", "/v1/laptop/health", body, headers={"content-type": "application/json"}
        )
        assert sent.status_code == 200, sent.text
    with server.client() as client:
        assert log_in(client, "siti").status_code == 303
        for path in ("/laptop", "/", "/audit"):
            page = client.get(path)
            assert page.status_code == 200, (path, page.text)
            assert _clean(page.text), path
        assert SHOWN in client.get("/laptop").text
        assert "x\\x1b[2J\\u202ey" in client.get("/audit").text


def _accepted(center: DataCenter) -> tuple[str, str]:
    device, key, dc_key = enroll_in_process(center)
    record_id = str(uuid.uuid4())
    payload = json.dumps({"record_id": record_id, "seq": 1, "nik": "3315014107900001"})
    sealed = seal(record_id, 1, payload.encode(), device_key=key, datacenter=dc_key)
    announce_in_process(center, device, sealed)
    center.upload(device, record_id, sealed.envelope, b64encode(sealed.signature))
    return device.device_id, record_id


def test_a_recapture_or_adjudication_reason_reaches_the_laptop_without_escapes(
    tmp_path: Path,
) -> None:
    center = DataCenter(tmp_path / "dc", None)
    try:
        device_id, asked = _accepted(center)

        def audit(conn: Connection, record: StoredRecord) -> None:
            write_audit(conn, time.time(), actor="cli:t", action="record_state_set", account="t")

        set_later_state(
            center.store,
            asked,
            RecordState.RECAPTURE,
            iso(time.time()),
            reason="Foto \x1b]0;owned\x07buram\u202e lagi",
            audit=audit,
        )
        other, decided = _accepted(center)
        center.store.set_state(other, decided, RecordState.DUPLICATE_RECORD, iso(time.time()))
        adjudicate(
            center.store,
            who=Actor("admin_kantor", Role.ADMIN),
            record_id=decided,
            decision=Decision.NOT_DUPLICATE,
            other=None,
            reason="Bukan orang yang sama \x1b[2J\u202e sama sekali",
        )
        device = center.store.device(device_id)
        assert device is not None
        feed = center.status(device, 0, 100).entries
        [recapture] = [e for e in feed if e.record_id == asked and e.state == "RECAPTURE"]
        assert recapture.message == "Foto \\x1b]0;owned\\x07buram\\u202e lagi"
        with center.store.engine.connect() as conn:
            details = [str(d) for d in conn.execute(sa.select(console_audit.c.detail)).scalars()]
        assert all(_clean(d) for d in details)
        assert any("Bukan orang yang sama \\x1b[2J\\u202e sama sekali" in d for d in details)
    finally:
        center.close()
