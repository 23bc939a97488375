"""MOSIP SBI (Secure Biometric Interface) client: HTTP transport and protocol.

Spec followed: the MOSIP Device Service / SBI specification 0.9.5 (June 2020,
``mosip/documentation`` docs/MOSIP-Device-Service-Specification.md, sections
5.1 discovery, 5.2 device info, 5.4 stream, 5.5 registration capture, 10 error
codes), with the SBI 1.0 registration names (``type`` "Finger"/"Iris"/"Face",
``bioSubType`` "Left IndexFinger" ... "Right Thumb", "Left"/"Right" for iris,
``transactionId``) and the wire details of MOSIP's reference mock
(``mosip/mosip-mock-services`` MockMDS: error codes 100-122, 500-507, 600-610,
700-710, the multipart STREAM framing and the hash chain).

What we rely on, field by field:

* Service on ``127.0.0.1``, one of ports 4501-4600; HTTP/1.1 with custom verbs
  ``MOSIPDISC /device``, ``MOSIPDINFO /info``, ``STREAM /stream`` and
  ``RCAPTURE /capture``.
* MOSIPDISC body ``{"type": "Biometric Device"|"Finger"|"Iris"|"Face"}``;
  answer: a JSON array of ``deviceId``, ``deviceStatus`` ("Ready", "Busy",
  "Not Ready", "Not Registered"), ``certification``, ``serviceVersion``,
  ``deviceSubId`` (list), ``callbackId``, ``digitalId``, ``deviceCode``,
  ``specVersion`` (list), ``purpose``, ``error{errorCode, errorInfo}``.
* ``digitalId`` is a JWS (``b64url(header).b64url(payload).b64url(sig)``) or,
  unsigned, ``b64url(payload)``; the payload holds ``serialNo``, ``make``,
  ``model``, ``type``, ``deviceSubType``, ``deviceProvider``,
  ``deviceProviderId``, ``dateTime``.  We parse all forms, plus plain JSON.
  Signatures are not verified (that needs the adopter's device trust chain).
* MOSIPDINFO answer: ``[{"deviceInfo": <JWS or object>, "error": {...}}]``.
* STREAM body ``{deviceId, deviceSubId, timeout}``; answer
  ``multipart/x-mixed-replace`` of JPEG parts (the mock writes
  ``boundary=--BoundaryString`` and then uses that token itself as the
  delimiter line; RFC 2046 would prefix ``--``; we accept both).
* RCAPTURE body ``{env, purpose, specVersion, timeout (ms), captureTime,
  transactionId, bio: [{type, count, bioSubType[], exception[],
  requestedScore, deviceId, deviceSubId, previousHash}], customOpts}``;
  answer ``{"biometrics": [{specVersion, data, hash, error}]}`` where
  ``data`` is a JWS (or object) whose payload has ``bioValue`` (base64url
  image or ISO record), ``bioType``, ``bioSubType``, ``qualityScore``,
  ``requestedScore``, ``transactionId``, ``timestamp``.
* ``hash = SHA256(prev || SHA256(bioValue bytes))`` in hex, where ``prev`` is
  the raw bytes of the hex ``previousHash`` sent, or ``SHA256("")`` when it is
  empty; each biometric in one answer chains from the one before it.

Every call runs under one deadline: connect, send, the wait for the first
byte (in short slices, so a cancel is honoured) and each body read.  JSON calls
use ``http.client``; STREAM uses a raw socket, because ``http.client``'s
buffered reader is unusable after a read timeout and a preview must be able to
poll for cancellation between frames.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import http.client
import json
import logging
import select
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from drivers.base import CancelToken, Deadline
from drivers.errors import (
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.image_size import ImageTooLarge, check_declared_size

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    import numpy as np
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

DEFAULT_HOST: Final = "127.0.0.1"
#: The port range the SBI spec reserves for device services.
SBI_PORTS: Final = range(4501, 4601)
SPEC_VERSION: Final = "0.9.5"
ANY_DEVICE: Final = "Biometric Device"
DEVICE_TYPES: Final = ("Finger", "Iris", "Face")

_POLL_S = 0.05
_MAX_HEAD = 64 * 1024
_MAX_FRAME = 32 * 1024 * 1024
_MAX_BODY = 256 * 1024 * 1024

#: MOSIP's error texts (spec section 10 and MockMDS), for logs and messages.
SBI_ERROR_TEXT: Final[Mapping[str, str]] = {
    "0": "Success",
    "100": "Device not registered",
    "101": "Unable to detect a biometric object",
    "102": "Technical error during extraction",
    "103": "Device tamper detected",
    "105": "Image orientation error",
    "106": "Device not found",
    "109": "Requested number of biometric (Finger/IRIS) not supported",
    "110": "Device is not ready",
    "111": "Device is busy",
    "114": "Device type mismatch",
    "116": "Count value mismatch",
    "117": "Exception value mismatch",
    "119": "Bio subtype value mismatch",
    "503": "Devices are not connected",
    "605": "Device is not connected or not registered",
    "607": "Device status is Not Ready or Busy",
    "609": "Live stream timeout",
    "700": "RCapture failed because live streaming was stopped",
    "701": "RCapture failed because capture timeout has happened",
    "703": "RCapture process already in progress",
    "705": "Device is not connected or not registered",
    "706": "Device purpose should be Registration for RCapture",
    "708": "No biometric information present",
    "709": "RCapture request can not be done for Auth devices",
    "710": "RCapture unknown error",
    "999": "Unknown error",
}

_BUSY_CODES = frozenset({"111", "607", "703", "803"})
_NOT_READY_CODES = frozenset({"110"})
_NOT_REGISTERED_CODES = frozenset({"100"})
_NOT_FOUND_CODES = frozenset({"106", "503", "605", "705", "805"})
_TIMEOUT_CODES = frozenset({"701", "801", "609"})


# --- errors -----------------------------------------------------------------


class SbiUnavailable(DeviceUnavailable):
    """The service answered with an SBI status code meaning "cannot use it now"."""

    def __init__(
        self, message: str, *, reason: DeviceReason, sbi_code: str, device: str | None = None
    ) -> None:
        super().__init__(message, reason=reason, device=device)
        #: The SBI ``errorCode`` as sent ("111", "703", "110", "100", ...).
        self.sbi_code = sbi_code


class SbiCaptureTimeout(DeviceTimeout):
    """The device gave up waiting for a finger, eye or face (SBI 701)."""

    def __init__(
        self, message: str, *, reason: TimeoutReason, sbi_code: str, device: str | None = None
    ) -> None:
        super().__init__(message, reason=reason, device=device)
        self.sbi_code = sbi_code


class SbiDeviceError(ProtocolError):
    """The service reported a failure: an SBI error code or an HTTP error status."""

    def __init__(
        self,
        message: str,
        *,
        reason: ProtocolReason = ProtocolReason.DEVICE_ERROR,
        sbi_code: str = "",
        http_status: int | None = None,
        device: str | None = None,
    ) -> None:
        numeric = int(sbi_code) if sbi_code.isdigit() else http_status
        super().__init__(message, reason=reason, device=device, code=numeric)
        self.sbi_code = sbi_code
        self.http_status = http_status


def sbi_error(
    code: str,
    info: str,
    *,
    device: str | None = None,
    timeout_reason: TimeoutReason = TimeoutReason.NO_RESPONSE,
) -> DriverError:
    """Map an SBI ``errorCode`` to the driver error the app knows how to explain."""
    text = SBI_ERROR_TEXT.get(code) or info or "unknown error"
    message = f"SBI error {code}: {text}"
    if code in _BUSY_CODES:
        return SbiUnavailable(message, reason=DeviceReason.BUSY, sbi_code=code, device=device)
    if code in _NOT_READY_CODES:
        return SbiUnavailable(message, reason=DeviceReason.NOT_READY, sbi_code=code, device=device)
    if code in _NOT_REGISTERED_CODES:
        reason = DeviceReason.NOT_REGISTERED
        return SbiUnavailable(message, reason=reason, sbi_code=code, device=device)
    if code in _NOT_FOUND_CODES:
        return SbiUnavailable(message, reason=DeviceReason.NOT_FOUND, sbi_code=code, device=device)
    if code in _TIMEOUT_CODES:
        return SbiCaptureTimeout(message, reason=timeout_reason, sbi_code=code, device=device)
    return SbiDeviceError(message, sbi_code=code, device=device)


# --- small parsing helpers --------------------------------------------------


def _lookup(obj: Mapping[str, Any], *names: str) -> Any:
    """Case-insensitive key lookup: vendors write ``errorCode`` and ``errorcode``."""
    for name in names:
        if name in obj:
            return obj[name]
    lowered = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return json.dumps(value, sort_keys=True)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(_text(v) for v in value)
    return (_text(value),)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def b64url_decode(text: str) -> bytes:
    """Base64url (or plain base64) with or without padding."""
    cleaned = "".join(text.split())
    padded = cleaned + "=" * (-len(cleaned) % 4)
    try:
        if "-" in cleaned or "_" in cleaned:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise ProtocolError(
            "A base64 field from the device service does not decode.",
            reason=ProtocolReason.GARBAGE,
        ) from exc


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_jws_payload(value: Any) -> dict[str, Any]:
    """The JSON payload of a JWS, an unsigned ``b64url(payload)`` or plain JSON."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ProtocolError("Expected a signed JSON object.", reason=ProtocolReason.GARBAGE)
    text = value.strip()
    if text.startswith("{"):
        candidate: bytes = text.encode()
    else:
        parts = text.split(".")
        candidate = b64url_decode(parts[1] if len(parts) == 3 else parts[0])  # noqa: PLR2004  JWS has 3 parts
    try:
        payload = json.loads(candidate)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(
            "A signed object's payload is not JSON.", reason=ProtocolReason.GARBAGE
        ) from exc
    if not isinstance(payload, dict):
        raise ProtocolError(
            "A signed object's payload is not an object.", reason=ProtocolReason.GARBAGE
        )
    return payload


