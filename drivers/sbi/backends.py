"""MOSIP SBI backends: fingerprint slap scanner, iris camera, face camera.

Most certified registration devices sold for MOSIP-based programmes ship an
SBI device service rather than a raw SDK, so one backend per modality covers
every vendor.  Each backend finds its service (``drivers.sbi.discovery``, last
known port first), previews with STREAM and captures with RCAPTURE.

Positions (``CaptureRequest.position``):

* fingerprint: ANSI/NIST codes "13" right slap, "14" left slap, "15" both
  thumbs, "1".."10" single fingers (captured on the matching slap sub-device);
  "right", "left", "thumbs" are accepted too;
* iris: "left", "right" or "both" (the default);
* face: ignored.

Chaining: the request's ``CaptureChain`` head is sent as SBI ``previousHash``
(nothing for the first capture, as the spec asks), the device's hashes are
verified against it, then ``build_result`` appends the capture to our chain
with the SBI hash in the link's metadata, so the device's chain and ours are
anchored to each other.

Images: fingerprints and iris come back 8-bit grey; the face comes back BGR
(H x W x 3) because the KTP-el background colour check needs colour.
"""

from __future__ import annotations

import dataclasses
import logging
import statistics
import threading
import time
import uuid
from typing import TYPE_CHECKING, ClassVar

from drivers.base import (
    CancelToken,
    CaptureRequest,
    CaptureResult,
    DeviceInfo,
    DeviceState,
    DeviceStatus,
    Frame,
    HealthCheck,
    HealthCheckBuilder,
    ImageDevice,
    StatusReason,
    build_result,
    utcnow,
)
from drivers.errors import (
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    TimeoutReason,
)
from drivers.interfaces import FaceCamera, FingerprintScanner, IrisCamera
from drivers.sbi.client import (
    DEFAULT_HOST,
    BioRequest,
    SbiBiometric,
    SbiClient,
    SbiDevice,
    decode_image,
)
from drivers.sbi.discovery import discover_sbi

if TYPE_CHECKING:
    from collections.abc import Generator, Sequence

log = logging.getLogger(__name__)

_MAX_EMPTY_STREAMS = 3

#: ANSI/NIST finger position -> SBI 1.0 bioSubType.
FINGER_NAMES: dict[str, str] = {
    "1": "Right Thumb",
    "2": "Right IndexFinger",
    "3": "Right MiddleFinger",
    "4": "Right RingFinger",
    "5": "Right LittleFinger",
    "6": "Left Thumb",
    "7": "Left IndexFinger",
    "8": "Left MiddleFinger",
    "9": "Left RingFinger",
    "10": "Left LittleFinger",
}
_NAME_TO_POSITION = {name.lower(): code for code, name in FINGER_NAMES.items()}
#: Slap sub-devices (SBI deviceSubId): 1 left four, 2 right four, 3 two thumbs.
SLAPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "14": ("1", ("7", "8", "9", "10")),
    "13": ("2", ("2", "3", "4", "5")),
    "15": ("3", ("6", "1")),
}
_SLAP_ALIASES = {"left": "14", "left_slap": "14", "right": "13", "right_slap": "13",
                 "thumbs": "15", "two_thumbs": "15"}  # fmt: skip
_IRIS: dict[str, tuple[str, tuple[str, ...]]] = {
    "left": ("1", ("Left",)),
    "right": ("2", ("Right",)),
    "both": ("3", ("Left", "Right")),
}


#: How long a health check waits for its one preview frame.  It asks whether the device
#: works, not how fast: a cold device service (or the installed app's self-test under Wine
#: beside a test run) took longer than a live preview's 3 s for its first frame, and the
#: self-test failed; a service that never answers still fails, after this long.
HEALTH_CHECK_FRAME_TIMEOUT_S = 20.0


