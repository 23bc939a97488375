"""The office package and the laptop's health, over HTTPS and on a stick (sync-protocol §14).

Every push reports the laptop's health (with the public half of its package key) and then
asks for the office's package; a USB export writes the same health document, signed, and a
stick the office prepared may carry a package for this laptop.  Both transports end in
:func:`apply_sealed`: ``sync.office_package.open_package`` checks the seal, the signature
pinned at enrollment, the office and the laptop; the laptop core checks every field and the
version and applies the package whole or not at all.

Nothing here stops the records: the office's package comes after them, and a package that
is refused, or a data center that predates packages, is a line in the summary, never a
failed sync.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import audit
from fieldkit.errors import KnownError
from fieldkit.office import apply as office_apply
from fieldkit.office import health as office_health
from fieldkit.office.package import OfficePackage
from fieldkit.records import outbox
from fieldkit.safejson import canonical_json
from sync.client.errors import SyncError
from sync.client.stick import present, read_from_stick, write_new
from sync.office_package import MAX_PACKAGE_BYTES, PackageRefused, open_package
from sync.protocol import b64encode

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.office.apply import ApplySummary
    from fieldkit.workspace import Workspace
    from sync.client.config import SyncConfig
    from sync.client.transport import Transport

log = logging.getLogger(__name__)

HEALTH_PATH = "/v1/laptop/health"
PACKAGE_PATH = "/v1/office/package"
#: On a stick: ``STICK/<device_id>/office-package.json`` (§14.3).
PACKAGE_FILE = "office-package.json"
#: Beside an export's manifest (§14.1).
HEALTH_FILE = "health.json"
HEALTH_SIGNATURE = "health.sig"
_NO_CONTENT = 204
_NOT_FOUND = 404
#: The health report was not kept, and that is all: a newer one is kept, or a recent one.
_NOT_KEPT = frozenset({409, 429})


@dataclass(frozen=True)
class OfficeResult:
    """What became of the office's package this time: applied, refused, or none offered."""

    applied: ApplySummary | None = None
    refused: KnownError | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "applied": self.applied.as_json() if self.applied is not None else None,
            "refused": (
                {"code": self.refused.code, "message": self.refused.message}
                if self.refused is not None
                else None
            ),
        }


def health_document(ws: Workspace) -> bytes:
    """The laptop's health (section 14.1) as canonical JSON, the same bytes on both transports."""
    return canonical_json(office_health.collect_health(ws, hostname=socket.gethostname()))


def report_health(ws: Workspace, transport: Transport) -> bool:
    """Send the health report; False from a data center that predates it (404).

    A report the data center does not keep is no reason to stop the sync: it never
    keeps an older one than it has (409: a newer one came on a stick, or this clock was
    set back), and keeps one every few seconds (429, waited out by the transport like
    any other; still 429 after that, the report is given up).  The package is fetched
    all the same.
    """
    try:
        transport.request(
            "POST", HEALTH_PATH, health_document(ws), {"content-type": "application/json"}
        )
    except SyncError as error:
        if error.status == _NOT_FOUND:
            log.info("the data center takes no health reports (an older version)")
            return False
        if error.status in _NOT_KEPT:
            log.info("the data center did not keep this health report (%s)", error.status)
            return True
        raise
    return True


def exchange(ws: Workspace, transport: Transport, settings: SyncConfig) -> OfficeResult | None:
    """One round after the records: health out, then the office's package in, if any.

    ``None``: the data center predates packages, or has none for this laptop (204).
    """
    if not report_health(ws, transport):
        return None
    try:
        response = transport.request("GET", PACKAGE_PATH)
    except SyncError as error:
        if error.status == _NOT_FOUND:
            return None
        raise
    if response.status_code == _NO_CONTENT:
        return None
    result = apply_sealed(ws, settings, response.content)
    if result.applied is not None and result.applied.conflicts:
        # Officers' entries this laptop did not apply (issue 46): the office learns it now,
        # from a second report, rather than at the next sync.  A failure here is only late.
        try:
            report_health(ws, transport)
        except SyncError as error:
            log.warning("the health report after the package was not sent: %s", error.code)
    return result


def apply_sealed(ws: Workspace, settings: SyncConfig, data: bytes) -> OfficeResult:
    """Open, check and apply one sealed package; a refusal changes nothing and is audited."""
    try:
        private = x25519.X25519PrivateKey.from_private_bytes(office_health.package_private_key(ws))
        document = open_package(
            data,
            package_private_key=private,
            receipt_public_key=settings.receipt_public_key,
            office_code=ws.keyring.office_code,
            device_id=settings.device_id,
        )
        summary = office_apply.apply_package(ws, OfficePackage.from_document(document))
    except KnownError as refused:
        return _refused(ws, refused)
    log.info("office package %d applied", summary.version)
    return OfficeResult(applied=summary)


def _refused(ws: Workspace, refused: KnownError) -> OfficeResult:
    log.warning("office package refused: %s", refused.code)
    with ws.transaction() as session:
        audit.append(
            session, ws.officer.username, "office.package_refused", None, {"code": refused.code}
        )
    return OfficeResult(refused=refused)


def write_health(ws: Workspace, folder: Path) -> None:
    """``health.json`` and its signature by the device key, into an export being written."""
    document = health_document(ws)
    with ws.transaction() as session:
        key = outbox.device_key(session)
    write_new(folder / HEALTH_FILE, document)
    write_new(folder / HEALTH_SIGNATURE, b64encode(key.sign(document)).encode())


def package_on_stick(directory: Path, device_id: str) -> Path | None:
    """This laptop's package on a stick named by its root, its device folder or an export."""
    candidates = [directory / device_id / PACKAGE_FILE]  # the stick's root
    if directory.name == device_id:  # the laptop's folder on it
        candidates.append(directory / PACKAGE_FILE)
    if directory.parent.name == device_id:  # one export folder
        candidates.append(directory.parent / PACKAGE_FILE)
    return next((path for path in candidates if present(path)), None)


def apply_from_stick(ws: Workspace, settings: SyncConfig, directory: Path) -> OfficeResult | None:
    """The package the office's ``package export`` wrote for this laptop, if the stick has one."""
    path = package_on_stick(directory, settings.device_id)
    if path is None:
        return None
    try:
        data = read_from_stick(path, MAX_PACKAGE_BYTES)
    except SyncError as error:
        log.warning("office package on the stick not read: %s", error.detail)
        return _refused(ws, PackageRefused(code="package_malformed", params={"field": "file"}))
    return apply_sealed(ws, settings, data)