def normalise_type(value: str) -> str:
    """Map "Fingerprint"/"FIR"/"finger" to "Finger"; likewise for iris and face."""
    lowered = value.strip().lower()
    if lowered in {"finger", "fingerprint", "fir"}:
        return "Finger"
    if lowered in {"iris", "iir"}:
        return "Iris"
    if lowered in {"face", "fac"}:
        return "Face"
    if lowered == ANY_DEVICE.lower():
        return ANY_DEVICE
    return value.strip()


def chain_hash(previous_hash: str, bio_value: bytes) -> str:
    """SBI capture hash: ``SHA256(prev || SHA256(bioValue))``, upper-case hex like MockMDS."""
    prev = bytes.fromhex(previous_hash) if previous_hash else hashlib.sha256(b"").digest()
    return hashlib.sha256(prev + hashlib.sha256(bio_value).digest()).hexdigest().upper()


# --- data model -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigitalId:
    serial_no: str = ""
    make: str = ""
    model: str = ""
    type: str = ""
    device_sub_type: str = ""
    device_provider: str = ""
    device_provider_id: str = ""
    date_time: str = ""

    @classmethod
    def parse(cls, value: Any) -> DigitalId:
        """Tolerant: an empty or undecodable digital id yields empty fields."""
        if value is None or value == "":
            return cls()
        try:
            payload = decode_jws_payload(value)
        except ProtocolError:
            log.info("device sent a digital id we cannot decode")
            return cls()
        return cls(
            serial_no=_text(_lookup(payload, "serialNo")),
            make=_text(_lookup(payload, "make")),
            model=_text(_lookup(payload, "model")),
            type=_text(_lookup(payload, "type")),
            device_sub_type=_text(_lookup(payload, "deviceSubType")),
            device_provider=_text(_lookup(payload, "deviceProvider")),
            device_provider_id=_text(_lookup(payload, "deviceProviderId")),
            date_time=_text(_lookup(payload, "dateTime")),
        )