class _SbiBackend(ImageDevice):
    """Shared SBI plumbing; the modality classes only say what to ask for."""

    backend_name: ClassVar[str] = "sbi"
    #: SBI discovery/capture ``type``.
    sbi_type: ClassVar[str]
    colour: ClassVar[bool] = False
    #: MOSIP's default thresholds (finger 40, iris 60, face 9 on its scale).
    default_requested_score: ClassVar[float] = 40.0
    #: What the device says when nothing was presented (SBI 701).
    no_subject_reason: ClassVar[TimeoutReason] = TimeoutReason.NO_SUBJECT

    def __init__(
        self,
        port: int | str | None = None,
        *,
        host: str = DEFAULT_HOST,
        last_known_port: int | None = None,
        device_id: str | None = None,
        connect_timeout_s: float = 0.5,
        timeout_s: float = 3.0,
        frame_timeout_s: float = 3.0,
        requested_score: float | None = None,
        env: str = "Staging",
    ) -> None:
        """``port`` None means discover (trying ``last_known_port`` first) on open.

        A port may come as text (``devices.json``'s options, discovery's address).
        """
        self.port = int(port) if port is not None else None
        self.host = host
        self._last_known_port = last_known_port
        self._wanted_device_id = device_id
        self._connect_timeout_s = connect_timeout_s
        self._timeout_s = timeout_s
        self._frame_timeout_s = frame_timeout_s
        self.requested_score = requested_score or self.default_requested_score
        self._env = env
        self._client: SbiClient | None = None
        self._device: SbiDevice | None = None
        self._lock = threading.Lock()

    # --- lifecycle -------------------------------------------------------

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}" if self.port is not None else f"{self.host}:4501-4600"

    def open(self) -> None:
        if self._client is not None:
            return
        port = self.port
        if port is None:
            found = discover_sbi(
                self.sbi_type, last_known_port=self._last_known_port, host=self.host
            )
            if found.port is None:
                raise DeviceUnavailable(
                    f"No MOSIP SBI {self.sbi_type} device service found on {self.address}.",
                    reason=DeviceReason.NOT_FOUND,
                    device=self.address,
                )
            port = found.port
        client = SbiClient(
            port, self.host, connect_timeout_s=self._connect_timeout_s, timeout_s=self._timeout_s
        )
        devices = [d for d in client.discover(self.sbi_type) if d.bio_type == self.sbi_type]
        if self._wanted_device_id is not None:
            devices = [d for d in devices if d.device_id == self._wanted_device_id]
        if not devices:
            raise DeviceUnavailable(
                f"The SBI service on {client.address} has no {self.sbi_type} device.",
                reason=DeviceReason.NOT_FOUND,
                device=client.address,
            )
        device = devices[0]
        infos = [d for d in client.device_info() if d.device_id == device.device_id]
        if infos and infos[0].firmware:
            info = infos[0]
            device = dataclasses.replace(device, firmware=info.firmware, env=info.env)
        self.port = port
        self._client = client
        self._device = device
        log.info("opened SBI %s device %s on %s", self.sbi_type, device.device_id, client.address)

    def close(self) -> None:
        if self._client is not None:
            log.info("closed SBI %s device on %s", self.sbi_type, self._client.address)
        self._client = None
        self._device = None

    def _session(self) -> tuple[SbiClient, SbiDevice]:
        if self._client is None or self._device is None:
            raise DeviceUnavailable(
                f"The SBI {self.sbi_type} device is not open.", reason=DeviceReason.NOT_OPEN
            )
        return self._client, self._device

    # --- Device ----------------------------------------------------------

    def info(self) -> DeviceInfo:
        device = self._device
        digital = device.digital_id if device else None
        capabilities = {"stream", "rcapture", "hash_chain"}
        if device:
            capabilities |= {f"sbi_spec:{v}" for v in device.spec_versions}
            capabilities.add(f"certification:{device.certification or 'unknown'}")
        return DeviceInfo(
            modality=self.modality,
            vendor=digital.make if digital else "",
            model=digital.model if digital else "",
            serial=digital.serial_no if digital else "",
            firmware=(device.firmware or device.service_version) if device else "",
            backend=self.backend_name,
            capabilities=frozenset(capabilities),
            address=f"{self.address} device {device.device_id}" if device else self.address,
        )

    def status(self) -> DeviceStatus:
        if self._client is None or self._device is None:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_OPEN)
        if self._lock.locked():
            return DeviceStatus(DeviceState.BUSY, StatusReason.CAPTURING)
        return self._poll_status(self._client, self._device)

    def _poll_status(self, client: SbiClient, device: SbiDevice) -> DeviceStatus:
        try:
            infos = client.device_info(timeout_s=min(1.0, self._timeout_s))
        except DeviceUnavailable as exc:
            return DeviceStatus.failed(DeviceState.DISCONNECTED, exc)
        except DeviceTimeout:
            return DeviceStatus(DeviceState.DISCONNECTED, StatusReason.SERVICE_SILENT)
        except DriverError as exc:
            return DeviceStatus.failed(DeviceState.ERROR, exc)
        mine = [d for d in infos if d.device_id == device.device_id]
        if not mine:
            return DeviceStatus(DeviceState.DISCONNECTED, StatusReason.NOT_LISTED)
        return _status_of(mine[0].status)

    def health_check(self) -> HealthCheck:
        checks = HealthCheckBuilder()
        opened_here = self._client is None
        try:
            if opened_here:
                self.open()
            client, device = self._session()
            checks.add("service", ok=True, detail=client.address)
            checks.add(
                "device",
                ok=device.purpose in {"", "Registration"},
                detail=f"{device.digital_id.make} {device.digital_id.model} "
                f"({device.certification or '?'}, purpose {device.purpose or 'unset'})",
            )
            status = self.status()
            if checks.add("status", ok=status.ready, detail=status.reason):
                checks.add("preview", ok=True, detail=self._one_frame())
        except DriverError as exc:
            checks.add("service", ok=False, detail=exc.message)
        finally:
            if opened_here:
                self.close()
        return checks.finish(self.info())

    def _one_frame(self) -> str:
        cancel = CancelToken()
        frames = self.stream(
            cancel, frame_timeout_s=max(self._frame_timeout_s, HEALTH_CHECK_FRAME_TIMEOUT_S)
        )
        try:
            frame = next(frames)
        finally:
            cancel.cancel()
            frames.close()
        height, width = frame.image.shape[:2]
        return f"{width}x{height} frame"

    # --- preview ---------------------------------------------------------

    def stream_sub_id(self, position: str) -> str:
        """The deviceSubId to preview for ``position``."""
        return self._plan(position)[0]

    def stream(
        self,
        cancel: CancelToken | None = None,
        *,
        position: str = "",
        frame_timeout_s: float | None = None,
    ) -> Generator[Frame, None, None]:
        """STREAM preview; reconnects if the service ends a stream, as MOSIP's mock does.

        ``frame_timeout_s`` overrides the device's own bound on each frame (the self-test's
        one frame waits longer than a live preview may).
        """
        client, device = self._session()
        token = cancel or CancelToken()
        sub_id = self.stream_sub_id(position)
        patience = self._frame_timeout_s if frame_timeout_s is None else frame_timeout_s
        sequence = 0
        empty_streams = 0
        while not token.cancelled:
            got = 0
            for jpeg in client.stream(
                device.device_id, sub_id, cancel=token, frame_timeout_s=patience
            ):
                image = decode_image(jpeg, colour=self.colour)
                got += 1
                yield Frame(
                    image=image,
                    sequence=sequence,
                    timestamp=time.monotonic(),
                    hints={"device_sub_id": sub_id, "source": "sbi"},
                )
                sequence += 1
                if token.cancelled:
                    return
            empty_streams = 0 if got else empty_streams + 1
            if empty_streams >= _MAX_EMPTY_STREAMS:
                raise DeviceUnavailable(
                    "The SBI device service keeps ending the preview without frames.",
                    reason=DeviceReason.SERVICE_STOPPED,
                    device=client.address,
                )

    # --- capture ---------------------------------------------------------

    def _plan(self, position: str) -> tuple[str, tuple[str, ...]]:
        """(deviceSubId, bioSubTypes) for a position."""
        raise NotImplementedError

    def _exception_names(self, exceptions: Sequence[str]) -> tuple[str, ...]:
        return tuple(exceptions)

    def capture(self, request: CaptureRequest) -> CaptureResult:
        """RCAPTURE; ``request.exceptions`` are missing fingers/eyes (ANSI codes or SBI names)."""
        client, device = self._session()
        started_at = utcnow()
        sub_id, sub_types = self._plan(request.position)
        excluded = self._exception_names(request.exceptions)
        wanted = tuple(s for s in sub_types if s not in excluded)
        if sub_types and not wanted:
            raise ValueError(f"every part of position {request.position!r} is an exception")
        chain = request.chain
        previous = chain.head if chain is not None and len(chain) else ""
        requested_score = (
            self.requested_score if request.requested_score is None else request.requested_score
        )
        bio = BioRequest(
            type=self.sbi_type,
            device_id=device.device_id,
            device_sub_id=sub_id,
            bio_sub_types=wanted,
            exceptions=tuple(s for s in excluded if s in sub_types),
            requested_score=requested_score,
            previous_hash=previous,
        )
        transaction_id = uuid.uuid4().hex
        if not self._lock.acquire(timeout=max(0.0, request.timeout_s)):
            raise DeviceUnavailable(
                "Another capture is running on this device.",
                reason=DeviceReason.BUSY,
                device=client.address,
            )
        try:
            biometrics = client.rcapture(
                bio,
                timeout_s=request.timeout_s,
                cancel=request.cancel,
                transaction_id=transaction_id,
                env=self._env,
                timeout_reason=self.no_subject_reason,
            )
        finally:
            self._lock.release()
        ordered = _order(biometrics, wanted)
        images = tuple(decode_image(b.bio_value, colour=self.colour) for b in ordered)
        scores = [b.quality_score for b in ordered if b.quality_score is not None]
        metadata = {
            "sbi_device_id": device.device_id,
            "sbi_device_sub_id": sub_id,
            "sbi_transaction_id": transaction_id,
            "sbi_spec_version": ordered[0].spec_version,
            "sbi_previous_hash": previous,
            "sbi_hash": ordered[-1].hash,
            "sbi_hashes": ",".join(b.hash for b in ordered),
            "bio_sub_types": ",".join(b.bio_sub_type for b in ordered),
            # The interface's names for the same parts, so callers need no SBI vocabulary.
            "parts": ",".join(_part_name(b.bio_sub_type) for b in ordered),
            "exceptions": ",".join(bio.exceptions),
            "quality_scores": ",".join(_score(b.quality_score) for b in ordered),
            "quality_score": _score(statistics.fmean(scores) if scores else None),
            # What the device says it waited for (SBI echoes it), else what was asked.
            "requested_score": _score(
                echoed if (echoed := ordered[0].requested_score) is not None else requested_score
            ),
        }
        return build_result(self, request, started_at=started_at, images=images, metadata=metadata)


