"""``fieldkit-datacenter import``: USB exports go through the same checks and storage as uploads."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.sealing import seal
from sync.protocol import Receipt, RecordState
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    dc_cli,
    list_records,
    new_code,
    receipts_file,
    write_export,
)

#: A fresh machine: the commands' default language, Indonesian.
INDONESIAN = {"FIELDKIT_LANG": ""}


def run_import(datacenter: DataCenterProcess, directory: Path) -> tuple[int, list[dict[str, Any]]]:
    done = dc_cli(datacenter, "import", str(directory), "--json")
    assert done.returncode in {0, 2}, done.stderr
    outcomes: list[dict[str, Any]] = json.loads(done.stdout)
    return done.returncode, outcomes


def verified(laptop: Laptop, raw: dict[str, Any]) -> Receipt:
    receipt = Receipt(**{**raw, "state": RecordState(raw["state"])})
    receipt.verify(laptop.receipt_key)
    return receipt


def test_import_stores_records_with_the_upload_path_and_is_idempotent(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    uploaded = laptop.seal(seq=1)
    (http_receipt,) = laptop.sync(uploaded)  # already at the data center over HTTP
    records = [uploaded, *(laptop.seal(seq=i) for i in range(2, 5))]
    folder = write_export(tmp_path / "stick", laptop, records)

    code, outcomes = run_import(datacenter, tmp_path / "stick")
    assert code == 0
    assert [(o["device_id"], o["reason"], o["receipts_written"]) for o in outcomes] == [
        (laptop.device_id, None, True)
    ]
    first = receipts_file(folder)
    assert [(r["record_id"], r["state"], r["reason"]) for r in first] == [
        (r.record_id, "ACCEPTED", None) for r in records
    ]
    receipts = [verified(laptop, r["receipt"]) for r in first]
    assert receipts[0] == http_receipt
    assert [r.sha256 for r in receipts] == [r.sha256 for r in records]

    # The HTTP road now knows them too: same receipts, nothing to upload.
    verdicts = laptop.manifest(*records).json()["verdicts"]
    assert [v["verdict"] for v in verdicts] == ["already_have"] * 4
    assert [v["receipt"]["signature"] for v in verdicts] == [r.signature for r in receipts]

    code, _ = run_import(datacenter, folder)  # the export folder itself works as well
    assert code == 0
    assert receipts_file(folder) == first
    mine = [r for r in list_records(datacenter) if r["device_id"] == laptop.device_id]
    assert sorted(r["record_id"] for r in mine) == sorted(r.record_id for r in records)
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_bad_records_get_their_own_reason_and_nothing_imported_is_lost(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    good, missing, truncated, altered, forged, not_json = (
        *(laptop.seal(seq=i) for i in range(1, 6)),
        laptop.seal(b"\xff not json", seq=6),
    )
    forger = ed25519.Ed25519PrivateKey.generate()
    forged_line = dataclasses.replace(forged, signature=forger.sign(forged.statement()))
    records = [good, missing, truncated, altered, forged_line, not_json]
    folder = write_export(tmp_path / "stick", laptop, records)
    (folder / "records" / f"{missing.record_id}.sealed").unlink()
    (folder / "records" / f"{truncated.record_id}.sealed").write_bytes(truncated.envelope[:-100])
    flipped = bytearray(altered.envelope)
    flipped[60] ^= 0x01
    (folder / "records" / f"{altered.record_id}.sealed").write_bytes(bytes(flipped))

    code, outcomes = run_import(datacenter, folder)
    assert code == 2  # not every record got a receipt
    assert outcomes[0]["reason"] is None
    rows = receipts_file(folder)
    assert [(r["record_id"], r["state"], r["reason"]) for r in rows] == [
        (good.record_id, "ACCEPTED", None),
        (missing.record_id, "REFUSED", "file_missing"),
        (truncated.record_id, "REFUSED", "size_mismatch"),
        (altered.record_id, "REFUSED", "sha256_mismatch"),
        (forged.record_id, "REFUSED", "record_signature_invalid"),
        (not_json.record_id, "REJECTED", "payload_invalid"),
    ]
    assert all(r["message"] for r in rows if r["reason"])
    assert [r["receipt"] is None for r in rows] == [False, True, True, True, True, False]
    assert verified(laptop, rows[-1]["receipt"]).state == RecordState.REJECTED
    stored = {r["record_id"] for r in list_records(datacenter)}
    assert {good.record_id, not_json.record_id} <= stored
    assert not {missing.record_id, truncated.record_id, altered.record_id} & stored

    # The laptop exports the refused ones again, whole: they go in; the rest keep their receipts.
    again = write_export(
        tmp_path / "stick2", laptop, [good, missing, truncated, altered, forged], export_id="e2"
    )
    code, _ = run_import(datacenter, again)
    assert code == 0
    fixed = receipts_file(again)
    assert {r["state"] for r in fixed} == {"ACCEPTED"}
    assert fixed[0]["receipt"] == rows[0]["receipt"]


def test_whole_export_refusals_store_nothing_and_do_not_block_other_exports(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stranger = ed25519.Ed25519PrivateKey.generate()
    forged_sig = write_export(
        stick, laptop, [laptop.seal()], export_id="a-forged", signed_by=stranger
    )
    wrong_key = write_export(
        stick,
        laptop,
        [laptop.seal()],
        export_id="b-wrong-key",
        signed_by=stranger,
        declared_key=stranger.public_key().public_bytes_raw(),
    )
    unknown = write_export(stick, laptop, [laptop.seal()], device_id="dev-not-enrolled-here")
    tampered = write_export(stick, laptop, [laptop.seal()], export_id="c-tampered")
    (tampered / "manifest.json").write_bytes((tampered / "manifest.json").read_bytes() + b" ")
    fine_record = laptop.seal()
    fine = write_export(stick, laptop, [fine_record], export_id="d-fine")

    revoked = Laptop(laptop.client)
    revoked.enroll(new_code(datacenter))
    from_revoked = write_export(stick, revoked, [revoked.seal()])
    # The operator's words are Indonesian by default (issue 59 §8: "revoked", "REVOKED").
    said = dc_cli(datacenter, "devices", "revoke", revoked.device_id, env=INDONESIAN)
    assert (said.returncode, said.stdout) == (0, f"{revoked.device_id}: dicabut\n")
    listed = dc_cli(datacenter, "devices", "list", env=INDONESIAN).stdout.splitlines()
    assert f"{revoked.device_id}  DICABUT" in listed
    assert f"{laptop.device_id}  aktif" in listed
    english = dc_cli(datacenter, "devices", "list").stdout.splitlines()
    assert f"{revoked.device_id}  REVOKED" in english

    code, outcomes = run_import(datacenter, stick)
    assert code == 2
    by_path = {Path(o["path"]): o for o in outcomes}
    assert {path: (o["reason"], o["receipts_written"]) for path, o in by_path.items()} == {
        forged_sig: ("auth_invalid", False),
        wrong_key: ("auth_invalid", False),
        unknown: ("device_unknown", False),
        tampered: ("auth_invalid", False),
        fine: (None, True),
        from_revoked: ("device_revoked", False),
    }
    assert all(o["message"] for o in outcomes if o["reason"])
    for refused in (forged_sig, wrong_key, unknown, tampered, from_revoked):
        assert not (refused / "receipts.json").exists()
    stored = {r["record_id"] for r in list_records(datacenter)}
    assert fine_record.record_id in stored
    exported = {p.stem for p in stick.glob("*/*/records/*.sealed")}
    assert stored & exported == {fine_record.record_id}

    text = dc_cli(datacenter, "import", str(stick))
    assert text.returncode == 2
    assert "device_unknown" in text.stdout
    assert "1 accepted" in text.stdout


def test_an_empty_folder_is_refused_with_a_reason(
    datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    half_written = tmp_path / "empty" / "dev-x" / ".export-1.partial"
    half_written.mkdir(parents=True)  # the laptop's export in progress is not an export yet
    (half_written / "manifest.json").write_text("{}")
    done = dc_cli(datacenter, "import", str(tmp_path / "empty"))
    assert done.returncode == 2
    assert "No FieldKit export found" in done.stderr


def test_a_record_listed_twice_in_one_manifest_is_answered_once(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    first, other = laptop.seal(seq=1), laptop.seal(seq=2)
    # The same id again with other content: a second answer would contradict the first.
    changed = seal(
        first.record_id,
        first.seq,
        b'{"changed": true}',
        device_key=laptop.key,
        datacenter=laptop.datacenter_key,
    )
    folder = write_export(tmp_path / "stick", laptop, [first, other, first, changed])
    (folder / "records" / f"{first.record_id}.sealed").write_bytes(first.envelope)

    for _ in range(2):  # and the same answers again when the folder is imported again
        code, outcomes = run_import(datacenter, folder)
        assert code == 2  # not every line got a receipt
        rows = receipts_file(folder)
        assert [(r["record_id"], r["state"], r["reason"]) for r in rows] == [
            (first.record_id, "ACCEPTED", None),
            (other.record_id, "ACCEPTED", None),
            (first.record_id, "REFUSED", "duplicate_in_manifest"),
            (first.record_id, "REFUSED", "duplicate_in_manifest"),
        ]
        assert [r["receipt"] is None for r in rows] == [False, False, True, True]
        assert f"Record {first.record_id} is listed more than once" in rows[2]["message"]
        assert outcomes[0]["records"] == rows
    (held,) = [r for r in list_records(datacenter) if r["record_id"] == first.record_id]
    assert held["sha256"] == first.sha256
