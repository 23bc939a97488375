"""Enrolling the laptop with a data center: the step that pins its CA and keys.

The service does not publish its CA before enrollment, so the first exchange
runs over TLS that is not yet authenticated.  What makes it safe afterwards:
the CA in the answer must have the fingerprint the operator gave (or, without
one, is trusted on first use and its fingerprint shown to compare by eye); the
TLS certificate presented on the very connection that carried the answer must
be issued by that CA; and the key set must carry the CA's signature.  Only
then is anything stored.  A mismatch stores nothing and tells the officer the
code may have been seen, so the operator can revoke and re-issue.
"""

from __future__ import annotations

import logging
import platform
import re
import ssl
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature

from fieldkit import audit
from fieldkit._version import __version__
from fieldkit.records import outbox
from fieldkit.sealing import DataCenterKey
from sync.client import config
from sync.client.config import SyncConfig, key_set_from_json
from sync.client.errors import SyncError, SyncReason
from sync.client.transport import classify, default_timeout, error_from_response
from sync.protocol import (
    EnrollRequest,
    b64decode,
    b64encode,
    ca_fingerprint,
    verify_key_set,
)

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class EnrollResult:
    device_id: str
    url: str
    ca_fingerprint: str
    #: True when no fingerprint was given: the officer must compare it with the operator's.
    trusted_on_first_use: bool
    active_kid: str

    def as_json(self) -> dict[str, object]:
        return {
            "device_id": self.device_id,
            "url": self.url,
            "ca_fingerprint": self.ca_fingerprint,
            "trusted_on_first_use": self.trusted_on_first_use,
            "active_kid": self.active_kid,
        }


def normalise_fingerprint(text: str) -> str:
    """Accept the fingerprint as people copy it: any case, with colons or spaces."""
    value = re.sub(r"[\s:]", "", text).lower()
    if not _HEX64.fullmatch(value):
        raise SyncError(SyncReason.INVALID_FINGERPRINT)
    return value


def normalise_url(text: str) -> str:
    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.path or parts.query:
        raise SyncError(SyncReason.INVALID_URL, hint="For example: https://10.0.0.5:8443")
    return url


def _unverified_context() -> ssl.SSLContext:
    """Encrypted but not yet authenticated; see the module docstring for what checks it after."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _peer_certificate(response: httpx.Response) -> bytes | None:
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return None
    der: bytes | None = ssl_object.getpeercert(True)  # noqa: FBT003 - the C API takes no keyword
    return der


def _check_leaf(leaf_der: bytes | None, ca_pem: str, host: str) -> None:
    """The certificate on this very connection must come from the CA we are about to pin."""
    if leaf_der is None:
        raise SyncError(SyncReason.TLS_ERROR, "The server presented no TLS certificate.")
    leaf = x509.load_der_x509_certificate(leaf_der)
    ca = x509.load_pem_x509_certificate(ca_pem.encode())
    try:
        leaf.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        raise SyncError(
            SyncReason.FINGERPRINT_MISMATCH,
            "The server's TLS certificate was not issued by the CA it sent.",
        ) from None
    # The same host check a pinned connection makes later, done now so a wrong host fails today.
    try:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        names = x509.SubjectAlternativeName([])
    allowed = {str(n) for n in names.get_values_for_type(x509.DNSName)} | {
        str(n) for n in names.get_values_for_type(x509.IPAddress)
    }
    if host not in allowed:
        raise SyncError(
            SyncReason.TLS_ERROR,
            f"The server's certificate is not valid for {host}.",
            hint="Use the address the operator started the service with (its --host).",
        )


def _laptop_info() -> dict[str, str]:
    """Shown to the operator to tell laptops apart; no personal data."""
    return {"hostname": platform.node()[:64], "app_version": __version__, "os": platform.system()}


def enroll_laptop(
    ws: Workspace,
    url: str,
    code: str,
    *,
    ca_fingerprint_expected: str | None = None,
    timeout: httpx.Timeout | None = None,
) -> EnrollResult:
    """Register this laptop with the data center at ``url`` using a one-time ``code``."""
    url = normalise_url(url)
    expected = normalise_fingerprint(ca_fingerprint_expected) if ca_fingerprint_expected else None
    with ws.transaction() as session:
        existing = config.load(session)
        if existing is not None:
            raise SyncError(
                SyncReason.ALREADY_ENROLLED,
                f"This laptop is already enrolled with {existing.url} as {existing.device_id}.",
            )
        public_key = outbox.device_public_key(session)
    request = EnrollRequest(
        code=code.strip().upper(), public_key=b64encode(public_key), laptop=_laptop_info()
    )
    body, leaf = _post_enroll(url, request, timeout)
    try:
        device_id = str(body["device_id"])
        ca_pem = str(body["ca_certificate"])
        key_set = key_set_from_json(body["key_set"])
        fingerprint = ca_fingerprint(ca_pem)
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    if expected is not None and fingerprint != expected:
        raise SyncError(
            SyncReason.FINGERPRINT_MISMATCH,
            f"The data center's CA fingerprint is {fingerprint}, not the {expected} you were "
            "given. Nothing was saved.",
            hint=f"Check the address and fingerprint with the operator, and ask them to revoke "
            f"device {device_id} and issue a new code.",
        )
    _check_leaf(leaf, ca_pem, urlsplit(url).hostname or "")
    try:
        verify_key_set(key_set, ca_pem)
        keys = [DataCenterKey(k.kid, b64decode(k.public_key)) for k in key_set.keys]
    except (InvalidSignature, ValueError) as exc:
        raise SyncError(SyncReason.KEY_SET_INVALID) from exc
    settings = SyncConfig(
        url=url,
        device_id=device_id,
        ca_pem=ca_pem,
        ca_fingerprint=fingerprint,
        receipt_key=key_set.receipt_key,
        key_set=key_set,
    )
    with ws.transaction() as session:
        config.save(session, settings)
        outbox.install_datacenter_keys(session, keys, key_set.active_kid)
        audit.append(
            session,
            ws.officer.username,
            "sync.enrolled",
            device_id,
            {"pinned": "fingerprint" if expected else "first_use", "kid": key_set.active_kid},
        )
    log.info("enrolled as %s (%s)", device_id, "pinned" if expected else "trust on first use")
    return EnrollResult(
        device_id=device_id,
        url=url,
        ca_fingerprint=fingerprint,
        trusted_on_first_use=expected is None,
        active_kid=key_set.active_kid,
    )


def _post_enroll(
    url: str, request: EnrollRequest, timeout: httpx.Timeout | None
) -> tuple[dict[str, Any], bytes | None]:
    payload = {"code": request.code, "public_key": request.public_key, "laptop": request.laptop}
    try:
        with httpx.Client(
            base_url=url, verify=_unverified_context(), timeout=timeout or default_timeout()
        ) as client:
            response = client.post("/v1/enroll", json=payload)
            leaf = _peer_certificate(response)
    except httpx.TransportError as exc:
        raise classify(exc) from exc
    if not response.is_success:
        raise error_from_response(response)
    try:
        body: dict[str, Any] = response.json()
    except ValueError as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    return body, leaf
