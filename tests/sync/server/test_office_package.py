"""The office package's crypto (sync/office_package.py, protocol §14.2) with real keys.

Every refusal of the laptop's table that ``open_package`` owns is made to happen:
a tampered byte, an unsigned package, another data center's receipt key, another
office, another laptop, another laptop's package key.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit.safejson import canonical_json
from fieldkit.sealing import seal_to
from sync.office_package import (
    HealthInvalid,
    PackageRefused,
    check_health,
    open_package,
    package_info,
    seal_package,
    sign_package,
)

DEVICE = "dev-0123456789abcdef"


def _document(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "fieldkit-office-package",
        "format_version": 1,
        "office_code": "3273",
        "device_id": DEVICE,
        "version": 7,
        "issued_at": "2026-11-25T08:00:00+00:00",
        "officers": [],
        "rules": None,
        "regions": [],
        "plan": {"requests": [], "visits": [], "targets": []},
        "recorded": {"key": base64.b64encode(b"k" * 32).decode(), "entries": []},
        "release": {"min_version": None, "offered_version": None},
    }
    document.update(overrides)
    return document


@pytest.fixture
def keys() -> dict[str, Any]:
    receipt = ed25519.Ed25519PrivateKey.generate()
    package = x25519.X25519PrivateKey.generate()
    return {
        "receipt": receipt,
        "receipt_public": receipt.public_key().public_bytes_raw(),
        "package": package,
        "package_public": package.public_key().public_bytes_raw(),
    }


def _sealed(keys: dict[str, Any], document: dict[str, Any] | None = None) -> bytes:
    document = document or _document()
    signed = sign_package(document, keys["receipt"])
    return canonical_json(seal_package(document, signed, keys["package_public"]))


def _open(keys: dict[str, Any], data: bytes, **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "package_private_key": keys["package"],
        "receipt_public_key": keys["receipt_public"],
        "office_code": "3273",
        "device_id": DEVICE,
    }
    arguments.update(overrides)
    return open_package(data, **arguments)


def _refusal(keys: dict[str, Any], data: bytes, **overrides: Any) -> str:
    with pytest.raises(PackageRefused) as caught:
        _open(keys, data, **overrides)
    assert caught.value.message  # a sentence exists for the code
    return caught.value.code


def test_opens_what_was_sealed(keys: dict[str, Any]) -> None:
    document = _document()
    assert _open(keys, _sealed(keys, document)) == document


def test_outer_hints_match_the_document(keys: dict[str, Any]) -> None:
    outer = json.loads(_sealed(keys))
    assert outer["format"] == "fieldkit-office-package-sealed"
    assert (outer["office_code"], outer["device_id"], outer["version"]) == ("3273", DEVICE, 7)
    assert "officers" not in outer


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"[]",
        b'{"format": "other"}',
        b"{" * 100,
        b'{"format":"fieldkit-office-package-sealed","format_version":1}',
    ],
)
def test_malformed(keys: dict[str, Any], data: bytes) -> None:
    assert _refusal(keys, data) == "package_malformed"


def test_other_office(keys: dict[str, Any]) -> None:
    assert _refusal(keys, _sealed(keys), office_code="3201") == "package_other_office"


def test_other_laptop(keys: dict[str, Any]) -> None:
    assert _refusal(keys, _sealed(keys), device_id="dev-other") == "package_other_laptop"


def test_wrong_package_key(keys: dict[str, Any]) -> None:
    other = x25519.X25519PrivateKey.generate()
    assert _refusal(keys, _sealed(keys), package_private_key=other) == "package_unreadable"


def test_tampered_byte(keys: dict[str, Any]) -> None:
    outer = json.loads(_sealed(keys))
    ciphertext = bytearray(base64.b64decode(outer["sealed"]))
    ciphertext[len(ciphertext) // 2] ^= 0x01
    outer["sealed"] = base64.b64encode(bytes(ciphertext)).decode()
    assert _refusal(keys, canonical_json(outer)) == "package_unreadable"


def test_sealed_for_another_laptop_moved_here(keys: dict[str, Any]) -> None:
    """The outer device id rewritten: the HPKE info binds the ciphertext to its laptop."""
    outer = json.loads(_sealed(keys, _document(device_id="dev-other")))
    outer["device_id"] = DEVICE
    assert _refusal(keys, canonical_json(outer)) == "package_unreadable"


def _seal_inner(keys: dict[str, Any], inner: bytes, document: dict[str, Any]) -> bytes:
    outer = seal_package(document, b"", keys["package_public"])
    sealed = seal_to(keys["package_public"], inner, info=package_info(DEVICE))
    outer["sealed"] = base64.b64encode(sealed).decode()
    return canonical_json(outer)


def test_unsigned(keys: dict[str, Any]) -> None:
    document = _document()
    data = _seal_inner(keys, canonical_json({"document": document}), document)
    assert _refusal(keys, data) == "package_unverified"


def test_signed_by_another_data_center(keys: dict[str, Any]) -> None:
    document = _document()
    stranger = ed25519.Ed25519PrivateKey.generate()
    data = _seal_inner(keys, sign_package(document, stranger), document)
    assert _refusal(keys, data) == "package_unverified"


def test_signed_document_altered(keys: dict[str, Any]) -> None:
    document = _document()
    signed = json.loads(sign_package(document, keys["receipt"]))
    signed["document"]["officers"] = [{"username": "intruder"}]
    data = _seal_inner(keys, canonical_json(signed), document)
    assert _refusal(keys, data) == "package_unverified"


def test_inner_differs_from_outer(keys: dict[str, Any]) -> None:
    inner = _document(version=9)
    signed = sign_package(inner, keys["receipt"])
    data = _seal_inner(keys, signed, _document(version=7))
    assert _refusal(keys, data) == "package_unverified"


def test_inner_for_another_office_in_this_office_outer(keys: dict[str, Any]) -> None:
    inner = _document(office_code="3201")
    data = _seal_inner(keys, sign_package(inner, keys["receipt"]), _document())
    assert _refusal(keys, data) == "package_unverified"


def test_older_has_a_sentence() -> None:
    refused = PackageRefused(code="package_older", params={"version": 3, "applied": 5})
    assert "version 3" in refused.message
    assert "(5)" in refused.message


def _health(**overrides: Any) -> dict[str, Any]:
    health: dict[str, Any] = {
        "version": 1,
        "reported_at": "2026-11-25T08:00:00+00:00",
        "hostname": "laptop-tim-1",
        "fieldkit_version": "0.9.0",
        "package_key": base64.b64encode(b"p" * 32).decode(),
        "package_version": 3,
        "last_sync_at": None,
        "unsent_records": 4,
        "oldest_unsent_at": None,
        "free_disk_bytes": 51234567890,
        "devices": [{"kind": "fingerprint", "backend": "sim", "ok": True, "tested_at": None}],
        "audit": {"ok": True, "events": 812},
        "frozen": False,
        "freeze_reasons": [],
        "officer_conflicts": [{"username": "admin", "reason": "laptop_own"}],
        "first_logins": [
            {"username": "sari", "code": "c2FsdA==", "at": "2026-11-25T07:00:00+00:00"}
        ],
    }
    health.update(overrides)
    return health


def test_health_accepted() -> None:
    assert check_health(_health()) == _health()


def test_a_report_from_before_officer_conflicts_reads_as_none() -> None:
    older = _health()
    del older["officer_conflicts"]
    del older["first_logins"]
    checked = check_health(older)
    assert (checked["officer_conflicts"], checked["first_logins"]) == ([], [])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("package_key", base64.b64encode(b"p" * 31).decode()),
        ("package_key", "not base64!"),
        ("unsent_records", -1),
        ("unsent_records", True),
        ("hostname", "x" * 201),
        ("version", 2),
        ("devices", [{"kind": "face", "ok": "yes"}]),
        ("audit", []),
        ("frozen", "no"),
        ("officer_conflicts", {"username": "admin"}),
        ("officer_conflicts", ["admin"]),
        ("officer_conflicts", [{"username": "admin", "reason": 1}]),
        ("officer_conflicts", [{"username": "a", "reason": "laptop_own"}] * 33),
        ("first_logins", {"username": "sari"}),
        ("first_logins", [{"username": "sari", "code": "c2FsdA==", "at": "yesterday"}]),
        ("first_logins", [{"username": "sari", "code": 1, "at": "2026-11-25T07:00:00+00:00"}]),
        ("first_logins", [{"username": "s", "code": "c", "at": "2026-11-25T07:00:00"}] * 33),
    ],
)
def test_health_refused(field: str, value: object) -> None:
    with pytest.raises(HealthInvalid) as caught:
        check_health(_health(**{field: value}))
    assert caught.value.params["field"].split(".")[0] == field
