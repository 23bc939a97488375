"""Generated and mutated bytes to the USB import: every export ends as an outcome, never a crash.

The manifest (signed again by the enrolled laptop after each mutation, so the
reader goes past the signature) and a record file are fuzzed in turn; the
import must answer each with ``ExportOutcome`` and never with ``internal_error``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import given

from fieldkit.safejson import canonical_json
from fieldkit.sealing import DataCenterKey, envelope_statement, seal
from sync.protocol import EnrollRequest, b64encode
from sync.server.intake.service import DataCenter, issue_code
from sync.server.intake.usb import import_export
from tests.fuzzing import SETTINGS, TRIED, bounded, outside_bytes

KEY = ed25519.Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def center(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DataCenter, str, Path]]:
    root = tmp_path_factory.mktemp("usb-fuzz")
    datacenter = DataCenter(root / "dc", key_passphrase=b"")
    code = issue_code(datacenter.store, time.time())
    answer = datacenter.enroll(
        EnrollRequest(code=code, public_key=b64encode(KEY.public_key().public_bytes_raw()))
    )
    yield datacenter, answer.device_id, root
    datacenter.close()


def _template(datacenter: DataCenter, device_id: str, root: Path) -> Path:
    folder = root / "template"
    if folder.exists():
        return folder
    kid = datacenter.keys.active_kid
    public = datacenter.keys.encryption_keys[kid].public_key().public_bytes_raw()
    record = seal("rec-1", 1, b'{"seq": 1}', device_key=KEY, datacenter=DataCenterKey(kid, public))
    (folder / "records").mkdir(parents=True)
    (folder / "records" / "rec-1.sealed").write_bytes(record.envelope)
    manifest = {
        "version": 1,
        "device_id": device_id,
        "device_public_key": b64encode(KEY.public_key().public_bytes_raw()),
        "exported_at": "2026-03-02T08:00:00.000000Z",
        "records": [
            {
                "record_id": "rec-1",
                "seq": 1,
                "sha256": record.sha256,
                "size": len(record.envelope),
                "kid": kid,
                "signature": b64encode(record.signature),
            }
        ],
    }
    _write_manifest(folder, canonical_json(manifest))
    return folder


def _write_manifest(folder: Path, raw: bytes) -> None:
    (folder / "manifest.json").write_bytes(raw)
    (folder / "manifest.sig").write_text(b64encode(KEY.sign(raw)))


def _fresh(center: tuple[DataCenter, str, Path], name: str) -> Path:
    datacenter, device_id, root = center
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(_template(datacenter, device_id, root), folder)
    return folder


def _import(datacenter: DataCenter, folder: Path) -> None:
    outcome = bounded(lambda: import_export(datacenter, folder))
    assert outcome.reason != "internal_error", outcome
    assert all(r.reason != "internal_error" for r in outcome.records), outcome


VALID_MANIFEST_SHAPE = canonical_json(
    {"version": 1, "device_id": "x", "device_public_key": "x", "exported_at": "x", "records": []}
)


@SETTINGS
@given(outside_bytes(VALID_MANIFEST_SHAPE))
def test_any_signed_manifest_is_imported_or_refused(
    center: tuple[DataCenter, str, Path], manifest: bytes
) -> None:
    TRIED["USB manifest"] += 1
    folder = _fresh(center, "manifest")
    datacenter, device_id, _ = center
    try:  # keep it this laptop's where the bytes still parse, so the records are reached
        value = json.loads(manifest)
        if isinstance(value, dict):
            value["device_id"] = device_id
            value["device_public_key"] = b64encode(KEY.public_key().public_bytes_raw())
            manifest = json.dumps(value).encode()
    except (ValueError, RecursionError):
        pass
    _write_manifest(folder, manifest)
    _import(datacenter, folder)


@SETTINGS
@given(outside_bytes(b"a sealed record of a few hundred bytes" * 8))
def test_any_record_file_is_imported_or_refused(
    center: tuple[DataCenter, str, Path], record: bytes
) -> None:
    TRIED["USB record file"] += 1
    folder = _fresh(center, "record")
    (folder / "records" / "rec-1.sealed").unlink()
    # Declared and signed as the laptop would, so the bytes reach decryption and validation.
    sha = hashlib.sha256(record).hexdigest()
    record_id = f"rec-{sha[:20]}"
    (folder / "records" / f"{record_id}.sealed").write_bytes(record)
    manifest = json.loads((folder / "manifest.json").read_bytes())
    line = manifest["records"][0]
    signature = KEY.sign(envelope_statement(record_id, 1, line["kid"], sha))
    line.update(record_id=record_id, size=len(record), sha256=sha, signature=b64encode(signature))
    _write_manifest(folder, canonical_json(manifest))
    _import(center[0], folder)


def test_figures(center: tuple[DataCenter, str, Path]) -> None:
    assert center[0].store.device(center[1]) is not None
    print(  # noqa: T201
        f"USB import: {TRIED['USB manifest']} manifest and {TRIED['USB record file']} record cases"
    )
