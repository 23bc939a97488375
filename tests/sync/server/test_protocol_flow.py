"""Enrollment, manifest-then-upload, receipts, idempotency and every refusal, over real HTTPS."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit.sealing import DataCenterKey, seal
from sync.protocol import ManifestEntry, RecordState, b64decode, ca_fingerprint
from tests.sync.server.dcsupport import (
    WHY,
    DataCenterProcess,
    Laptop,
    dc_cli,
    list_records,
    new_code,
    searched,
    set_state,
)


def _reason(response: httpx.Response) -> str:
    reason: str = response.json()["reason"]
    assert response.json()["message"]
    return reason


# --- enrollment ------------------------------------------------------------------


def test_enrollment_returns_device_id_and_a_key_set_signed_by_the_pinned_ca(
    datacenter: DataCenterProcess,
) -> None:
    with datacenter.client() as client:
        laptop = Laptop(client)
        body = laptop.enroll(new_code(datacenter))  # verifies the key set's CA signature
    assert body["device_id"].startswith("dev-")
    assert (
        body["ca_fingerprint"] == datacenter.fingerprint == ca_fingerprint(body["ca_certificate"])
    )
    assert laptop.key_set is not None
    assert len(b64decode(laptop.key_set.receipt_key)) == 32


def test_a_code_enrolls_once_and_unknown_or_expired_codes_are_refused(
    datacenter: DataCenterProcess,
) -> None:
    with datacenter.client() as client:
        code = new_code(datacenter)
        Laptop(client).enroll(code)
        reused = Laptop(client).enroll_response(code)
        unknown = Laptop(client).enroll_response("AAAA-BBBB-CCCC")
        expired = Laptop(client).enroll_response(new_code(datacenter, "--ttl-hours", "0"))
        bad_key = client.post(
            "/v1/enroll", json={"code": new_code(datacenter), "public_key": "eA=="}
        )
    assert (reused.status_code, _reason(reused)) == (409, "code_used")
    assert (unknown.status_code, _reason(unknown)) == (403, "code_unknown")
    assert (expired.status_code, _reason(expired)) == (410, "code_expired")
    assert (bad_key.status_code, _reason(bad_key)) == (400, "invalid_request")


def test_an_enrolled_key_gets_its_own_device_back_and_a_revoked_one_burns_no_code(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    """A laptop that lost (or refused) the first answer must not be locked out by it."""
    again = laptop.enroll_response(new_code(datacenter))
    assert again.status_code == 200, again.text
    assert again.json()["device_id"] == laptop.device_id
    assert dc_cli(datacenter, "devices", "revoke", laptop.device_id).returncode == 0
    code = new_code(datacenter)
    revoked = laptop.enroll_response(code)
    assert (revoked.status_code, _reason(revoked)) == (409, "key_already_enrolled")
    laptop.key = ed25519.Ed25519PrivateKey.generate()  # what the laptop does: a new key
    fresh = laptop.enroll_response(code)  # the refusal did not use the code
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["device_id"] != laptop.device_id


# --- happy path and idempotency -------------------------------------------------------


def test_sync_stores_each_record_once_with_signed_receipts(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    records = [laptop.seal(seq=i) for i in range(5)]
    receipts = laptop.sync(*records)
    assert [r.state for r in receipts] == [RecordState.ACCEPTED] * 5
    assert {r.record_id for r in receipts} == {r.record_id for r in records}
    assert all(r.device_id == laptop.device_id for r in receipts)

    # Re-send: the manifest says already_have with the very same receipt, and so does a re-PUT.
    verdicts = laptop.manifest(*records).json()["verdicts"]
    assert [v["verdict"] for v in verdicts] == ["already_have"] * 5
    assert [v["receipt"]["signature"] for v in verdicts] == [r.signature for r in receipts]
    again = laptop.receipt(laptop.upload(records[0]))
    assert again == receipts[0]

    mine = [r for r in list_records(datacenter) if r["device_id"] == laptop.device_id]
    assert sorted(r["record_id"] for r in mine) == sorted(r.record_id for r in records)
    assert {r["state"] for r in mine} == {"ACCEPTED"}
    assert {r["sha256"] for r in mine} == {r.sha256 for r in records}


def test_same_id_with_different_content_is_a_conflict_shown_to_the_operator(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    original = laptop.seal()
    laptop.sync(original)
    changed = seal(
        original.record_id,
        original.seq,
        b'{"changed": true}',
        device_key=laptop.key,
        datacenter=laptop.datacenter_key,
    )
    verdict = laptop.manifest(changed).json()["verdicts"][0]
    assert (verdict["verdict"], verdict["reason"]) == ("conflict", "conflict")
    put = laptop.upload(changed)
    assert (put.status_code, _reason(put)) == (409, "conflict")
    shown = json.loads(dc_cli(datacenter, "conflicts", "list", "--json").stdout)
    assert {c["offered_sha256"] for c in shown if c["record_id"] == original.record_id} == {
        changed.sha256
    }
    kept = [r for r in list_records(datacenter) if r["record_id"] == original.record_id]
    assert [r["sha256"] for r in kept] == [original.sha256]


# --- refusals -------------------------------------------------------------------------------


def test_upload_refusals_each_have_a_reason_and_store_nothing(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    record = laptop.seal()
    unannounced = laptop.upload(record)
    assert (unannounced.status_code, _reason(unannounced)) == (409, "not_announced")

    assert laptop.manifest(record).json()["verdicts"][0]["verdict"] == "upload"
    truncated = laptop.upload(record, body=record.envelope[:-10])
    assert (truncated.status_code, _reason(truncated)) == (400, "size_mismatch")
    altered = bytearray(record.envelope)
    altered[40] ^= 0xFF
    wrong_hash = laptop.upload(record, body=bytes(altered))
    assert (wrong_hash.status_code, _reason(wrong_hash)) == (400, "sha256_mismatch")
    forger = ed25519.Ed25519PrivateKey.generate()
    forged = laptop.upload(record, signature=forger.sign(record.statement()))
    assert (forged.status_code, _reason(forged)) == (403, "record_signature_invalid")
    bad_request_signature = laptop.signed("GET", "/v1/status", key=forger)
    assert (bad_request_signature.status_code, _reason(bad_request_signature)) == (
        401,
        "auth_invalid",
    )
    unsigned = laptop.client.get("/v1/status")
    assert (unsigned.status_code, _reason(unsigned)) == (401, "auth_missing")

    assert record.record_id not in {r["record_id"] for r in list_records(datacenter)}
    assert laptop.sync(record)[0].state == RecordState.ACCEPTED  # the genuine one still goes in


def test_manifest_rejects_bad_entries_one_by_one(laptop: Laptop) -> None:
    good = laptop.seal()
    entries = [
        ManifestEntry(good.record_id, 1, good.sha256, len(good.envelope), "no-such-kid"),
        ManifestEntry("x", 1, good.sha256, 0, good.kid),
        ManifestEntry("../etc/passwd", 1, good.sha256, 10, good.kid),
        ManifestEntry("y", 1, "NOT-A-HASH", 10, good.kid),
    ]
    verdicts = laptop.manifest(*entries).json()["verdicts"]
    assert [(v["verdict"], v["reason"]) for v in verdicts] == [
        ("rejected", "kid_unknown"),
        ("rejected", "size_invalid"),
        ("rejected", "invalid_record_id"),
        ("rejected", "invalid_sha256"),
    ]
    malformed = laptop.signed(
        "POST", "/v1/manifest", b'{"entries": 5}', headers={"content-type": "application/json"}
    )
    assert (malformed.status_code, _reason(malformed)) == (422, "invalid_request")


def test_a_record_replayed_from_another_device_is_refused(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    stored, pending = laptop.seal(), laptop.seal()
    laptop.sync(stored)
    other = Laptop(laptop.client)
    other.enroll(new_code(datacenter))

    # Records are keyed by (device, record id): the other laptop may announce the id in its
    # own name, but the envelope carries the first laptop's signature, so it is not stored.
    verdict = other.manifest(stored).json()["verdicts"][0]
    assert verdict["verdict"] == "upload"
    replay = other.upload(stored)
    assert (replay.status_code, _reason(replay)) == (403, "record_signature_invalid")

    # Not yet at the server: the other laptop may announce it, but it carries the first's signature.
    assert other.manifest(pending).json()["verdicts"][0]["verdict"] == "upload"
    stolen = other.upload(pending)
    assert (stolen.status_code, _reason(stolen)) == (403, "record_signature_invalid")
    assert laptop.sync(pending)[0].device_id == laptop.device_id


def test_undecryptable_or_invalid_records_get_a_rejected_receipt(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    not_json = laptop.seal(b"\xff not json")
    wrong_id = laptop.seal({"record_id": "someone-else", "seq": 1})
    stranger = x25519.X25519PrivateKey.generate().public_key()
    wrong_key = seal(
        "sealed-to-a-stranger-" + laptop.device_id[-8:],
        1,
        b"{}",
        device_key=laptop.key,
        datacenter=DataCenterKey(
            kid=laptop.datacenter_key.kid,
            public_key=stranger.public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            ),
        ),
    )
    laptop.manifest(not_json, wrong_id, wrong_key)
    answers = [laptop.upload(r) for r in (not_json, wrong_id, wrong_key)]
    assert [laptop.receipt(a).state for a in answers] == [RecordState.REJECTED] * 3
    assert [a.json()["reason"] for a in answers] == [
        "payload_invalid",
        "payload_invalid",
        "decrypt_failed",
    ]
    states = {r["record_id"]: r for r in list_records(datacenter)}
    assert states[wrong_key.record_id]["state"] == "REJECTED"
    assert states[wrong_key.record_id]["reason"] == "decrypt_failed"


def test_a_laptop_clock_days_off_is_told_the_server_time(laptop: Laptop) -> None:
    days_behind = int(time.time()) - 3 * 86400
    response = laptop.signed("GET", "/v1/status", timestamp=days_behind)
    body = response.json()
    assert (response.status_code, body["reason"]) == (401, "clock_skew")
    assert "behind" in body["message"]
    assert abs(body["server_timestamp"] - time.time()) < 60
    assert body["details"]["skew_s"] < -3 * 86400 + 60
    laptop.clock_offset = body["server_timestamp"] - days_behind  # what a client does
    assert laptop.signed(
        "GET", "/v1/status", timestamp=days_behind + laptop.clock_offset
    ).is_success


def test_a_revoked_device_is_refused(laptop: Laptop, datacenter: DataCenterProcess) -> None:
    record = laptop.seal()
    laptop.sync(record)
    done = dc_cli(datacenter, "devices", "revoke", laptop.device_id)
    assert done.returncode == 0, done.stderr
    for response in (
        laptop.manifest(laptop.seal()),
        laptop.upload(record),
        laptop.signed("GET", "/v1/status"),
    ):
        assert (response.status_code, _reason(response)) == (403, "device_revoked")


# --- states ------------------------------------------------------------------------------


def test_later_states_flow_back_through_the_status_endpoint(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    first, second = laptop.seal(), laptop.seal()
    receipts = laptop.sync(first, second)
    status = laptop.signed("GET", "/v1/status?since=0").json()
    assert [(e["record_id"], e["state"]) for e in status["entries"]] == [
        (first.record_id, "RECEIVED"),
        (first.record_id, "ACCEPTED"),
        (second.record_id, "RECEIVED"),
        (second.record_id, "ACCEPTED"),
    ]
    cursor = status["next_cursor"]
    assert laptop.signed("GET", f"/v1/status?since={cursor}").json()["entries"] == []

    searched(datacenter, first.record_id)  # penunggalan's verdict; then the office's hands
    set_state(datacenter, first.record_id, "PRINTED", "READY_FOR_HANDOVER")
    refused = dc_cli(
        datacenter, "records", "set-state", second.record_id, "ACCEPTED", "--reason", WHY
    )
    assert refused.returncode == 2
    later = laptop.signed("GET", f"/v1/status?since={cursor}").json()
    assert [e["state"] for e in later["entries"]] == [
        "PRINT_READY_RECORD",
        "PRINTED",
        "READY_FOR_HANDOVER",
    ]
    assert all(e["receipt"]["signature"] == receipts[0].signature for e in later["entries"])
    assert {r["record_id"]: r["state"] for r in list_records(datacenter)}[first.record_id] == (
        "READY_FOR_HANDOVER"
    )


def test_openapi_is_served_and_matches_the_cli_output(
    datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    with datacenter.client() as client:
        served = client.get("/openapi.json").json()
    out = tmp_path / "openapi.json"
    assert dc_cli(None, "openapi", "--output", str(out)).returncode == 0
    assert json.loads(out.read_text()) == served
    assert {"/v1/enroll", "/v1/manifest", "/v1/records/{record_id}", "/v1/status"} <= set(
        served["paths"]
    )


def test_a_full_manifest_answers_held_and_new_records_alike(laptop: Laptop) -> None:
    """A thousand entries (more than one lookup query's worth): each held record is named
    ``already_have`` with its receipt, every other one ``upload``."""
    held = [laptop.seal(seq=i) for i in range(3)]
    receipts = laptop.sync(*held)
    kid = held[0].kid
    new = [
        ManifestEntry(record_id=str(uuid.uuid4()), seq=100 + i, sha256="ab" * 32, size=10, kid=kid)
        for i in range(997)
    ]
    mixed = [new[0], held[2], *new[1:500], held[0], *new[500:], held[1]]
    verdicts = laptop.manifest(*mixed).json()["verdicts"]
    assert len(verdicts) == 1000
    by_id = {v["record_id"]: v for v in verdicts}
    for record, receipt in zip(held, receipts, strict=True):
        assert by_id[record.record_id]["verdict"] == "already_have"
        assert by_id[record.record_id]["receipt"]["signature"] == receipt.signature
    assert {by_id[e.record_id]["verdict"] for e in new} == {"upload"}