def _part_name(bio_sub_type: str) -> str:
    """An SBI sub type as the interface names parts: a finger's ANSI/NIST code, or an eye."""
    key = bio_sub_type.strip().lower()
    return _NAME_TO_POSITION.get(key, key)


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _order(biometrics: list[SbiBiometric], wanted: tuple[str, ...]) -> list[SbiBiometric]:
    """Return biometrics in the order asked for (devices may answer in any order)."""
    if not wanted or len(biometrics) != len(wanted):
        return biometrics
    rank = {name.lower(): i for i, name in enumerate(wanted)}
    if any(b.bio_sub_type.lower() not in rank for b in biometrics):
        return biometrics
    return sorted(biometrics, key=lambda b: rank[b.bio_sub_type.lower()])


def _status_of(text: str) -> DeviceStatus:
    lowered = text.strip().lower()
    if lowered == "ready":
        return DeviceStatus(DeviceState.READY, StatusReason.READY)
    if lowered == "busy":
        return DeviceStatus(DeviceState.BUSY, StatusReason.SERVICE_BUSY)
    if lowered == "not registered":
        return DeviceStatus(DeviceState.ERROR, StatusReason.NOT_REGISTERED)
    return DeviceStatus(
        DeviceState.NOT_READY, StatusReason.SERVICE_REPORTS, detail=text.strip() or "-"
    )


