"""The laptop's health report on a USB stick (protocol §14.1): ``health.json`` + ``health.sig``
beside the manifest, read like the manifest; a bad one is refused alone, never the records."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit.safejson import canonical_json
from sync.protocol import b64encode
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, dc_cli, write_export

if TYPE_CHECKING:
    from pathlib import Path


def _health(hostname: str) -> dict[str, Any]:
    key = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    return {
        "version": 1,
        "reported_at": "2026-11-25T08:00:00+00:00",
        "hostname": hostname,
        "fieldkit_version": "0.9.0",
        "package_key": base64.b64encode(key).decode(),
        "package_version": None,
        "last_sync_at": None,
        "unsent_records": 2,
        "oldest_unsent_at": None,
        "free_disk_bytes": 10**10,
        "devices": [],
        "audit": {"ok": True, "events": 3},
        "frozen": True,
        "freeze_reasons": ["days"],
    }


def _import(dc: DataCenterProcess, stick: Path) -> tuple[dict[str, Any], str]:
    done = dc_cli(dc, "import", str(stick), "--json")
    assert done.returncode == 0, done.stderr
    [outcome] = json.loads(done.stdout)
    text = dc_cli(dc, "import", str(stick))
    return outcome, text.stdout


def _row(dc: DataCenterProcess, device_id: str) -> dict[str, Any]:
    done = dc_cli(dc, "laptops", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["device_id"]: r for r in json.loads(done.stdout)}
    return rows[device_id]


def test_a_signed_health_report_is_kept(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    folder = write_export(tmp_path / "stick", laptop, [laptop.seal()])
    raw = canonical_json(_health("laptop-usb"))
    (folder / "health.json").write_bytes(raw)
    (folder / "health.sig").write_text(b64encode(laptop.key.sign(raw)))
    outcome, _text = _import(datacenter, tmp_path / "stick")
    assert outcome["health"] == "stored"
    assert [r["state"] for r in outcome["records"]] == ["ACCEPTED"]
    row = _row(datacenter, laptop.device_id)
    assert (row["hostname"], row["frozen"], row["unsent_records"]) == ("laptop-usb", True, 2)


def _forged(folder: Path, laptop: Laptop) -> None:
    raw = canonical_json(_health("forged"))
    (folder / "health.json").write_bytes(raw)
    (folder / "health.sig").write_text(b64encode(ed25519.Ed25519PrivateKey.generate().sign(raw)))


def _altered(folder: Path, laptop: Laptop) -> None:
    raw = canonical_json(_health("altered"))
    (folder / "health.json").write_bytes(raw.replace(b"altered", b"changed"))
    (folder / "health.sig").write_text(b64encode(laptop.key.sign(raw)))


def _unsigned(folder: Path, laptop: Laptop) -> None:
    del laptop
    (folder / "health.json").write_bytes(canonical_json(_health("unsigned")))


def _too_large(folder: Path, laptop: Laptop) -> None:
    raw = canonical_json({**_health("large"), "pad": "x" * 70_000})
    (folder / "health.json").write_bytes(raw)
    (folder / "health.sig").write_text(b64encode(laptop.key.sign(raw)))


def _wrong_shape(folder: Path, laptop: Laptop) -> None:
    raw = canonical_json({**_health("shape"), "unsent_records": -5})
    (folder / "health.json").write_bytes(raw)
    (folder / "health.sig").write_text(b64encode(laptop.key.sign(raw)))


def _a_link(folder: Path, laptop: Laptop) -> None:
    raw = canonical_json(_health("link"))
    target = folder.parent / "elsewhere.json"
    target.write_bytes(raw)
    (folder / "health.json").symlink_to(target)
    (folder / "health.sig").write_text(b64encode(laptop.key.sign(raw)))


@pytest.mark.parametrize("spoil", [_forged, _altered, _unsigned, _too_large, _wrong_shape, _a_link])
def test_a_bad_health_report_is_refused_alone(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path, spoil: Any
) -> None:
    folder = write_export(tmp_path / "stick", laptop, [laptop.seal()])
    spoil(folder, laptop)
    outcome, text = _import(datacenter, tmp_path / "stick")
    assert outcome["health"] == "refused"
    assert outcome["health_message"]
    assert [r["state"] for r in outcome["records"]] == ["ACCEPTED"]
    assert outcome["receipts_written"] is True
    assert "health report was refused" in text
    assert _row(datacenter, laptop.device_id)["hostname"] is None


def test_an_export_without_one_changes_nothing(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    write_export(tmp_path / "stick", laptop, [laptop.seal()])
    outcome, _text = _import(datacenter, tmp_path / "stick")
    assert outcome["health"] is None