@dataclass(frozen=True, slots=True)
class SbiDevice:
    """One device as a service describes it in MOSIPDISC or MOSIPDINFO."""

    port: int
    device_id: str
    status: str
    certification: str = ""
    service_version: str = ""
    sub_ids: tuple[str, ...] = ()
    callback_id: str = ""
    digital_id: DigitalId = field(default_factory=DigitalId)
    device_code: str = ""
    spec_versions: tuple[str, ...] = ()
    purpose: str = ""
    firmware: str = ""
    env: str = ""
    error_code: str = "0"
    error_info: str = ""

    @property
    def bio_type(self) -> str:
        return normalise_type(self.digital_id.type)

    @classmethod
    def parse(cls, port: int, obj: Mapping[str, Any]) -> SbiDevice:
        error = _lookup(obj, "error")
        code, info = _error_fields(error)
        return cls(
            port=port,
            device_id=_text(_lookup(obj, "deviceId")),
            status=_text(_lookup(obj, "deviceStatus")),
            certification=_text(_lookup(obj, "certification")),
            service_version=_text(_lookup(obj, "serviceVersion")),
            sub_ids=_texts(_lookup(obj, "deviceSubId")),
            callback_id=_text(_lookup(obj, "callbackId")),
            digital_id=DigitalId.parse(_lookup(obj, "digitalId")),
            device_code=_text(_lookup(obj, "deviceCode")),
            spec_versions=_texts(_lookup(obj, "specVersion")),
            purpose=_text(_lookup(obj, "purpose")),
            firmware=_text(_lookup(obj, "firmware")),
            env=_text(_lookup(obj, "env")),
            error_code=code,
            error_info=info,
        )


@dataclass(frozen=True, slots=True)
class BioRequest:
    """One entry of RCAPTURE's ``bio`` array."""

    type: str
    device_id: str
    device_sub_id: str
    bio_sub_types: tuple[str, ...]
    exceptions: tuple[str, ...] = ()
    requested_score: float = 40.0
    #: Hex hash of the previous capture; "" for the first capture of a transaction.
    previous_hash: str = ""

    @property
    def count(self) -> int:
        return max(1, len(self.bio_sub_types))

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "count": self.count,
            "bioSubType": list(self.bio_sub_types),
            "exception": list(self.exceptions),
            # MockMDS parses it with Integer.parseInt: send 40, not 40.0.
            "requestedScore": (
                int(self.requested_score)
                if float(self.requested_score).is_integer()
                else self.requested_score
            ),
            "deviceId": self.device_id,
            "deviceSubId": self.device_sub_id,
            "previousHash": self.previous_hash,
        }


