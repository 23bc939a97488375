"""The office package's crypto, shared by the data center (makes it) and the laptop (opens it).

docs/sync-protocol.md §14.2 is the contract.  The data center signs the package
document with its receipt key (Ed25519, pinned by the laptop at enrollment) and seals
the signed bytes to the laptop's package key (X25519, HPKE with the records' suite).
:func:`open_package` does every check of §14.2's table except the version comparison
and the field checks, which are the laptop core's: each refusal is one
:class:`PackageRefused` with its reason code, and nothing is returned half-checked.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit import safejson
from fieldkit.errors import KnownError
from fieldkit.office.package import READABLE_FORMAT_VERSIONS
from fieldkit.printable import printable
from fieldkit.safejson import canonical_json
from fieldkit.sealing import SealError, open_from, seal_to
from sync import sentences  # noqa: F401 - registers the package_* sentences

FORMAT = "fieldkit-office-package"
SEALED_FORMAT = "fieldkit-office-package-sealed"
#: The sealed envelope's version (unchanged since 1).
FORMAT_VERSION = 1
#: The inner document's versions this laptop reads (2 made the already-recorded list
#: compact); the envelope is the same for both.
READABLE_DOCUMENT_VERSIONS = READABLE_FORMAT_VERSIONS
#: The prefix of the signed statement and of the HPKE ``info``.
DOMAIN = b"fieldkit-office-package-v1|"
#: A sealed package larger than this is refused before it is parsed.
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
#: The outer fields the signed inner document must repeat exactly.
_OUTER_FIELDS = ("office_code", "device_id", "version", "issued_at")


class PackageRefused(KnownError):
    """An office package this laptop will not apply; ``code`` is §14.2's reason.

    Codes: ``package_malformed``, ``package_other_office``, ``package_other_laptop``,
    ``package_unreadable``, ``package_unverified`` and (raised by the laptop core's
    version comparison) ``package_older``.
    """

    code = "package_malformed"


def package_statement(document: dict[str, Any]) -> bytes:
    """The bytes the receipt key signs: the domain prefix and the canonical document."""
    return DOMAIN + canonical_json(document)


def package_info(device_id: str) -> bytes:
    """HPKE ``info`` binding a sealed package to the laptop it is for."""
    return DOMAIN + device_id.encode()


def sign_package(document: dict[str, Any], receipt_private: ed25519.Ed25519PrivateKey) -> bytes:
    """The signed canonical JSON ``{"document": …, "signature": base64(sig)}``."""
    signature = receipt_private.sign(package_statement(document))
    return canonical_json(
        {"document": document, "signature": base64.b64encode(signature).decode("ascii")}
    )


def seal_package(
    document: dict[str, Any], signed: bytes, package_public_key: bytes
) -> dict[str, Any]:
    """The outer sealed package (a JSON object) for the laptop whose package key is given."""
    device_id = str(document["device_id"])
    sealed = seal_to(package_public_key, signed, info=package_info(device_id))
    return {
        "format": SEALED_FORMAT,
        "format_version": FORMAT_VERSION,
        "office_code": document["office_code"],
        "device_id": device_id,
        "version": document["version"],
        "issued_at": document["issued_at"],
        "sealed": base64.b64encode(sealed).decode("ascii"),
    }


def _b64(text: object) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None


def _outer(sealed_bytes: bytes) -> dict[str, Any]:
    if len(sealed_bytes) > MAX_PACKAGE_BYTES:
        raise PackageRefused(code="package_malformed", params={"field": "size"})
    try:
        outer = safejson.loads(sealed_bytes, max_bytes=MAX_PACKAGE_BYTES)
    except safejson.JsonRefused:
        raise PackageRefused(code="package_malformed", params={"field": "json"}) from None
    if not isinstance(outer, dict):
        raise PackageRefused(code="package_malformed", params={"field": "json"})
    if outer.get("format") != SEALED_FORMAT or outer.get("format_version") != FORMAT_VERSION:
        raise PackageRefused(code="package_malformed", params={"field": "format"})
    for name, kind in (("office_code", str), ("device_id", str), ("sealed", str)):
        if not isinstance(outer.get(name), kind):
            raise PackageRefused(code="package_malformed", params={"field": name})
    return outer


def open_package(
    sealed_bytes: bytes,
    *,
    package_private_key: x25519.X25519PrivateKey,
    receipt_public_key: bytes,
    office_code: str,
    device_id: str,
) -> dict[str, Any]:
    """The verified package document in ``sealed_bytes``, or :class:`PackageRefused`.

    Checks, in §14.2's order: the outer JSON and its format (``package_malformed``),
    its office (``package_other_office``), its laptop (``package_other_laptop``), that it
    opens with this laptop's package key (``package_unreadable``), and that the inner
    document is signed by the pinned receipt key and repeats the outer fields
    (``package_unverified``).  The version comparison and the fields' own checks are
    the caller's.
    """
    outer = _outer(sealed_bytes)
    if outer["office_code"] != office_code:
        raise PackageRefused(
            code="package_other_office",
            params={"office": outer["office_code"], "this_office": office_code},
        )
    if outer["device_id"] != device_id:
        raise PackageRefused(code="package_other_laptop", params={"device_id": device_id})
    ciphertext = _b64(outer["sealed"])
    if ciphertext is None:
        raise PackageRefused(code="package_malformed", params={"field": "sealed"})
    try:
        signed = open_from(package_private_key, ciphertext, info=package_info(device_id))
    except SealError:
        raise PackageRefused(code="package_unreadable") from None
    return _verified(signed, outer, receipt_public_key)


def _verified(signed: bytes, outer: dict[str, Any], receipt_public_key: bytes) -> dict[str, Any]:
    """The signed document, if the pinned receipt key signed it and it repeats the outer fields."""
    try:
        inner = safejson.loads(signed, max_bytes=MAX_PACKAGE_BYTES)
    except safejson.JsonRefused:
        raise PackageRefused(code="package_unverified") from None
    if not isinstance(inner, dict) or set(inner) != {"document", "signature"}:
        raise PackageRefused(code="package_unverified")
    document = inner["document"]
    signature = _b64(inner["signature"])
    if not isinstance(document, dict) or signature is None:
        raise PackageRefused(code="package_unverified")
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(receipt_public_key).verify(
            signature, package_statement(document)
        )
    except (InvalidSignature, ValueError):
        raise PackageRefused(code="package_unverified") from None
    if (
        document.get("format") != FORMAT
        or document.get("format_version") not in READABLE_DOCUMENT_VERSIONS
    ):
        raise PackageRefused(code="package_unverified")
    for name in _OUTER_FIELDS:
        if name not in document or document[name] != outer.get(name):
            raise PackageRefused(code="package_unverified")
    return document


# --- the laptop's health report (§14.1) -------------------------------------

#: A health report (JSON body or ``health.json`` on a stick) larger than this is refused.
MAX_HEALTH_BYTES = 64 * 1024
#: The longest text a health report may hold in any field.
MAX_HEALTH_TEXT = 200
#: The most device self-test rows a report may list.
MAX_HEALTH_DEVICES = 32
HEALTH_VERSION = 1
#: The most first logins a report may list (the laptop sends its latest 32).
MAX_HEALTH_FIRST_LOGINS = 32
#: The statement a USB ``health.sig`` covers is the exact bytes of ``health.json``.


class HealthInvalid(KnownError):
    """A health report that is not §14.1's shape; ``field`` names the first wrong one."""

    code = "health_invalid"


