"""Audit findings (issue 16): bad bodies and sticks are refused alone, never with a 5xx."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import struct
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit.records import container
from fieldkit.safejson import canonical_json
from fieldkit.sealing import SealedRecord, seal, sign_envelope
from sync.protocol import RecordState, b64encode
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    dc_cli,
    list_records,
    new_code,
    receipts_file,
    write_export,
)

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
DEEP = b"[" * 100_000 + b"]" * 100_000


def _reason(response: httpx.Response) -> str:
    body: dict[str, Any] = response.json()
    assert {"reason", "message", "server_time", "server_timestamp"} <= set(body), body
    reason: str = body["reason"]
    return reason


def seal_plaintext(laptop: Laptop, plaintext: bytes, seq: int = 1) -> SealedRecord:
    """An envelope the laptop really signed, around a plaintext FieldKit would never make."""
    record_id = str(uuid.uuid4())
    key = laptop.datacenter_key
    envelope = _SUITE.encrypt(
        plaintext,
        x25519.X25519PublicKey.from_public_bytes(key.public_key),
        info=f"fieldkit-seal-v1|{record_id}|{seq}|{key.kid}".encode(),
    )
    return sign_envelope(
        record_id,
        seq,
        envelope,
        hashlib.sha256(envelope).hexdigest(),
        device_key=laptop.key,
        datacenter=key,
    )


def container_with_header(head: bytes) -> bytes:
    return container.MAGIC + struct.pack(">I", len(head)) + head


def resign(folder: Path, laptop: Laptop, change: dict[str, Any]) -> None:
    """Rewrite an export's manifest with ``change`` applied to its first record, signed again."""
    manifest = json.loads((folder / "manifest.json").read_bytes())
    manifest["records"][0].update(change)
    raw = canonical_json(manifest)
    (folder / "manifest.json").write_bytes(raw)
    (folder / "manifest.sig").write_text(b64encode(laptop.key.sign(raw)))


# --- USB: one bad export or record never stops the others ------------------------------------