@dataclass(frozen=True, slots=True)
class SbiBiometric:
    """One verified biometric from an RCAPTURE answer."""

    bio_type: str
    bio_sub_type: str
    #: The decoded ``bioValue``: an image file or an ISO 19794 record.
    bio_value: bytes
    quality_score: float | None
    requested_score: float | None
    transaction_id: str
    timestamp: str
    spec_version: str
    hash: str
    #: The hash this one chains from ("" means SHA256 of the empty string).
    previous_hash: str


def _error_fields(error: Any) -> tuple[str, str]:
    if not isinstance(error, dict):
        return "0", ""
    code = _text(_lookup(error, "errorCode")).strip() or "0"
    return code, _text(_lookup(error, "errorInfo"))


# --- images -----------------------------------------------------------------

_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"\x00\x00\x00\x0cjP  \r\n\x87\n",  # JPEG 2000 (JP2)
    b"\xff\x4f\xff\x51",  # JPEG 2000 codestream
)


def _embedded_image(data: bytes) -> bytes:
    """Strip an ISO 19794-4/5/6 record header down to the image it wraps."""
    if data.startswith(_SIGNATURES):
        return data
    offsets = [i for sig in _SIGNATURES if (i := data.find(sig)) > 0]
    return data[min(offsets) :] if offsets else data


def decode_image(data: bytes, *, colour: bool = False) -> NDArray[np.uint8]:
    """Decode a PNG/JPEG/JPEG 2000 image (bare or in an ISO record); grey unless ``colour``."""
    import cv2  # noqa: PLC0415  lazy: OpenCV loads only when an SBI backend decodes
    import numpy as np  # noqa: PLC0415  numpy is cheap but keeps this module import-light

    embedded = _embedded_image(data)
    try:
        check_declared_size(embedded)  # before OpenCV allocates what the header claims
    except ImageTooLarge as exc:
        raise ProtocolError(
            f"The device sent an image declaring {exc.width} x {exc.height} pixels, "
            "more than any capture has.",
            reason=ProtocolReason.GARBAGE,
        ) from None
    buffer = np.frombuffer(embedded, dtype=np.uint8)
    flags = cv2.IMREAD_COLOR if colour else cv2.IMREAD_GRAYSCALE
    image = cv2.imdecode(buffer, flags) if buffer.size else None
    if image is None:
        raise ProtocolError(
            "The device sent an image that does not decode.", reason=ProtocolReason.GARBAGE
        )
    out: NDArray[np.uint8] = np.asarray(image, dtype=np.uint8)
    return out


# --- transport --------------------------------------------------------------


class _StreamEnded(Exception):
    """The service closed the connection between two frames (a clean end)."""


