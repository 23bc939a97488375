"""Enrolling the laptop with a data center: the step that pins its CA and keys.

The service does not publish its CA before enrollment, so the laptop must
authenticate it from the fingerprint the operator gives (typed, or read from
the enrollment bundle: :mod:`sync.bundle`), and it does so *before* the
one-time code leaves the laptop:

1. a TLS handshake that sends nothing reads the certificate chain the server
   presents, and the CA in it must have the expected fingerprint; otherwise
   the enrollment stops there, the code is still unused and works on the
   retry, and the error never shows the fingerprint that was presented (that
   would invite copying it);
2. the code then travels on a connection that trusts exactly that CA, with
   the host name checked, as every later sync does;
3. the answer's CA must be the same one and the key set must carry its
   signature.  Only then is anything stored.

Enrolling again (the data center revoked this laptop, or forgot it) makes a
new laptop key: the old one stays revoked.  Records sealed under the old key
and not yet accepted cannot be accepted under a revoked key; they are listed,
by record id, in the result, and kept on the laptop (docs/sync-protocol.md).
"""

from __future__ import annotations

import logging
import platform
import re
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization

from drivers.base import CancelToken
from fieldkit import audit
from fieldkit._version import __version__
from fieldkit.officers import require_role
from fieldkit.permissions import ENROLLERS
from fieldkit.records import outbox
from fieldkit.sealing import DataCenterKey
from sync.bundle import BundleError, EnrollmentBundle, decode_qr_image, parse_bundle, read_bundle
from sync.client import config
from sync.client.config import SyncConfig, key_set_from_json
from sync.client.errors import SyncError, SyncReason
from sync.client.transport import classify, default_timeout, error_from_response, pinned_context
from sync.protocol import (
    EnrollRequest,
    b64decode,
    b64encode,
    ca_fingerprint,
    verify_key_set,
)

if TYPE_CHECKING:
    from pathlib import Path

    from drivers.base import ImageDevice
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
#: The data center's answer when the laptop's key was revoked (the code is not used).
_KEY_REVOKED = "key_already_enrolled"


@dataclass(frozen=True)
class EnrollResult:
    device_id: str
    url: str
    ca_fingerprint: str
    active_kid: str
    #: The enrollment this one replaces (the data center had revoked it), if any.
    previous_device_id: str | None = None
    #: Records sealed under the revoked key and not accepted: they cannot be delivered.
    stranded: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        return {
            "device_id": self.device_id,
            "url": self.url,
            "ca_fingerprint": self.ca_fingerprint,
            "active_kid": self.active_kid,
            "previous_device_id": self.previous_device_id,
            "stranded": list(self.stranded),
        }


def normalise_fingerprint(text: str) -> str:
    """Accept the fingerprint as people copy it: any case, in groups, with colons or dashes."""
    value = re.sub(r"[\s:\-]", "", text).lower()
    if not _HEX64.fullmatch(value):
        raise SyncError(SyncReason.INVALID_FINGERPRINT)
    return value


def normalise_url(text: str) -> str:
    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.path or parts.query:
        raise SyncError(SyncReason.INVALID_URL, hint="url_example")
    return url


def load_bundle(path: Path) -> EnrollmentBundle:
    """The enrollment bundle in a file (JSON or the QR code's PNG), as a :class:`SyncError`."""
    try:
        return read_bundle(path)
    except BundleError as error:
        raise SyncError(
            SyncReason.BUNDLE_INVALID,
            f"bundle_{error.reason}",
            params=error.params,
            details={"why": error.reason},
        ) from None


def read_bundle_from_camera(camera: ImageDevice, timeout_s: float = 20.0) -> EnrollmentBundle:
    """The enrollment bundle shown to ``camera`` as its QR code (the operator's PNG, or a print).

    Every preview frame is tried until one holds a bundle, for at most
    ``timeout_s``; the camera is opened and closed here.
    """
    cancel = CancelToken()
    deadline = time.monotonic() + timeout_s
    camera.open()
    try:
        for frame in camera.stream(cancel):
            text = decode_qr_image(frame.image)
            if text is not None:
                try:
                    return parse_bundle(text)
                except BundleError:
                    log.info("a QR code that is not an enrollment bundle was seen")
            if time.monotonic() > deadline:
                break
    finally:
        cancel.cancel()
        camera.close()
    raise SyncError(SyncReason.BUNDLE_INVALID, "bundle_no_camera_qr", details={"why": "no_qr"})