def _text(value: object, name: str, *, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or len(value) > MAX_HEALTH_TEXT:
        raise HealthInvalid(params={"field": name})
    # A hostname or a version is the laptop's to choose: an ESC or a right-to-left override
    # in it is kept written visibly, so the office reads what it is (issue 57 §12).
    return printable(value)


def _stamp(value: object, name: str) -> str:
    """An ISO 8601 time: the data center keeps the newest report by it (issue 46)."""
    text = _text(value, name)
    try:
        dt.datetime.fromisoformat(text or "")
    except ValueError:
        raise HealthInvalid(params={"field": name}) from None
    return text or ""


def _count(value: object, name: str, *, nullable: bool = False) -> int | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise HealthInvalid(params={"field": name})
    return value


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise HealthInvalid(params={"field": name})
    return value


def _conflicts(value: object) -> list[dict[str, str | None]]:
    """The officers' entries the laptop did not apply; absent from a laptop before issue 46."""
    if not isinstance(value, list) or len(value) > MAX_HEALTH_DEVICES:
        raise HealthInvalid(params={"field": "officer_conflicts"})
    checked = []
    for row in value:
        if not isinstance(row, dict):
            raise HealthInvalid(params={"field": "officer_conflicts"})
        checked.append(
            {
                "username": _text(row.get("username"), "officer_conflicts.username"),
                "reason": _text(row.get("reason"), "officer_conflicts.reason"),
            }
        )
    return checked


def _first_logins(value: object) -> list[dict[str, str | None]]:
    """The first logins made on the laptop (issue 56.4); absent from a laptop before."""
    if not isinstance(value, list) or len(value) > MAX_HEALTH_FIRST_LOGINS:
        raise HealthInvalid(params={"field": "first_logins"})
    checked = []
    for row in value:
        if not isinstance(row, dict):
            raise HealthInvalid(params={"field": "first_logins"})
        checked.append(
            {
                "username": _text(row.get("username"), "first_logins.username"),
                "code": _text(row.get("code"), "first_logins.code"),
                "at": _stamp(row.get("at"), "first_logins.at"),
            }
        )
    return checked


def check_health(value: object) -> dict[str, Any]:
    """A ``LaptopHealth`` document checked field by field, as kept (or ``HealthInvalid``)."""
    if not isinstance(value, dict):
        raise HealthInvalid(params={"field": "document"})
    if value.get("version") != HEALTH_VERSION:
        raise HealthInvalid(params={"field": "version"})
    key = _b64(value.get("package_key"))
    if key is None or len(key) != 32:  # noqa: PLR2004 - a raw X25519 public key
        raise HealthInvalid(params={"field": "package_key"})
    devices = value.get("devices", [])
    if not isinstance(devices, list) or len(devices) > MAX_HEALTH_DEVICES:
        raise HealthInvalid(params={"field": "devices"})
    checked_devices = []
    for row in devices:
        if not isinstance(row, dict):
            raise HealthInvalid(params={"field": "devices"})
        checked_devices.append(
            {
                "kind": _text(row.get("kind"), "devices.kind"),
                "backend": _text(row.get("backend"), "devices.backend", nullable=True),
                "ok": _flag(row.get("ok"), "devices.ok"),
                "tested_at": _text(row.get("tested_at"), "devices.tested_at", nullable=True),
            }
        )
    audit = value.get("audit")
    if audit is not None and not isinstance(audit, dict):
        raise HealthInvalid(params={"field": "audit"})
    reasons = value.get("freeze_reasons", [])
    if not isinstance(reasons, list) or len(reasons) > MAX_HEALTH_DEVICES:
        raise HealthInvalid(params={"field": "freeze_reasons"})
    checked_conflicts = _conflicts(value.get("officer_conflicts", []))
    checked_first_logins = _first_logins(value.get("first_logins", []))
    return {
        "version": HEALTH_VERSION,
        "reported_at": _stamp(value.get("reported_at"), "reported_at"),
        "hostname": _text(value.get("hostname"), "hostname"),
        "fieldkit_version": _text(value.get("fieldkit_version"), "fieldkit_version"),
        "package_key": value["package_key"],
        "package_version": _count(value.get("package_version"), "package_version", nullable=True),
        "last_sync_at": _text(value.get("last_sync_at"), "last_sync_at", nullable=True),
        "unsent_records": _count(value.get("unsent_records", 0), "unsent_records"),
        "oldest_unsent_at": _text(value.get("oldest_unsent_at"), "oldest_unsent_at", nullable=True),
        "free_disk_bytes": _count(value.get("free_disk_bytes"), "free_disk_bytes", nullable=True),
        "devices": checked_devices,
        "audit": None
        if audit is None
        else {
            "ok": _flag(audit.get("ok"), "audit.ok"),
            "events": _count(audit.get("events", 0), "audit.events"),
        },
        "frozen": _flag(value.get("frozen", False), "frozen"),
        "freeze_reasons": [_text(r, "freeze_reasons") for r in reasons],
        "officer_conflicts": checked_conflicts,
        "first_logins": checked_first_logins,
    }