class SbiClient:
    """Talks to one SBI service (one port); stateless, safe to share across threads."""

    def __init__(
        self,
        port: int,
        host: str = DEFAULT_HOST,
        *,
        connect_timeout_s: float = 0.5,
        timeout_s: float = 3.0,
        app_name: str = "FieldKit",
    ) -> None:
        self.port = port
        self.host = host
        self.connect_timeout_s = connect_timeout_s
        self.timeout_s = timeout_s
        self.app_name = app_name

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    # --- JSON verbs --------------------------------------------------------

    def discover(
        self, device_type: str = ANY_DEVICE, timeout_s: float | None = None
    ) -> list[SbiDevice]:
        """MOSIPDISC: the service's devices of ``device_type``."""
        answer = self.call("MOSIPDISC", "/device", {"type": device_type}, timeout_s=timeout_s)
        entries = self._entries(answer, "MOSIPDISC")
        devices = []
        for entry in entries:
            device = SbiDevice.parse(self.port, entry)
            if not device.device_id:
                if device.error_code not in {"0", ""}:
                    raise sbi_error(device.error_code, device.error_info, device=self.address)
                continue
            devices.append(device)
        return devices

    def device_info(self, timeout_s: float | None = None) -> list[SbiDevice]:
        """MOSIPDINFO: the devices with firmware and environment; errors are kept, not raised."""
        answer = self.call("MOSIPDINFO", "/info", None, timeout_s=timeout_s)
        devices = []
        for entry in self._entries(answer, "MOSIPDINFO"):
            raw = _lookup(entry, "deviceInfo")
            if raw is None or raw == "":
                code, info = _error_fields(_lookup(entry, "error"))
                if code not in {"0", ""}:
                    raise sbi_error(code, info, device=self.address)
                continue
            info_obj = dict(decode_jws_payload(raw))
            if _lookup(info_obj, "error") is None and _lookup(entry, "error") is not None:
                info_obj["error"] = _lookup(entry, "error")
            devices.append(SbiDevice.parse(self.port, info_obj))
        return devices

    def rcapture(
        self,
        bio: BioRequest,
        *,
        timeout_s: float,
        cancel: CancelToken | None = None,
        transaction_id: str | None = None,
        env: str = "Staging",
        device_timeout_ms: int | None = None,
        timeout_reason: TimeoutReason = TimeoutReason.NO_RESPONSE,
    ) -> list[SbiBiometric]:
        """RCAPTURE one ``bio`` entry; verify every hash against ``bio.previous_hash``.

        The device is given a little less time than we wait, so that it can
        answer "timed out" (701) itself before our own deadline fires.
        """
        txn = transaction_id or uuid.uuid4().hex
        device_ms = device_timeout_ms or max(100, int(timeout_s * 1000 * 0.85))
        body = {
            "env": env,
            "purpose": "Registration",
            "specVersion": SPEC_VERSION,
            "timeout": device_ms,
            "captureTime": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "transactionId": txn,
            "bio": [bio.to_json()],
            "customOpts": None,
        }
        answer = self.call("RCAPTURE", "/capture", body, timeout_s=timeout_s, cancel=cancel)
        if isinstance(answer, dict) and _lookup(answer, "biometrics") is None:
            code, info = _error_fields(_lookup(answer, "error"))
            raise sbi_error(code if code != "0" else "710", info, device=self.address,
                            timeout_reason=timeout_reason)  # fmt: skip
        entries = _lookup(answer, "biometrics") if isinstance(answer, dict) else answer
        if not isinstance(entries, list) or not entries:
            raise ProtocolError(
                "RCAPTURE answered without biometrics.",
                reason=ProtocolReason.UNEXPECTED_PACKET,
                device=self.address,
            )
        results = []
        previous = bio.previous_hash
        for entry in entries:
            if not isinstance(entry, dict):
                raise ProtocolError(
                    "RCAPTURE biometrics entry is not an object.",
                    reason=ProtocolReason.UNEXPECTED_PACKET,
                    device=self.address,
                )
            result = self._biometric(entry, previous, timeout_reason)
            results.append(result)
            previous = result.hash
        log.info("RCAPTURE on %s returned %d biometric(s)", self.address, len(results))
        return results

    def _biometric(
        self, entry: Mapping[str, Any], previous: str, timeout_reason: TimeoutReason
    ) -> SbiBiometric:
        code, info = _error_fields(_lookup(entry, "error"))
        if code != "0":
            raise sbi_error(code, info, device=self.address, timeout_reason=timeout_reason)
        data = decode_jws_payload(_lookup(entry, "data"))
        raw_value = _lookup(data, "bioValue")
        if not isinstance(raw_value, str) or not raw_value:
            raise ProtocolError(
                "A biometric has no bioValue.",
                reason=ProtocolReason.BAD_LENGTH,
                device=self.address,
            )
        value = b64url_decode(raw_value)
        sent_hash = _text(_lookup(entry, "hash"))
        try:
            expected = chain_hash(previous, value)
        except ValueError as exc:  # our previous hash was not hex: a bug upstream
            raise ValueError(f"previousHash {previous!r} is not hex") from exc
        if sent_hash.upper() != expected:
            raise ProtocolError(
                "The biometric's hash does not follow the previous capture (tampered or "
                "out-of-order data).",
                reason=ProtocolReason.CHECKSUM,
                device=self.address,
            )
        return SbiBiometric(
            bio_type=normalise_type(_text(_lookup(data, "bioType"))),
            bio_sub_type=_text(_lookup(data, "bioSubType")),
            bio_value=value,
            quality_score=_number(_lookup(data, "qualityScore")),
            requested_score=_number(_lookup(data, "requestedScore")),
            transaction_id=_text(_lookup(data, "transactionId", "registrationId")),
            timestamp=_text(_lookup(data, "timestamp")),
            spec_version=_text(_lookup(entry, "specVersion")),
            hash=expected,
            previous_hash=previous,
        )

    def _entries(self, answer: Any, verb: str) -> list[dict[str, Any]]:
        if isinstance(answer, dict):
            answer = [answer]
        if not isinstance(answer, list) or not all(isinstance(e, dict) for e in answer):
            raise ProtocolError(
                f"{verb} answer is not a list of objects.",
                reason=ProtocolReason.UNEXPECTED_PACKET,
                device=self.address,
            )
        return answer

    # --- HTTP --------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        payload: Any,
        *,
        timeout_s: float | None = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        """One JSON request/answer under a single deadline; the parsed JSON answer."""
        body = self.exchange(method, path, payload, timeout_s=timeout_s, cancel=cancel)
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ProtocolError(
                f"{method} answer is not valid JSON ({len(body)} bytes).",
                reason=ProtocolReason.GARBAGE,
                device=self.address,
            ) from exc

    def exchange(
        self,
        method: str,
        path: str,
        payload: Any,
        *,
        timeout_s: float | None = None,
        cancel: CancelToken | None = None,
    ) -> bytes:
        """Send ``payload`` as JSON; return the 200 answer's body bytes."""
        deadline = Deadline(self.timeout_s if timeout_s is None else timeout_s)
        data = None if payload is None else json.dumps(payload).encode()
        conn = http.client.HTTPConnection(
            self.host, self.port, timeout=self._connect_timeout(deadline)
        )
        response: http.client.HTTPResponse | None = None
        try:
            self._connect(conn)
            sock = conn.sock
            if not isinstance(sock, socket.socket):  # pragma: no cover  connect() sets it
                raise DeviceUnavailable("No socket after connect.", reason=DeviceReason.NO_SERVICE)
            sock.settimeout(max(deadline.remaining(), 0.001))
            headers = {"EXT": self.app_name, "Connection": "close", "Accept": "application/json"}
            if data is not None:
                headers["Content-Type"] = "application/json"
            try:
                conn.request(method, path, body=data, headers=headers)
            except TimeoutError as exc:
                raise self._timeout(method) from exc
            except OSError as exc:
                raise self._dropped(method, exc) from exc
            _wait_readable(sock, deadline, cancel, lambda: self._timeout(method))
            sock.settimeout(max(deadline.remaining(), 0.001))
            response = self._response(conn, method)
            body = self._read_body(response, sock, deadline, method)
        finally:
            if response is not None:
                response.close()
            conn.close()
        if response.status != http.client.OK:
            raise self._http_error(method, response.status, body)
        return body

    def _connect_timeout(self, deadline: Deadline) -> float:
        return max(0.001, min(self.connect_timeout_s, deadline.remaining()))

    def _connect(self, conn: http.client.HTTPConnection) -> None:
        try:
            conn.connect()
        except ConnectionRefusedError as exc:
            raise DeviceUnavailable(
                f"No SBI device service is listening on {self.address}.",
                reason=DeviceReason.NO_SERVICE,
                device=self.address,
            ) from exc
        except TimeoutError as exc:
            raise DeviceUnavailable(
                f"The SBI device service on {self.address} did not accept a connection in time.",
                reason=DeviceReason.NO_SERVICE,
                device=self.address,
            ) from exc
        except OSError as exc:
            raise DeviceUnavailable(
                f"Cannot connect to {self.address}: {exc.strerror or exc}",
                reason=DeviceReason.NO_SERVICE,
                device=self.address,
            ) from exc

    def _response(self, conn: http.client.HTTPConnection, method: str) -> http.client.HTTPResponse:
        try:
            return conn.getresponse()
        except TimeoutError as exc:
            raise self._timeout(method) from exc
        except http.client.RemoteDisconnected as exc:
            raise self._dropped(method, exc) from exc
        except ConnectionError as exc:
            raise self._dropped(method, exc) from exc
        except (http.client.HTTPException, ValueError) as exc:
            raise ProtocolError(
                f"{method}: the answer is not HTTP ({type(exc).__name__}).",
                reason=ProtocolReason.GARBAGE,
                device=self.address,
            ) from exc

    def _read_body(
        self,
        response: http.client.HTTPResponse,
        sock: socket.socket,
        deadline: Deadline,
        method: str,
    ) -> bytes:
        expected = response.length
        chunks: list[bytes] = []
        received = 0
        while True:
            if deadline.expired:
                raise self._timeout(method)
            if response.isclosed():
                # The whole body is in: the response has closed the socket, and a closed
                # socket refuses settimeout (EBADF; WSAENOTSOCK on Windows).
                break
            sock.settimeout(max(deadline.remaining(), 0.001))
            try:
                chunk = response.read1(65536)
            except TimeoutError as exc:
                raise self._timeout(method) from exc
            except (http.client.IncompleteRead, ConnectionError) as exc:
                raise self._truncated(method, received) from exc
            except (http.client.HTTPException, ValueError) as exc:
                raise ProtocolError(
                    f"{method}: malformed HTTP body framing.",
                    reason=ProtocolReason.GARBAGE,
                    device=self.address,
                ) from exc
            if not chunk:
                break
            chunks.append(chunk)
            received += len(chunk)
            if received > _MAX_BODY:
                raise ProtocolError(
                    f"{method}: answer larger than {_MAX_BODY} bytes.",
                    reason=ProtocolReason.BAD_LENGTH,
                    device=self.address,
                )
        if expected is not None and received < expected:
            raise self._truncated(method, received)
        return b"".join(chunks)

    def _http_error(self, method: str, status: int, body: bytes) -> DriverError:
        code, info = "", ""
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            parsed = json.loads(body)
            first = parsed[0] if isinstance(parsed, list) and parsed else parsed
            if isinstance(first, dict):
                code, info = _error_fields(_lookup(first, "error"))
        detail = (
            f" (SBI error {code}: {SBI_ERROR_TEXT.get(code, info)})"
            if code not in {"", "0"}
            else ""
        )
        return SbiDeviceError(
            f"{method}: the device service answered HTTP {status}{detail}.",
            sbi_code="" if code == "0" else code,
            http_status=status,
            device=self.address,
        )

    def _timeout(self, method: str) -> DeviceTimeout:
        return DeviceTimeout(
            f"The SBI device service on {self.address} did not answer {method} in time.",
            reason=TimeoutReason.NO_RESPONSE,
            device=self.address,
        )

    def _dropped(self, method: str, exc: BaseException) -> DeviceUnavailable:
        log.info("%s on %s: connection dropped (%s)", method, self.address, type(exc).__name__)
        return DeviceUnavailable(
            f"The SBI device service on {self.address} closed the connection without answering "
            f"{method}.",
            reason=DeviceReason.SERVICE_STOPPED,
            device=self.address,
        )

    def _truncated(self, method: str, received: int) -> ProtocolError:
        return ProtocolError(
            f"The {method} answer was cut off after {received} bytes.",
            reason=ProtocolReason.TRUNCATED,
            device=self.address,
        )

    # --- STREAM ------------------------------------------------------------

    def stream(
        self,
        device_id: str,
        device_sub_id: str,
        *,
        cancel: CancelToken | None = None,
        frame_timeout_s: float = 3.0,
        duration_ms: int = 0,
    ) -> Iterator[bytes]:
        """STREAM: yield each JPEG part until cancelled or the service ends the stream.

        ``frame_timeout_s`` bounds the wait for the answer and for every frame.
        A clean close between frames ends the iteration; a close inside a part
        raises ``ProtocolError(TRUNCATED)``.
        """
        token = cancel or CancelToken()
        deadline = Deadline(frame_timeout_s)
        body = json.dumps(
            {"deviceId": device_id, "deviceSubId": device_sub_id, "timeout": duration_ms}
        ).encode()
        head = (
            f"STREAM /stream HTTP/1.1\r\nHost: {self.address}\r\nEXT: {self.app_name}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        try:
            sock = socket.create_connection(
                (self.host, self.port), timeout=self._connect_timeout(deadline)
            )
        except ConnectionRefusedError as exc:
            raise DeviceUnavailable(
                f"No SBI device service is listening on {self.address}.",
                reason=DeviceReason.NO_SERVICE,
                device=self.address,
            ) from exc
        except OSError as exc:
            raise DeviceUnavailable(
                f"Cannot connect to {self.address} for STREAM: {exc}",
                reason=DeviceReason.NO_SERVICE,
                device=self.address,
            ) from exc
        with contextlib.closing(sock):
            try:
                sock.settimeout(max(deadline.remaining(), 0.001))
                sock.sendall(head + body)
            except TimeoutError as exc:
                raise self._timeout("STREAM") from exc
            except OSError as exc:
                raise self._dropped("STREAM", exc) from exc
            reader = _SocketReader(sock, token, self)
            try:
                yield from self._stream_parts(reader, frame_timeout_s)
            except _StreamCancelled:
                return
            except _StreamEnded:
                log.info("STREAM on %s ended by the service", self.address)
                return

    def _stream_parts(self, reader: _SocketReader, frame_timeout_s: float) -> Iterator[bytes]:
        deadline = Deadline(frame_timeout_s)
        status, headers = reader.read_head(deadline)
        content_type = headers.get("content-type", "")
        if status != http.client.OK or "multipart" not in content_type.lower():
            body = reader.read_body(headers, deadline)
            if status != http.client.OK:
                raise self._http_error("STREAM", status, body)
            raise self._stream_refusal(body, content_type)
        boundary = _boundary(content_type)
        if not boundary:
            raise ProtocolError(
                "STREAM multipart answer has no boundary.",
                reason=ProtocolReason.GARBAGE,
                device=self.address,
            )
        while True:
            deadline = Deadline(frame_timeout_s)
            yield reader.read_part(boundary, deadline)

    def _stream_refusal(self, body: bytes, content_type: str) -> DriverError:
        """A JSON answer instead of a stream: the service refused (busy, not ready, ...)."""
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return ProtocolError(
                f"STREAM answered {content_type or 'no content type'}, not a multipart stream.",
                reason=ProtocolReason.GARBAGE,
                device=self.address,
            )
        first = parsed[0] if isinstance(parsed, list) and parsed else parsed
        code, info = _error_fields(_lookup(first, "error") if isinstance(first, dict) else None)
        if code != "0":
            return sbi_error(code, info, device=self.address)
        return ProtocolError(
            "STREAM answered JSON instead of frames.",
            reason=ProtocolReason.UNEXPECTED_PACKET,
            device=self.address,
        )


class _StreamCancelled(Exception):
    """Internal: the preview's cancel token fired while waiting for bytes."""


def _wait_readable(
    sock: socket.socket,
    deadline: Deadline,
    cancel: CancelToken | None,
    on_timeout: Callable[[], DriverError],
) -> None:
    """Wait for the first answer byte in short slices, honouring ``cancel``."""
    while True:
        if cancel is not None and cancel.cancelled:
            raise CaptureCancelled
        remaining = deadline.remaining()
        if remaining <= 0:
            raise on_timeout()
        readable, _, _ = select.select([sock], [], [], min(_POLL_S, remaining))
        if readable:
            return


def _boundary(content_type: str) -> bytes:
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "boundary":
            return value.strip().strip('"').encode("latin-1")
    return b""


class _SocketReader:
    """Incremental reader over a raw socket with per-call deadlines and cancel."""

    def __init__(self, sock: socket.socket, cancel: CancelToken, client: SbiClient) -> None:
        self._sock = sock
        self._cancel = cancel
        self._client = client
        self._buf = bytearray()

    def _fill(self, deadline: Deadline) -> bool:
        """Read more bytes; False at end of stream."""
        while True:
            if self._cancel.cancelled:
                raise _StreamCancelled
            remaining = deadline.remaining()
            if remaining <= 0:
                raise self._client._timeout("STREAM")  # noqa: SLF001  same module, one error text
            self._sock.settimeout(min(_POLL_S, remaining))
            try:
                data = self._sock.recv(65536)
            except TimeoutError:
                continue
            except ConnectionError:
                return False
            if not data:
                return False
            self._buf += data
            return True

    def _until(self, marker: bytes, deadline: Deadline, limit: int) -> bytes | None:
        """Bytes before ``marker`` (consumed with it); None at end of stream."""
        start = 0
        while True:
            index = self._buf.find(marker, start)
            if index >= 0:
                out = bytes(self._buf[:index])
                del self._buf[: index + len(marker)]
                return out
            if len(self._buf) > limit:
                raise ProtocolError(
                    "STREAM: no delimiter where one was expected.",
                    reason=ProtocolReason.GARBAGE,
                    device=self._client.address,
                )
            start = max(0, len(self._buf) - len(marker) + 1)
            if not self._fill(deadline):
                return None

    def _exact(self, size: int, deadline: Deadline) -> bytes | None:
        while len(self._buf) < size:
            if not self._fill(deadline):
                return None
        out = bytes(self._buf[:size])
        del self._buf[:size]
        return out

    def read_head(self, deadline: Deadline) -> tuple[int, dict[str, str]]:
        head = self._until(b"\r\n\r\n", deadline, _MAX_HEAD)
        if head is None:
            if self._buf:
                raise self._client._truncated("STREAM", len(self._buf))  # noqa: SLF001
            raise self._client._dropped("STREAM", ConnectionResetError())  # noqa: SLF001
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():  # noqa: PLR2004  "HTTP/1.1 200"
            raise ProtocolError(
                "STREAM answer is not HTTP.",
                reason=ProtocolReason.GARBAGE,
                device=self._client.address,
            )
        return int(parts[1]), _headers(lines[1:])

    def read_body(self, headers: Mapping[str, str], deadline: Deadline) -> bytes:
        length = headers.get("content-length", "")
        if length.isdigit():
            body = self._exact(int(length), deadline)
            if body is None:
                raise self._client._truncated("STREAM", len(self._buf))  # noqa: SLF001
            return body
        while self._fill(deadline):
            if len(self._buf) > _MAX_HEAD:
                break
        return bytes(self._buf)

    def read_part(self, boundary: bytes, deadline: Deadline) -> bytes:
        # Skip to the boundary token; "--token" lines contain it either way.
        preamble = self._until(boundary, deadline, _MAX_FRAME)
        if preamble is None:
            if self._buf.strip():
                raise self._client._truncated("STREAM", len(self._buf))  # noqa: SLF001
            raise _StreamEnded
        rest = self._until(b"\r\n", deadline, _MAX_HEAD)
        if rest is None:
            raise _StreamEnded
        if rest.startswith(b"--"):  # closing delimiter
            raise _StreamEnded
        raw_headers = (
            self._until(b"\r\n\r\n", deadline, _MAX_HEAD)
            if not self._buf.startswith(b"\r\n")
            else self._consume_blank()
        )
        if raw_headers is None:
            raise self._client._truncated("STREAM", len(self._buf))  # noqa: SLF001
        headers = _headers(raw_headers.decode("latin-1").split("\r\n"))
        length = headers.get("content-length", "").strip()
        if length.isdigit():
            size = int(length)
            if size > _MAX_FRAME:
                raise ProtocolError(
                    f"STREAM frame of {size} bytes is too large.",
                    reason=ProtocolReason.BAD_LENGTH,
                    device=self._client.address,
                )
            frame = self._exact(size, deadline)
        else:
            frame = self._until(boundary, deadline, _MAX_FRAME)
            if frame is not None:
                self._buf[:0] = boundary  # leave the delimiter for the next part
                frame = frame.removesuffix(b"--").removesuffix(b"\r\n").removesuffix(b"\r\n")
        if frame is None:
            raise self._client._truncated("STREAM", len(self._buf))  # noqa: SLF001
        return frame

    def _consume_blank(self) -> bytes:
        del self._buf[:2]
        return b""


def _headers(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return headers