def enroll_from_bundle(
    ws: Workspace, path: Path, *, timeout: httpx.Timeout | None = None
) -> EnrollResult:
    bundle = load_bundle(path)
    return enroll_laptop(
        ws, bundle.url, bundle.code, ca_fingerprint_expected=bundle.ca_fingerprint, timeout=timeout
    )


def _unverified_context() -> ssl.SSLContext:
    """Encrypted, not authenticated: used only to read the chain, and nothing is sent on it."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _chain_of(tls: ssl.SSLSocket) -> list[bytes]:
    """The certificates the server presented, DER, leaf first.

    Python 3.13 offers ``get_unverified_chain``; 3.10-3.12 have the same method on
    the socket's ``_sslobj`` (returning certificate objects).  Without either,
    the leaf alone (whose CA then cannot match: the enrollment is refused).
    """
    getter = getattr(tls, "get_unverified_chain", None)
    if getter is None:
        getter = getattr(getattr(tls, "_sslobj", None), "get_unverified_chain", None)
    items: list[Any] = list(getter() or []) if getter is not None else []
    chain = [
        item if isinstance(item, bytes) else item.public_bytes(ssl._ssl.ENCODING_DER)  # type: ignore[attr-defined] # noqa: SLF001
        for item in items
    ]
    if not chain:
        leaf = tls.getpeercert(binary_form=True)
        chain = [leaf] if leaf else []
    return chain


def presented_ca(url: str, expected: str, timeout: httpx.Timeout | None = None) -> str:
    """The CA certificate (PEM) the server at ``url`` presents, if its fingerprint is ``expected``.

    Only a TLS handshake: no request, so no code, is sent.  A mismatch never
    says which fingerprint was presented.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    connect_s = (timeout or default_timeout()).connect or 5.0
    try:
        with (
            socket.create_connection((host, parts.port or 443), timeout=connect_s) as raw,
            _unverified_context().wrap_socket(raw, server_hostname=host) as tls,
        ):
            chain = _chain_of(tls)
    except OSError as exc:
        raise classify(exc) from exc
    for der in chain:
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError:
            continue
        if cert.fingerprint(hashes.SHA256()).hex() == expected:
            return cert.public_bytes(serialization.Encoding.PEM).decode()
    log.warning("enrollment refused before sending the code: the CA does not match")
    raise SyncError(SyncReason.FINGERPRINT_MISMATCH)


def _laptop_info() -> dict[str, str]:
    """Shown to the operator to tell laptops apart; no personal data."""
    return {"hostname": platform.node()[:64], "app_version": __version__, "os": platform.system()}


def _still_enrolled(ws: Workspace) -> bool:
    """Whether the data center still takes this laptop's enrollment (asked, signed)."""
    from sync.client.client import SyncClient  # noqa: PLC0415 - the client imports much more

    try:
        SyncClient(ws).pull_status()
    except SyncError as error:
        if error.reason in {SyncReason.DEVICE_REVOKED, SyncReason.DEVICE_UNKNOWN}:
            return False
        raise
    return True