def test_a_stick_with_bad_exports_still_imports_the_valid_one(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    deep = write_export(stick, laptop, [laptop.seal(seq=1)], export_id="a-deep")
    (deep / "manifest.json").write_bytes(DEEP)
    huge = write_export(stick, laptop, [laptop.seal(seq=2)], export_id="b-huge-number")
    (huge / "manifest.json").write_bytes(b'{"version": ' + b"9" * 5000 + b"}")
    header_only = seal_plaintext(laptop, b"FKREC1\x00", seq=3)
    after_it = laptop.seal(seq=4)
    write_export(stick, laptop, [header_only, after_it], export_id="c-truncated")
    hollow = laptop.seal(seq=5)
    hollow_folder = write_export(stick, laptop, [hollow], export_id="d-directory")
    sealed_path = hollow_folder / "records" / f"{hollow.record_id}.sealed"
    sealed_path.unlink()
    sealed_path.mkdir()
    # Even with the directory's own size declared, it is refused as unreadable, not a crash.
    resign(hollow_folder, laptop, {"size": sealed_path.stat().st_size})
    valid = laptop.seal(seq=6)
    valid_folder = write_export(stick, laptop, [valid], export_id="e-valid")

    done = dc_cli(datacenter, "import", str(stick), "--json")
    assert done.returncode == 2, done.stderr  # documented: not every record got a receipt
    assert "Traceback" not in done.stderr
    outcomes = {Path(o["path"]).name: o for o in json.loads(done.stdout)}
    assert outcomes["a-deep"]["reason"] == "invalid_request"
    assert "too_deep" in outcomes["a-deep"]["message"]
    assert outcomes["b-huge-number"]["reason"] == "invalid_request"
    assert "number" in outcomes["b-huge-number"]["message"]
    truncated = outcomes["c-truncated"]
    assert truncated["reason"] is None
    assert [(r["state"], r["reason"]) for r in truncated["records"]] == [
        ("REJECTED", "decrypt_failed"),
        ("ACCEPTED", None),
    ]
    assert [(r["state"], r["reason"]) for r in outcomes["d-directory"]["records"]] == [
        ("REFUSED", "file_unreadable")
    ]
    assert outcomes["e-valid"]["receipts_written"]
    assert [(r["record_id"], r["state"]) for r in receipts_file(valid_folder)] == [
        (valid.record_id, "ACCEPTED")
    ]
    stored = {r["record_id"] for r in list_records(datacenter)}
    assert {valid.record_id, after_it.record_id, header_only.record_id} <= stored
    assert hollow.record_id not in stored


# --- an enrolled device's odd records: a REJECTED receipt, never a 500 ------------------------


def test_odd_records_from_an_enrolled_device_are_rejected_not_a_server_error(
    laptop: Laptop,
) -> None:
    odd = {
        "header only": seal_plaintext(laptop, b"FKREC1\x00"),
        "signature cut short": seal_plaintext(laptop, b"FKREC1\x00\x00\x40abc"),
        "deep JSON": laptop.seal(DEEP),
        "huge integer": laptop.seal(b'{"seq": ' + b"7" * 5000 + b"}"),
        "deep container header": laptop.seal(container_with_header(DEEP)),
        "huge integer in container header": laptop.seal(
            container_with_header(b'{"blobs": [{"size": ' + b"1" * 5000 + b"}]}")
        ),
    }
    verdicts = laptop.manifest(*odd.values()).json()["verdicts"]
    assert [v["verdict"] for v in verdicts] == ["upload"] * len(odd)
    answers = {}
    for name, record in odd.items():
        response = laptop.upload(record)
        assert response.status_code == 200, (name, response.text)
        receipt = laptop.receipt(response)
        answers[name] = (receipt.state, response.json()["reason"])
    assert answers == {
        "header only": (RecordState.REJECTED, "decrypt_failed"),
        "signature cut short": (RecordState.REJECTED, "decrypt_failed"),
        "deep JSON": (RecordState.REJECTED, "payload_invalid"),
        "huge integer": (RecordState.REJECTED, "payload_invalid"),
        "deep container header": (RecordState.REJECTED, "payload_invalid"),
        "huge integer in container header": (RecordState.REJECTED, "payload_invalid"),
    }


# --- record ids belong to their device --------------------------------------------------------


def test_another_laptop_cannot_take_a_record_id_first(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    genuine = laptop.seal()
    squatter = Laptop(laptop.client)
    squatter.enroll(new_code(datacenter))
    # The squatter learns the id (an outbox file name, a stick) and stores a record under it.
    taken = seal(
        genuine.record_id,
        genuine.seq,
        b"{}",
        device_key=squatter.key,
        datacenter=squatter.datacenter_key,
    )
    assert squatter.sync(taken)[0].state == RecordState.ACCEPTED

    (receipt,) = laptop.sync(genuine)
    assert (receipt.device_id, receipt.state) == (laptop.device_id, RecordState.ACCEPTED)
    mine = [r for r in list_records(datacenter) if r["record_id"] == genuine.record_id]
    assert sorted(r["device_id"] for r in mine) == sorted([laptop.device_id, squatter.device_id])
    # The operator names the record with its device once two laptops used the id.
    why = ("--reason", "Foto buram, rekam ulang")
    refused = dc_cli(datacenter, "records", "set-state", genuine.record_id, "RECAPTURE", *why)
    assert refused.returncode == 2
    assert "--device" in refused.stderr
    named = dc_cli(
        datacenter,
        "records",
        "set-state",
        genuine.record_id,
        "RECAPTURE",
        *why,
        "--device",
        laptop.device_id,
    )
    assert named.returncode == 0, named.stderr


# --- low: JSON bodies, size: false, the conflicts table ---------------------------------------


def test_unparseable_json_bodies_get_the_documented_error_body(laptop: Laptop) -> None:
    for body in (DEEP, b'{"entries": [], "x": ' + b"9" * 5000 + b"}", b"{", b"\xff\xfe"):
        response = laptop.signed(
            "POST", "/v1/manifest", body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, response.text
        assert _reason(response) == "invalid_request"
        assert "detail" not in response.json()
    enroll = laptop.client.post(
        "/v1/enroll", content=DEEP[:8000], headers={"content-type": "application/json"}
    )
    assert (enroll.status_code, _reason(enroll)) == (400, "invalid_request")
    unknown = laptop.client.get("/v1/nothing-here")
    assert (unknown.status_code, _reason(unknown)) == (404, "invalid_request")


def test_a_size_of_false_is_refused_not_read_as_zero(laptop: Laptop) -> None:
    record = laptop.seal()
    entry = {"record_id": record.record_id, "seq": 1, "sha256": record.sha256, "kid": record.kid}
    for wrong in ({"size": False}, {"size": "12"}, {"size": 1.0}):
        body = json.dumps({"entries": [{**entry, **wrong}]}).encode()
        response = laptop.signed(
            "POST", "/v1/manifest", body, headers={"content-type": "application/json"}
        )
        assert (response.status_code, _reason(response)) == (422, "invalid_request"), wrong


def test_a_device_cannot_grow_the_conflicts_table(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    record = laptop.seal()
    laptop.sync(record)
    for n in range(25):
        fake = hashlib.sha256(b"other content %d" % n).hexdigest()
        response = laptop.signed(
            "POST",
            "/v1/manifest",
            json.dumps(
                {
                    "entries": [
                        {
                            "record_id": record.record_id,
                            "seq": 1,
                            "sha256": fake,
                            "size": len(record.envelope),
                            "kid": record.kid,
                        }
                    ]
                }
            ).encode(),
            headers={"content-type": "application/json"},
        )
        assert response.json()["verdicts"][0]["verdict"] == "conflict"
    done = dc_cli(datacenter, "conflicts", "list", "--json")
    rows = [r for r in json.loads(done.stdout) if r["record_id"] == record.record_id]
    assert len(rows) == 1
    assert rows[0]["times"] == 25


def test_a_sequence_number_beyond_64_bits_is_refused_not_a_server_error(laptop: Laptop) -> None:
    """Found by the stateful fuzzing: the manifest stored it and the database overflowed."""
    record = laptop.seal()
    entry = {"record_id": record.record_id, "sha256": record.sha256, "kid": record.kid}
    body = json.dumps({"entries": [{**entry, "seq": 2**70, "size": len(record.envelope)}]})
    response = laptop.signed(
        "POST", "/v1/manifest", body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    verdict = response.json()["verdicts"][0]
    assert (verdict["verdict"], verdict["reason"]) == ("rejected", "invalid_request")


def test_a_record_id_holding_a_nul_is_rejected_not_a_server_error(laptop: Laptop) -> None:
    """Found by the stateful fuzzing on PostgreSQL, which refuses NUL in a query parameter."""
    record = laptop.seal()
    entry = {"seq": 1, "sha256": record.sha256, "kid": record.kid, "size": 10}
    body = json.dumps({"entries": [{**entry, "record_id": "a\u0000b"}]})
    response = laptop.signed(
        "POST", "/v1/manifest", body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    verdict = response.json()["verdicts"][0]
    assert (verdict["verdict"], verdict["reason"]) == ("rejected", "invalid_record_id")


def test_a_megabyte_key_id_or_record_id_is_refused_and_never_echoed(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    """Issue 24: a 1 MB kid came back whole in the manifest answer."""
    kid = "k" * 1_000_000
    record = laptop.seal()
    entry = {"record_id": record.record_id, "seq": 1, "sha256": record.sha256, "size": 10}
    body = json.dumps({"entries": [{**entry, "kid": kid}]})
    response = laptop.signed(
        "POST", "/v1/manifest", body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    verdict = response.json()["verdicts"][0]
    assert (verdict["verdict"], verdict["reason"]) == ("rejected", "kid_unknown")
    assert "longer than 64 characters" in verdict["message"]
    assert len(response.content) < 4096

    # Over HTTP too, a line whose record id is a megabyte is named by its place.
    lines = [{**entry, "kid": record.kid}, {**entry, "record_id": "r" * 900_000, "kid": record.kid}]
    response = laptop.signed(
        "POST",
        "/v1/manifest",
        json.dumps({"entries": lines}).encode(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200, response.text
    named = [(v["record_id"], v["verdict"]) for v in response.json()["verdicts"]]
    assert named[1] == ("#1", "rejected")
    assert named[0][0] == record.record_id
    assert len(response.content) < 4096

    # The USB road: the same kid, and a megabyte for a record id, on signed manifest lines.
    long_kid, long_id, fine = laptop.seal(seq=1), laptop.seal(seq=2), laptop.seal(seq=3)
    folder = write_export(tmp_path / "stick", laptop, [long_kid, long_id, fine])
    manifest = json.loads((folder / "manifest.json").read_bytes())
    manifest["records"][0]["kid"] = kid
    manifest["records"][1]["record_id"] = "r" * 1_000_000
    raw = canonical_json(manifest)
    (folder / "manifest.json").write_bytes(raw)
    (folder / "manifest.sig").write_text(b64encode(laptop.key.sign(raw)))

    done = dc_cli(datacenter, "-v", "import", str(folder), "--json")  # -v: the log on stderr
    assert done.returncode == 2, done.stderr
    assert [(r["record_id"], r["state"], r["reason"]) for r in receipts_file(folder)] == [
        (long_kid.record_id, "REFUSED", "kid_unknown"),
        ("#1", "REFUSED", "invalid_record_id"),  # named by its line, not echoed
        (fine.record_id, "ACCEPTED", None),
    ]
    assert (folder / "receipts.json").stat().st_size < 4096
    assert len(done.stdout) < 4096
    assert len(done.stderr) < 4096  # the log names neither


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX modes; on Windows the installer's ACL keeps DATA private"
)
@pytest.mark.parametrize(("umask", "made_before"), [(0o022, True), (0o000, False)])
def test_the_data_folder_database_and_blobs_are_private_whatever_the_umask(
    start_datacenter: Callable[..., DataCenterProcess],
    tmp_path: Path,
    umask: int,
    made_before: bool,
) -> None:
    """Issue 24: datacenter.sqlite3 was 0644 in a 0755 folder (whatever the umask gave)."""
    data = tmp_path / "dc"
    if made_before:  # made by someone else before the data center first ran
        data.mkdir()
        data.chmod(0o755)
    old = os.umask(umask)
    try:
        server = start_datacenter(data)
        with server.client() as client:
            laptop = Laptop(client)
            laptop.enroll(new_code(server))  # the CLI opens the database as well
            laptop.sync(laptop.seal())  # a blob is written
        assert list_records(server)
        assert _mode(data) == 0o700
        if server.database is None:  # SQLite: the database, and its -wal and -shm while open
            database = data / "datacenter.sqlite3"
            assert _mode(database) == 0o600
            for side in ("-wal", "-shm"):  # the server holds the database open
                assert _mode(data / f"{database.name}{side}") == 0o600, side
        blobs = [path for path in (data / "blobs").rglob("*") if path.is_file()]
        assert blobs
        assert {_mode(path) for path in blobs} == {0o600}
        # Every other file it made too: keys, certificates, the address it serves on, and
        # an enrollment bundle (it holds a one-time code).
        bundle = tmp_path / "bundle.json"
        assert dc_cli(server, "codes", "new", "--bundle-out", str(bundle)).returncode == 0
        made = [p for p in data.rglob("*") if p.is_file() and "blobs" not in p.parts]
        assert {p.name: _mode(p) for p in made} == {p.name: 0o600 for p in made}
        assert _mode(bundle) == _mode(bundle.with_suffix(".png")) == 0o600
    finally:
        os.umask(old)