class SbiFingerprintScanner(_SbiBackend, FingerprintScanner):
    sbi_type: ClassVar[str] = "Finger"
    #: MOSIP's enrollment-grade finger devices are slap scanners (4-4-2).
    takes_slaps: ClassVar[bool] = True
    default_requested_score: ClassVar[float] = 40.0
    no_subject_reason: ClassVar[TimeoutReason] = TimeoutReason.NO_FINGER

    def _plan(self, position: str) -> tuple[str, tuple[str, ...]]:
        key = position.strip().lower() or "13"
        key = _SLAP_ALIASES.get(key, _NAME_TO_POSITION.get(key, key))
        if key in SLAPS:
            sub_id, fingers = SLAPS[key]
            return sub_id, tuple(FINGER_NAMES[f] for f in fingers)
        if key in FINGER_NAMES:
            slap = "15" if key in {"1", "6"} else ("13" if int(key) <= 5 else "14")  # noqa: PLR2004  right hand 1-5
            return SLAPS[slap][0], (FINGER_NAMES[key],)
        raise ValueError(f"unknown fingerprint position {position!r}")

    def _exception_names(self, exceptions: Sequence[str]) -> tuple[str, ...]:
        names = []
        for item in exceptions:
            key = item.strip()
            names.append(FINGER_NAMES.get(key, key))
        return tuple(names)


class SbiIrisCamera(_SbiBackend, IrisCamera):
    sbi_type: ClassVar[str] = "Iris"
    #: MOSIP's registration iris devices are dual-iris cameras ("both" is one capture).
    eyes_per_capture: ClassVar[int] = 2
    default_requested_score: ClassVar[float] = 60.0

    def _plan(self, position: str) -> tuple[str, tuple[str, ...]]:
        key = position.strip().lower() or "both"
        if key not in _IRIS:
            raise ValueError(f"unknown iris position {position!r} (left, right or both)")
        return _IRIS[key]

    def _exception_names(self, exceptions: Sequence[str]) -> tuple[str, ...]:
        return tuple(e.strip().capitalize() for e in exceptions)


class SbiFaceCamera(_SbiBackend, FaceCamera):
    sbi_type: ClassVar[str] = "Face"
    colour: ClassVar[bool] = True
    default_requested_score: ClassVar[float] = 9.0

    def _plan(self, position: str) -> tuple[str, tuple[str, ...]]:  # noqa: ARG002  face has one position
        device = self._device
        sub_id = device.sub_ids[0] if device and device.sub_ids else "0"
        return sub_id, ()


__all__ = [
    "FINGER_NAMES",
    "SLAPS",
    "SbiFaceCamera",
    "SbiFingerprintScanner",
    "SbiIrisCamera",
]