def enroll_laptop(
    ws: Workspace,
    url: str,
    code: str,
    *,
    ca_fingerprint_expected: str | None,
    timeout: httpx.Timeout | None = None,
) -> EnrollResult:
    """Register this laptop with the data center at ``url`` using a one-time ``code``.

    The fingerprint is required: without it the first connection could be
    anybody's.  Refused with nothing sent when the server's CA does not match.
    """
    # Before anything is sent: enrolling pins a CA and may replace the device key.
    require_role(ws.officer, *ENROLLERS)
    url = normalise_url(url)
    if not (ca_fingerprint_expected or "").strip():
        raise SyncError(SyncReason.FINGERPRINT_REQUIRED)
    expected = normalise_fingerprint(ca_fingerprint_expected or "")
    with ws.transaction() as session:
        existing = config.load(session)
        public_key = outbox.device_public_key(session)
    if existing is not None and existing.ca_fingerprint != expected:
        raise SyncError(
            SyncReason.ALREADY_ENROLLED,
            "enrolled_elsewhere",
            params={"url": existing.url, "device": existing.device_id},
        )
    if existing is not None and _still_enrolled(ws):
        raise SyncError(
            SyncReason.ALREADY_ENROLLED,
            "still_enrolled",
            params={"url": existing.url, "device": existing.device_id},
        )
    ca_pem = presented_ca(url, expected, timeout)
    body, stranded = _send_code(ws, url, ca_pem, code.strip().upper(), public_key, timeout=timeout)
    try:
        device_id = str(body["device_id"])
        answer_ca = str(body["ca_certificate"])
        key_set = key_set_from_json(body["key_set"])
        fingerprint = ca_fingerprint(answer_ca)
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    if fingerprint != expected:
        raise SyncError(SyncReason.FINGERPRINT_MISMATCH)
    try:
        verify_key_set(key_set, answer_ca)
        keys = [DataCenterKey(k.kid, b64decode(k.public_key)) for k in key_set.keys]
    except (InvalidSignature, ValueError) as exc:
        raise SyncError(SyncReason.KEY_SET_INVALID) from exc
    settings = SyncConfig(
        url=url,
        device_id=device_id,
        ca_pem=answer_ca,
        ca_fingerprint=fingerprint,
        receipt_key=key_set.receipt_key,
        key_set=key_set,
    )
    previous = existing.device_id if existing and existing.device_id != device_id else None
    with ws.transaction() as session:
        if previous is not None:
            config.forget_status(session)
        config.save(session, settings)
        outbox.install_datacenter_keys(session, keys, key_set.active_kid)
        audit.append(
            session,
            ws.officer.username,
            "sync.enrolled",
            device_id,
            {
                "pinned": "fingerprint",
                "kid": key_set.active_kid,
                "previous": previous,
                "stranded": len(stranded),
            },
        )
    log.info("enrolled as %s (CA pinned before the code was sent)", device_id)
    return EnrollResult(
        device_id=device_id,
        url=url,
        ca_fingerprint=fingerprint,
        active_kid=key_set.active_kid,
        previous_device_id=previous,
        stranded=tuple(stranded),
    )


def _send_code(
    ws: Workspace,
    url: str,
    ca_pem: str,
    code: str,
    public_key: bytes,
    *,
    timeout: httpx.Timeout | None,
) -> tuple[dict[str, Any], list[str]]:
    """The data center's answer, after one new key if it revoked this one; the stranded records.

    A refusal of a revoked key does not use the code, so the same code goes
    again with the new key.
    """
    try:
        return _post_enroll(url, ca_pem, _request(code, public_key), timeout), []
    except SyncError as error:
        if error.server_reason != _KEY_REVOKED:
            raise
    with ws.transaction() as session:
        stranded = outbox.replace_device_key(session, "signed_by_revoked_key")
        public_key = outbox.device_public_key(session)
        config.forget_status(session)
        audit.append(
            session,
            ws.officer.username,
            "sync.device_key_replaced",
            config.get(session, config.DEVICE_ID),
            {"stranded": len(stranded)},
        )
    log.warning("device key revoked; enrolling with a new key (%d stranded)", len(stranded))
    return _post_enroll(url, ca_pem, _request(code, public_key), timeout), stranded


def _request(code: str, public_key: bytes) -> EnrollRequest:
    return EnrollRequest(code=code, public_key=b64encode(public_key), laptop=_laptop_info())


def _post_enroll(
    url: str, ca_pem: str, request: EnrollRequest, timeout: httpx.Timeout | None
) -> dict[str, Any]:
    """The code, sent only on a connection that trusts exactly the CA already checked."""
    payload = {"code": request.code, "public_key": request.public_key, "laptop": request.laptop}
    try:
        with httpx.Client(
            base_url=url, verify=pinned_context(ca_pem), timeout=timeout or default_timeout()
        ) as client:
            response = client.post("/v1/enroll", json=payload)
    except httpx.TransportError as exc:
        raise classify(exc) from exc
    if not response.is_success:
        raise error_from_response(response)
    try:
        body: dict[str, Any] = response.json()
    except ValueError as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    return body
