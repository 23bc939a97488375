"""MOSIP SBI device-service simulator: training mode for slap, iris and face devices.

A real HTTP service on 127.0.0.1 that speaks the same SBI verbs as a vendor's
device service (see ``drivers.sbi.client`` for the spec and fields), so the
``sbi`` backends, MOSIP's own registration client or any SBI tool can use it.
It serves synthetic biometrics with real structure: ridge-structured prints
(``drivers.fingerprint.synth``), textured irises and Haar-detectable faces on
the KTP-el red/blue background (``drivers.sbi.images``).

Like MOSIP's mock device service it has admin endpoints (``POST``, JSON body;
all answer ``{"errorCode": "0", "errorInfo": "Success"}``):

* ``/admin/score``      ``{"qualityScore": 55}`` quality reported (0-100);
  below 40 the images are degraded too.  Alias ``/admin/quality``.
* ``/admin/delay``      ``{"delay": 800, "method": ["RCAPTURE"]}`` answer
  delay in ms for the given verbs (all verbs if none given).
* ``/admin/status``     ``{"deviceStatus": "Busy"}`` (Ready, Busy, Not Ready,
  Not Registered); ``/admin/busy`` ``{"busy": true}`` is a shortcut.
* ``/admin/disconnect`` ``{"disconnect": true}`` resets every SBI connection,
  as a service whose device was pulled out mid-session.
* ``/admin/fault``      ``{"fault": "hang", "count": 1, "method": "RCAPTURE"}``
  for the next answer(s): ``malformed_json``, ``http_500``, ``hang``,
  ``drop`` (half the body, then reset), ``reset``, ``stream_cut`` (a frame
  cut mid-JPEG), ``bad_hash``; ``"none"`` clears the queue.
* ``/admin/profile``    any of ``qualityScore``, ``delay``, ``deviceStatus``,
  ``captureDelay`` (ms to "place the finger"), ``background``, ``seed``,
  ``fps``, ``subject`` at once.  ``GET /admin/state`` shows the current settings.
* ``/admin/subject``  ``{"subject": 12}`` the simulated person in front of the device
  (``null``: back to ``seed``'s fixed images).

With a ``subject`` every capture is that person's, taken afresh: their ten fingers
(``drivers.fingerprint.synth.capture_finger``), their two irises and their face, each
moved, turned and lit a little differently, so no two captures are byte-identical and a
matcher finds the same person again.  Without one the service serves ``seed``'s images,
the same bytes every time, as it always did.

Run it on its own; the first stdout line is the bound port::

    python -m drivers.sbi.sim --port 4501 --type Finger --subject 12
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import enum
import functools
import hashlib
import http.server
import json
import logging
import socket
import struct
import sys
import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Self

import cv2
import numpy as np

from drivers.cable import SimCable
from drivers.fingerprint.synth import ImageQuality, warm_masters
from drivers.sbi.client import (
    ANY_DEVICE,
    SBI_ERROR_TEXT,
    SBI_PORTS,
    SPEC_VERSION,
    b64url_decode,
    b64url_encode,
    chain_hash,
    normalise_type,
)
from drivers.sbi.images import (
    BACKGROUNDS,
    IRIS_HEIGHT,
    IRIS_WIDTH,
    SLAP_HEIGHT,
    SLAP_WIDTH,
    slap_finger,
    subject_face,
    subject_face_seed,
    subject_iris,
    subject_slap_finger,
    synth_face,
    synth_iris,
    synth_slap,
)
from drivers.simulator import announce, run_until_signalled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from numpy.typing import NDArray

log = logging.getLogger(__name__)

STATUSES = ("Ready", "Busy", "Not Ready", "Not Registered")
VERBS = ("MOSIPDISC", "MOSIPDINFO", "STREAM", "RCAPTURE", "CAPTURE")
#: Below this quality score the simulator also degrades the images.
LOW_QUALITY_BELOW = 40
_HANG_LIMIT_S = 60.0
#: How long stopping waits for requests still being answered (a print is drawn in well
#: under a second on a busy machine; a stream ends at its next frame).
_ANSWER_WAIT_S = 5.0
_BOUNDARY = "FieldKitSbiFrame"
_STREAM_VARIANTS = 8


class Fault(enum.Enum):
    MALFORMED_JSON = "malformed_json"
    HTTP_500 = "http_500"
    HANG = "hang"
    DROP = "drop"
    RESET = "reset"
    STREAM_CUT = "stream_cut"
    BAD_HASH = "bad_hash"


@dataclass(frozen=True, slots=True)
class _DeviceSpec:
    device_id: str
    sub_ids: tuple[str, ...]
    sub_type: str
    model: str
    fps: float


_DEVICES: dict[str, _DeviceSpec] = {
    "Finger": _DeviceSpec("1", ("1", "2", "3"), "Slap", "SBI Simulator Slap 4-4-2", 10.0),
    "Iris": _DeviceSpec("2", ("1", "2", "3"), "Double", "SBI Simulator Iris Double", 20.0),
    "Face": _DeviceSpec("3", ("0",), "Full face", "SBI Simulator Face", 25.0),
}
_FINGER_POSITION = {
    "right thumb": 1, "right indexfinger": 2, "right middlefinger": 3, "right ringfinger": 4,
    "right littlefinger": 5, "left thumb": 6, "left indexfinger": 7, "left middlefinger": 8,
    "left ringfinger": 9, "left littlefinger": 10,
}  # fmt: skip
_SLAP_FINGERS = {"1": (7, 8, 9, 10), "2": (2, 3, 4, 5), "3": (6, 1)}
_SLAP_DEFAULT_SUBTYPES = {
    "1": ("Left IndexFinger", "Left MiddleFinger", "Left RingFinger", "Left LittleFinger"),
    "2": ("Right IndexFinger", "Right MiddleFinger", "Right RingFinger", "Right LittleFinger"),
    "3": ("Left Thumb", "Right Thumb"),
}
_IRIS_DEFAULT_SUBTYPES = {"1": ("Left",), "2": ("Right",), "3": ("Left", "Right")}
#: What a recording asks of each device, in its order (the 4-4-2 slaps, both eyes, the
#: face): what :meth:`SbiSimulator.get_ready` draws first.
_RECORDING_SUB_IDS = {"Finger": ("1", "2", "3"), "Iris": ("3",), "Face": ("0",)}


@dataclass
class SimSettings:
    """What the trainer (or a test) can change while the service runs."""

    quality_score: float = 80.0
    status: str = "Ready"
    disconnected: bool = False
    capture_delay_s: float = 0.15
    background: str = "red"
    seed: int = 1
    #: The simulated person (None: ``seed``'s fixed images).
    subject: int | None = None
    fps: float | None = None
    delays_s: dict[str, float] = field(default_factory=dict)
    faults: list[tuple[Fault, str | None]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "qualityScore": self.quality_score,
            "deviceStatus": self.status,
            "disconnected": self.disconnected,
            "captureDelay": round(self.capture_delay_s * 1000),
            "background": self.background,
            "seed": self.seed,
            "subject": self.subject,
            "fps": self.fps,
            "delay": {k: round(v * 1000) for k, v in self.delays_s.items()},
            "faults": [f"{f.value}@{m or '*'}" for f, m in self.faults],
        }


# --- image sources (cached: synthesis is slow, serving must not be) ----------


def _quality(score: float) -> ImageQuality:
    return ImageQuality.HIGH if score >= LOW_QUALITY_BELOW else ImageQuality.LOW


@functools.lru_cache(maxsize=64)
def _finger_png(seed: int, quality: ImageQuality) -> bytes:
    """A slap scanner's segmented finger: a good one passes MOSIP's threshold, a poor one not."""
    return _encode(".png", slap_finger(seed, quality))


@functools.lru_cache(maxsize=16)
def _iris_png(seed: int, quality: ImageQuality) -> bytes:
    return _encode(".png", synth_iris(seed, quality))


@functools.lru_cache(maxsize=16)
def _face_png(seed: int, background: str) -> bytes:
    return _encode(".png", synth_face("red" if background == "red" else "blue", seed=seed))


_prepared: set[tuple[str, int, ImageQuality]] = set()
_prepared_lock = threading.Lock()


def _prepare_fingers(
    sub_id: str, seed: int, quality: ImageQuality, subject: int | None = None
) -> None:
    """Draw the fingers a capture of this slap returns while the officer looks at its preview.

    A segmented finger takes about a second of CPU to draw (``slap_finger``), so a slap's
    first capture would wait four; the preview comes first in every recording, so the
    capture finds them drawn.  Once per slap, person and quality, in a thread of its own.
    """
    fingers = _SLAP_FINGERS.get(sub_id, _SLAP_FINGERS["2"])
    if subject is not None:  # the person's masters; each capture is drawn from them
        warm_masters(subject, fingers, first=True)
        return
    key = (sub_id, seed, quality)
    with _prepared_lock:
        if key in _prepared:
            return
        _prepared.add(key)
    seeds = [_finger_seed(seed, f) for f in fingers]

    def draw() -> None:
        for finger_seed in seeds:
            _finger_png(finger_seed, quality)

    _start_drawing(draw, f"sbi-sim-fingers-{sub_id}")


def _finger_seed(base: int, position: int) -> int:
    return base * 100 + position


def _iris_seed(base: int, eye: str) -> int:
    return base * 100 + (1 if eye.lower() == "left" else 2)


@functools.lru_cache(maxsize=24)
def _stream_frames(
    device_type: str, sub_id: str, seed: int, quality: ImageQuality, background: str
) -> tuple[bytes, ...]:
    """A few JPEG preview frames with small movement, encoded once per setting."""
    base: NDArray[np.uint8]
    if device_type == "Face":
        return tuple(
            _encode(
                ".jpg", synth_face("red" if background == "red" else "blue", seed=seed * 100 + i)
            )
            for i in range(_STREAM_VARIANTS)
        )
    if device_type == "Finger":
        fingers = _SLAP_FINGERS.get(sub_id, _SLAP_FINGERS["2"])
        # Drawn with the sensor-window prints, which are quicker: a slap's first preview
        # frame must come within a live preview's 3 s; at half size nobody can tell.
        slap = synth_slap([_finger_seed(seed, f) for f in fingers], quality)
        half = (slap.shape[1] // 2, slap.shape[0] // 2)
        base = np.asarray(cv2.resize(slap, half, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    else:
        eyes = _IRIS_DEFAULT_SUBTYPES.get(sub_id, ("Left", "Right"))
        images = [synth_iris(_iris_seed(seed, eye), quality) for eye in eyes]
        both = np.hstack(images)
        size = (640, 480 * 640 // both.shape[1])
        base = np.asarray(cv2.resize(both, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    frames = []
    for i in range(_STREAM_VARIANTS):
        shift = (int(3 * np.sin(i)), int(3 * np.cos(i)))
        moved = np.roll(base, shift, axis=(0, 1))
        frames.append(_encode(".jpg", moved))
    return tuple(frames)


_StreamKey = tuple[str, str, int, ImageQuality, str]
_drawing: dict[_StreamKey, Future[tuple[bytes, ...]]] = {}
_drawing_lock = threading.Lock()
_DRAWING_KEPT = 24


def _stream_frames_soon(key: _StreamKey, *, prepare: bool = True) -> Future[tuple[bytes, ...]]:
    """The preview's frames for ``key``, drawn once in a thread of their own.

    A slap takes over a second of CPU to draw (three on a busy two-core laptop), longer
    than a live preview waits for its first frame; a real device shows its empty view at
    once, so the simulator streams that (``_empty_view``) until the frames are drawn.
    The capture's fingers are drawn after the preview's frames, not beside them
    (``prepare``; a subject's are their masters, which the caller queues itself).
    """
    with _drawing_lock:
        future = _drawing.get(key)
        if future is not None:
            return future
        future = Future()
        _drawing[key] = future
        while len(_drawing) > _DRAWING_KEPT:
            del _drawing[next(iter(_drawing))]

    def draw() -> None:
        try:
            future.set_result(_stream_frames(*key))
        except Exception as exc:  # noqa: BLE001  handed to the stream that waits on it
            future.set_exception(exc)
            return
        device_type, sub_id, seed, quality, _background = key
        if device_type == "Finger" and prepare:
            _prepare_fingers(sub_id, seed, quality)

    _start_drawing(draw, f"sbi-sim-preview-{key[0]}")
    return future


def _start_drawing(draw: Callable[[], None], name: str) -> None:
    """Draw in a thread the interpreter waits for when it exits (never a daemon).

    A process that ends while a daemon thread is inside OpenCV aborts ("terminate called
    without an active exception", exit 134): the installed app's self-test did, once
    its SBI check no longer waited for the preview's frames.  Waiting costs at most the
    few seconds a drawing takes.
    """
    threading.Thread(target=draw, name=name, daemon=False).start()


@functools.lru_cache(maxsize=8)
def _empty_view(device_type: str, sub_id: str, background: str) -> bytes:
    """What the device shows before a person is in front of it, in its preview's shape.

    An empty slap platen at half size, a dark infrared view, or the bare backdrop.
    """
    view: NDArray[np.uint8]
    if device_type == "Face":
        colour = BACKGROUNDS["red" if background == "red" else "blue"]
        view = np.empty((480, 640, 3), np.uint8)  # synth_face's preview size
        view[:] = np.asarray(colour, np.uint8)
    elif device_type == "Finger":
        view = np.full((SLAP_HEIGHT // 2, SLAP_WIDTH // 2), 244, np.uint8)
    else:
        eyes = len(_IRIS_DEFAULT_SUBTYPES.get(sub_id, ("Left", "Right")))
        view = np.full((IRIS_HEIGHT * 640 // (IRIS_WIDTH * eyes), 640), 30, np.uint8)
    return _encode(".jpg", view)


def _encode(ext: str, image: NDArray[np.uint8]) -> bytes:
    params = [cv2.IMWRITE_JPEG_QUALITY, 85] if ext == ".jpg" else [cv2.IMWRITE_PNG_COMPRESSION, 1]
    ok, buffer = cv2.imencode(ext, image, params)
    if not ok:  # pragma: no cover  OpenCV always encodes uint8 images
        raise RuntimeError(f"OpenCV could not encode a {ext} image")
    return bytes(buffer.tobytes())


def _jws(payload: dict[str, Any]) -> str:
    """An unsigned JWS (``alg: none``): the shape SBI uses, without a device key."""
    header = b64url_encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    body = b64url_encode(json.dumps(payload, separators=(",", ":")).encode())
    return f"{header}.{body}."


# --- the service ------------------------------------------------------------


class SbiSimulator:
    """One simulated SBI service with one device of ``device_type``."""

    def __init__(
        self,
        device_type: str = "Finger",
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        seed: int = 1,
        subject: int | None = None,
        quality_score: float = 80.0,
        background: str = "red",
        capture_delay_s: float = 0.15,
        fps: float | None = None,
        port_fallback: bool = False,
        cable: SimCable | None = None,
    ) -> None:
        """``port`` 0 binds any free port; ``port_fallback`` walks 4501-4600 if taken.

        ``cable`` joins the service to its scanner: pulled out, the service keeps
        running but no longer lists the device, refuses captures with SBI's "device
        is not connected" and ends a preview, as a vendor's service does.
        """
        kind = normalise_type(device_type)
        if kind not in _DEVICES:
            raise ValueError(f"device_type must be Finger, Iris or Face, not {device_type!r}")
        self.device_type = kind
        self.spec = _DEVICES[kind]
        self.host = host
        self.requested_port = port
        self.port_fallback = port_fallback
        self.settings = SimSettings(
            quality_score=quality_score,
            background=background,
            seed=seed,
            subject=_subject_value(subject),
            capture_delay_s=capture_delay_s,
            fps=fps,
        )
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.capturing = threading.Lock()
        self.serial = f"FKSIM{kind[:3].upper()}{seed:07d}"
        self.requests_seen = 0
        self.cable = cable or SimCable()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        #: The settings :meth:`get_ready` last drew for (a second call draws nothing).
        self._ready_for: tuple[int, ImageQuality, str] | None = None
        self._warm()

    # --- control ---------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("simulator is not running")
        return int(self._server.server_address[1])

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> int:
        self.stop_event.clear()
        self._server = self._bind()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
            name=f"sbi-sim-{self.port}", daemon=True,
        )  # fmt: skip
        self._thread.start()
        log.info("SBI simulator (%s) serving on %s:%d", self.device_type, self.host, self.port)
        return self.port

    def _bind(self) -> _Server:
        ports = [self.requested_port]
        if self.port_fallback and self.requested_port in SBI_PORTS:
            ports += [p for p in SBI_PORTS if p > self.requested_port]
        last: OSError | None = None
        for port in ports:
            try:
                return _Server((self.host, port), self)
            except OSError as exc:
                last = exc
        raise OSError(f"no free SBI port from {self.requested_port}: {last}")

    def stop(self) -> None:
        self.stop_event.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            # The stop event ends a stream at its next frame; a capture finishes drawing.
            if not server.wait_answered(_ANSWER_WAIT_S):
                log.warning("SBI simulator: a request was still being answered when it stopped")
        if self._thread is not None:
            self._thread.join(5.0)
            self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def set_quality(self, score: float) -> None:
        if not 0 <= score <= 100:  # noqa: PLR2004  SBI scores are 0-100
            raise ValueError("quality score must be 0-100")
        with self.lock:
            self.settings.quality_score = float(score)

    def set_status(self, status: str) -> None:
        canonical = {s.lower(): s for s in STATUSES}.get(status.strip().lower())
        if canonical is None:
            raise ValueError(f"status must be one of {STATUSES}")
        with self.lock:
            self.settings.status = canonical

    def set_delay(self, delay_s: float, methods: Sequence[str] = VERBS) -> None:
        with self.lock:
            for method in methods:
                self.settings.delays_s[method.upper()] = max(0.0, delay_s)

    @property
    def device_present(self) -> bool:
        """False while the scanner's (simulated) cable is out; the service itself runs on."""
        return self.cable.plugged

    def set_disconnected(self, disconnected: bool) -> None:
        with self.lock:
            self.settings.disconnected = disconnected

    def inject(self, fault: Fault, count: int = 1, method: str | None = None) -> None:
        """Apply ``fault`` to the next ``count`` SBI requests (of ``method``, if given)."""
        with self.lock:
            self.settings.faults.extend([(fault, method.upper() if method else None)] * count)

    def clear_faults(self) -> None:
        with self.lock:
            self.settings.faults.clear()

    def take_fault(self, method: str) -> Fault | None:
        with self.lock:
            for i, (fault, wanted) in enumerate(self.settings.faults):
                if wanted is None or wanted == method:
                    del self.settings.faults[i]
                    return fault
        return None

    def apply_profile(self, body: dict[str, Any]) -> None:
        """Apply any admin settings present in ``body`` (see the module docstring)."""
        if "qualityScore" in body or "quality" in body:
            self.set_quality(float(body.get("qualityScore", body.get("quality", 0))))
        if "deviceStatus" in body:
            self.set_status(str(body["deviceStatus"]))
        if "busy" in body:
            self.set_status("Busy" if body["busy"] else "Ready")
        if "disconnect" in body:
            self.set_disconnected(bool(body["disconnect"]))
        if "delay" in body:
            methods = body.get("method") or VERBS
            self.set_delay(float(body["delay"]) / 1000.0, [str(m) for m in methods])
        self._apply_scene(body)

    def _apply_scene(self, body: dict[str, Any]) -> None:
        with self.lock:
            if "captureDelay" in body:
                self.settings.capture_delay_s = max(0.0, float(body["captureDelay"]) / 1000.0)
            if "background" in body:
                if body["background"] not in {"red", "blue"}:
                    raise ValueError("background must be red or blue")
                self.settings.background = str(body["background"])
            if "seed" in body:
                self.settings.seed = int(body["seed"])
            if "subject" in body:
                self.settings.subject = _subject_value(body["subject"])
            if "fps" in body:
                self.settings.fps = float(body["fps"]) if body["fps"] else None
        if "subject" in body:
            self._warm()

    def set_subject(self, subject: int | None) -> None:
        """Another simulated person in front of the device (None: ``seed``'s images)."""
        with self.lock:
            self.settings.subject = _subject_value(subject)
        self._warm()

    def _warm(self) -> None:
        """A finger device draws the new person's ten masters now, not at the capture."""
        subject = self.settings.subject
        if self.device_type == "Finger" and subject is not None:
            warm_masters(subject, first=True)

    def get_ready(self) -> None:
        """A person is about to be recorded: draw what this device will show and give them.

        A simulator draws its images when asked (a slap's four prints take over half a
        second of CPU, its preview a quarter); a real device has nothing to draw.  Drawn
        on demand, the first person of a demo waited for the simulator at every step,
        while the window painted that step for the first time.  One background thread
        draws each sub-device's preview and capture images for the present settings, in
        a recording's order, into the caches the preview and the capture read.  A
        simulated person (a subject) has their masters drawn instead.  Stopping the
        service ends the drawing after the image in hand.
        """
        settings = self.snapshot()
        if settings.subject is not None:
            self._warm()
            return
        quality = _quality(settings.quality_score)
        wanted = (settings.seed, quality, settings.background)
        with self.lock:
            if self._ready_for == wanted:
                return
            self._ready_for = wanted
        sub_ids = _RECORDING_SUB_IDS[self.device_type]

        def draw() -> None:
            try:
                for sub_id in sub_ids:
                    if self.stop_event.is_set():
                        return
                    key: _StreamKey = (self.device_type, sub_id, *wanted)
                    _stream_frames_soon(key, prepare=False).result()
                    if self.stop_event.is_set():
                        return
                    self.bio_images(sub_id, (), settings)
            except Exception:  # drawing ahead is never worth the app's life
                log.exception("SBI simulator (%s): drawing ahead failed", self.device_type)
                with self.lock:
                    self._ready_for = None

        _start_drawing(draw, f"sbi-sim-ready-{self.device_type}")

    def snapshot(self) -> SimSettings:
        with self.lock:
            return dataclasses.replace(
                self.settings,
                faults=list(self.settings.faults),
                delays_s=dict(self.settings.delays_s),
            )

    # --- SBI payloads ----------------------------------------------------

    def digital_id(self) -> str:
        return _jws(
            {
                "serialNo": self.serial,
                "make": "FieldKit",
                "model": self.spec.model,
                "type": self.device_type,
                "deviceSubType": self.spec.sub_type,
                "deviceProvider": "FieldKit Training",
                "deviceProviderId": "FIELDKIT-SIM",
                "dateTime": datetime.now(UTC).isoformat(timespec="milliseconds"),
            }
        )

    def descriptor(self, status: str) -> dict[str, Any]:
        return {
            "deviceId": self.spec.device_id,
            "deviceStatus": status,
            "certification": "L0",
            "serviceVersion": "1.0",
            "deviceSubId": list(self.spec.sub_ids),
            "callbackId": f"http://{self.host}:{self.port}/",
            "digitalId": self.digital_id(),
            "deviceCode": str(uuid.uuid5(uuid.NAMESPACE_OID, self.serial)),
            "specVersion": [SPEC_VERSION],
            "purpose": "Registration" if status != "Not Registered" else "",
            "error": _error("0"),
        }

    def bio_images(
        self, sub_id: str, sub_types: Sequence[str], settings: SimSettings
    ) -> list[tuple[str, bytes]]:
        """(bioSubType, PNG) for each requested part."""
        quality = _quality(settings.quality_score)
        subject = settings.subject
        if self.device_type == "Face":
            if subject is not None:
                return [("", _encode(".png", subject_face(subject, settings.background)))]
            return [("", _face_png(settings.seed, settings.background))]
        if self.device_type == "Iris":
            names = list(sub_types) or list(_IRIS_DEFAULT_SUBTYPES.get(sub_id, ("Left", "Right")))
            if subject is not None:
                return [(n, _encode(".png", subject_iris(subject, n, quality))) for n in names]
            return [(n, _iris_png(_iris_seed(settings.seed, n), quality)) for n in names]
        names = list(sub_types) or list(_SLAP_DEFAULT_SUBTYPES.get(sub_id, ()))
        out = []
        for name in names:
            position = _FINGER_POSITION.get(name.lower())
            if position is None:
                raise _SbiRefusal("119")
            if subject is not None:
                png = _encode(".png", subject_slap_finger(subject, position, quality))
            else:
                png = _finger_png(_finger_seed(settings.seed, position), quality)
            out.append((name, png))
        return out


class _SbiRefusal(Exception):
    """An SBI error code to answer with."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _error(code: str) -> dict[str, str]:
    return {"errorCode": code, "errorInfo": SBI_ERROR_TEXT.get(code, "Unknown error")}


class _Server(http.server.ThreadingHTTPServer):
    """The simulator's HTTP service; :meth:`wait_answered` lets :meth:`SbiSimulator.stop` wait.

    Its threads stay daemons, so an idle keep-alive connection never holds a process open.
    A thread still answering a request when the process ends is another matter: drawing a
    print is OpenCV (C++), and a daemon thread inside it when Python finalises aborts the
    process ("terminate called without an active exception", exit -6: the app quit after
    a face capture on a loaded machine).  So each SBI request is counted while it is
    answered, and stopping the simulator waits, a bounded time, until none is.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sim: SbiSimulator) -> None:
        self.sim = sim
        self._answering: set[threading.Thread] = set()
        self._answered = threading.Condition()
        super().__init__(address, _Handler)

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Count this thread as answering a request until the block ends."""
        me = threading.current_thread()
        with self._answered:
            self._answering.add(me)
        try:
            yield
        finally:
            with self._answered:
                self._answering.discard(me)
                self._answered.notify_all()

    def wait_answered(self, timeout_s: float) -> bool:
        """Wait until no request is being answered; False if one still is after ``timeout_s``."""
        with self._answered:
            return self._answered.wait_for(lambda: not self._answering, timeout_s)

    def handle_error(self, _request: Any, client_address: Any) -> None:
        """Clients vanish mid-answer all the time (cancelled previews); not an error."""
        exc = sys.exc_info()[1]
        log.debug("SBI simulator: request from %s ended: %r", client_address, exc)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "FieldKitSBISim/1.0"
    sys_version = ""
    #: Accept bodies up to this size (RCAPTURE requests are small).
    max_body: ClassVar[int] = 1024 * 1024

    @property
    def sim(self) -> SbiSimulator:
        return self.server.sim

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  stdlib signature
        log.debug("SBI simulator: " + format, *args)  # noqa: G003  stdlib passes a %-format

    # --- plumbing --------------------------------------------------------

    def _body(self) -> Any:
        length = self.headers.get("Content-Length", "0").strip()
        size = int(length) if length.isdigit() else 0
        raw = self.rfile.read(min(size, self.max_body)) if size else b""
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise _SbiRefusal("101") from None

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, payload: Any, fault: Fault | None = None) -> None:
        body = json.dumps(payload).encode()
        if fault is Fault.HTTP_500:
            self._send(500, json.dumps([{"error": _error("999")}]).encode())
        elif fault is Fault.MALFORMED_JSON:
            self._send(200, body[: max(1, len(body) // 3)] + b"\x00}{ not json")
        elif fault is Fault.DROP:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self._reset()
        else:
            self._send(200, body)

    def _reset(self) -> None:
        """Close with RST, as a service that crashed or lost its device."""
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            self.connection.close()
        self.close_connection = True

    def _prelude(self, method: str) -> Fault | None:
        """Disconnects, delays and faults shared by every SBI verb; None if handled."""
        sim = self.sim
        with sim.lock:
            sim.requests_seen += 1
            disconnected = sim.settings.disconnected
            delay = sim.settings.delays_s.get(method, 0.0)
        if disconnected:
            self._reset()
            raise _Handled
        if delay:
            sim.stop_event.wait(delay)
        fault = sim.take_fault(method)
        if fault is not None:
            log.info("SBI simulator fault injected on %s: %s", method, fault.value)
        if fault is Fault.RESET:
            self._reset()
            raise _Handled
        if fault is Fault.HANG:
            sim.stop_event.wait(_HANG_LIMIT_S)
            self._reset()
            raise _Handled
        return fault

    def _sbi(self, method: str, handler: Callable[[Any, Fault | None], None]) -> None:
        try:
            with self.server.answering():
                fault = self._prelude(method)
                body = self._body()
                handler(body, fault)
        except _Handled:
            return
        except _SbiRefusal as refusal:
            self._send_json([{"error": _error(refusal.code)}])
        except (ConnectionError, TimeoutError) as exc:
            log.debug("SBI simulator: client went away during %s: %r", method, exc)
            self.close_connection = True

    # --- verbs -----------------------------------------------------------

    def do_MOSIPDISC(self) -> None:
        self._sbi("MOSIPDISC", self._discover)

    def do_MOSIPDINFO(self) -> None:
        self._sbi("MOSIPDINFO", self._info)

    def do_RCAPTURE(self) -> None:
        self._sbi("RCAPTURE", self._rcapture)

    def do_CAPTURE(self) -> None:
        def refuse(_body: Any, fault: Fault | None) -> None:
            self._send_json(
                {"biometrics": [{"data": "", "hash": "", "error": _error("809")}]}, fault
            )

        self._sbi("CAPTURE", refuse)

    def do_STREAM(self) -> None:
        self._sbi("STREAM", self._stream)

    def do_OPTIONS(self) -> None:
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header(
            "Access-Control-Allow-Methods", ", ".join(("OPTIONS", *VERBS, "GET", "POST"))
        )
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def _discover(self, body: Any, fault: Fault | None) -> None:
        wanted = normalise_type(str(body.get("type", ""))) if isinstance(body, dict) else ""
        if wanted not in (ANY_DEVICE, *_DEVICES):
            raise _SbiRefusal("502")
        status = self.sim.snapshot().status
        if self.sim.capturing.locked() and status == "Ready":
            status = "Busy"
        listed = self.sim.device_present and wanted in (ANY_DEVICE, self.sim.device_type)
        devices = [self.sim.descriptor(status)] if listed else []
        self._send_json(devices, fault)

    def _info(self, _body: Any, fault: Fault | None) -> None:
        if not self.sim.device_present:
            self._send_json([], fault)
            return
        status = self.sim.snapshot().status
        info = {
            **self.sim.descriptor(status),
            "firmware": "fieldkit-sbi-sim-1.0",
            "env": "Staging" if status != "Not Registered" else "None",
        }
        info.pop("error")
        error = _error("0" if status != "Not Registered" else "100")
        self._send_json([{"deviceInfo": _jws(info), "error": error}], fault)

    def _check_status(self, busy_code: str) -> SimSettings:
        settings = self.sim.snapshot()
        if settings.status == "Not Registered":
            raise _SbiRefusal("100")
        if settings.status == "Not Ready":
            raise _SbiRefusal("110")
        if settings.status == "Busy":
            raise _SbiRefusal(busy_code)
        return settings

    def _rcapture(self, body: Any, fault: Fault | None) -> None:
        bio = body.get("bio") if isinstance(body, dict) else None
        if not isinstance(bio, list) or not bio or not isinstance(bio[0], dict):
            raise _SbiRefusal("101")
        entry = bio[0]
        if normalise_type(str(entry.get("type", ""))) != self.sim.device_type:
            raise _SbiRefusal("114")
        if str(entry.get("deviceId", "")) != self.sim.spec.device_id:
            raise _SbiRefusal("705")
        if not self.sim.device_present:
            raise _SbiRefusal("705")  # "Device is not connected or not registered"
        settings = self._check_status("703")
        if not self.sim.capturing.acquire(blocking=False):
            raise _SbiRefusal("703")
        try:
            timeout_s = float(body.get("timeout") or 10000) / 1000.0
            if settings.capture_delay_s > timeout_s:
                self.sim.stop_event.wait(timeout_s)
                raise _SbiRefusal("701")
            if self.sim.stop_event.wait(settings.capture_delay_s):
                raise _Handled  # shutting down: nobody needs this capture
            if not self.sim.device_present:
                raise _SbiRefusal("705")  # pulled out while the finger was on it
            answer = self._biometrics(body, entry, settings, fault)
        finally:
            self.sim.capturing.release()
        self._send_json(answer, fault)

    def _biometrics(
        self,
        body: dict[str, Any],
        entry: dict[str, Any],
        settings: SimSettings,
        fault: Fault | None,
    ) -> dict[str, Any]:
        sub_id = str(entry.get("deviceSubId", ""))
        raw_types = entry.get("bioSubType") or []
        exceptions = {str(e).lower() for e in entry.get("exception") or []}
        sub_types = [str(t) for t in raw_types if str(t).lower() not in exceptions]
        previous = str(entry.get("previousHash") or "")
        try:
            bytes.fromhex(previous)
        except ValueError:
            raise _SbiRefusal("710") from None
        spec_version = str(body.get("specVersion") or SPEC_VERSION)
        biometrics = []
        for name, png in self.sim.bio_images(sub_id, sub_types, settings):
            value = b64url_encode(png)
            digest = chain_hash(previous, b64url_decode(value))
            if fault is Fault.BAD_HASH:
                digest = hashlib.sha256(digest.encode()).hexdigest().upper()
            data = {
                "digitalId": self.sim.digital_id(),
                "deviceCode": str(uuid.uuid5(uuid.NAMESPACE_OID, self.sim.serial)),
                "deviceServiceVersion": "1.0",
                "bioType": self.sim.device_type,
                "bioSubType": name or None,
                "purpose": "Registration",
                "env": str(body.get("env") or "Staging"),
                "bioValue": value,
                "transactionId": str(body.get("transactionId") or ""),
                "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "requestedScore": entry.get("requestedScore"),
                "qualityScore": settings.quality_score,
            }
            biometrics.append(
                {
                    "specVersion": spec_version,
                    "data": _jws(data),
                    "hash": digest,
                    "error": _error("0"),
                }
            )
            previous = digest
        return {"biometrics": biometrics}

    def _stream(self, body: Any, fault: Fault | None) -> None:
        request = body if isinstance(body, dict) else {}
        if str(request.get("deviceId", "")) != self.sim.spec.device_id or not (
            self.sim.device_present
        ):
            raise _SbiRefusal("605")
        settings = self._check_status("111")
        if fault in {Fault.HTTP_500, Fault.MALFORMED_JSON, Fault.DROP}:
            self._send_json([{"error": _error("0")}], fault)
            return
        sub_id = str(request.get("deviceSubId") or self.sim.spec.sub_ids[-1])
        duration_ms = float(request.get("timeout") or 0)
        quality = _quality(settings.quality_score)
        if self.sim.device_type == "Finger" and settings.subject is not None:
            # The person's masters, drawn in the background; each capture is drawn from them.
            _prepare_fingers(sub_id, settings.seed, quality, settings.subject)
        # The preview is never stored: a subject's shows the face it will capture, and for
        # the fingers and eyes a picture of the subject's own number (drawn once, cached).
        seed = settings.seed if settings.subject is None else subject_face_seed(settings.subject)
        drawn = _stream_frames_soon(
            (self.sim.device_type, sub_id, seed, quality, settings.background),
            prepare=settings.subject is None,
        )
        fps = settings.fps or self.sim.spec.fps
        self.close_connection = True
        head = (
            "HTTP/1.1 200 OK\r\n"
            f"Content-Type: multipart/x-mixed-replace; boundary={_BOUNDARY}\r\n"
            "Cache-Control: no-cache, private\r\nConnection: close\r\n\r\n"
        )
        self.wfile.write(head.encode())
        start = time.monotonic()
        index = 0
        while not self.sim.stop_event.is_set() and self.sim.device_present:
            if duration_ms and (time.monotonic() - start) * 1000 > duration_ms:
                break
            tick = time.monotonic()
            frames = (
                drawn.result()
                if drawn.done()
                else (_empty_view(self.sim.device_type, sub_id, settings.background),)
            )
            jpeg = frames[index % len(frames)]
            part = (
                f"--{_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n"
            ).encode()
            if fault is Fault.STREAM_CUT and index == 1:
                self.wfile.write(part + jpeg[: len(jpeg) // 2])
                self._reset()
                return
            self.wfile.write(part + jpeg + b"\r\n")
            index += 1
            self.sim.stop_event.wait(max(0.0, 1.0 / fps - (time.monotonic() - tick)))
        with contextlib.suppress(OSError):
            self.wfile.write(f"--{_BOUNDARY}--\r\n".encode())

    # --- admin -----------------------------------------------------------

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/admin/state":
            self._send(200, json.dumps(self.sim.snapshot().to_json()).encode())
        else:
            self._send(404, json.dumps({"errorCode": "500", "errorInfo": "Invalid URL"}).encode())

    def do_POST(self) -> None:
        path = self.path.rstrip("/")
        try:
            self._admin(path, self._body())
        except _SbiRefusal as refusal:
            self._send(400, json.dumps(_error(refusal.code)).encode())
        except (ValueError, TypeError) as exc:
            payload = {"errorCode": "999", "errorInfo": str(exc)}
            self._send(400, json.dumps(payload).encode())
        else:
            self._send(200, json.dumps(_error("0")).encode())

    def _admin(self, path: str, body: Any) -> None:
        sim = self.sim
        if not isinstance(body, dict):
            raise _SbiRefusal("101")
        if path in {"/admin/score", "/admin/quality", "/admin/status", "/admin/busy",
                    "/admin/disconnect", "/admin/delay", "/admin/profile",
                    "/admin/subject"}:  # fmt: skip
            sim.apply_profile(body)
        elif path == "/admin/fault":
            name = str(body.get("fault", "")).lower()
            if name in {"", "none"}:
                sim.clear_faults()
            else:
                method = body.get("method")
                sim.inject(Fault(name), int(body.get("count", 1)), str(method) if method else None)
        else:
            raise _SbiRefusal("500")
        log.info("SBI simulator admin %s applied", path)


class _Handled(Exception):
    """Internal: the prelude already answered (or deliberately did not)."""


# --- entry points -----------------------------------------------------------


def run_sbi_simulator(
    port: int = 4501,
    device_type: str = "Finger",
    stop_event: threading.Event | None = None,
    *,
    announce: Callable[[int], None] | None = announce,
    **options: Any,
) -> None:
    """Serve until ``stop_event`` is set (``fieldkit sim sbi`` calls this too).

    A taken port in 4501-4600 moves on to the next free one, as vendor
    services do; ``announce`` receives the port actually bound.
    """
    stop = stop_event or threading.Event()
    sim = SbiSimulator(device_type, port=port, port_fallback=True, **options)
    bound = sim.start()
    try:
        if announce is not None:
            announce(bound)
        stop.wait()
    finally:
        sim.stop()


def _subject_value(value: Any) -> int | None:
    """An admin body's subject: a number from 0, or null for ``seed``'s fixed images."""
    if value is None:
        return None
    subject = int(value)
    if subject < 0:
        raise ValueError("a subject is a number from 0")
    return subject


def _subject_arg(text: str) -> int:
    try:
        subject = _subject_value(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError("a subject is a number from 0") from None
    assert subject is not None  # noqa: S101 - an int in, an int out
    return subject


def build_parser(
    prog: str | None = None, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """Its options; ``parser_class`` is the caller's (``fieldkit sim``'s speaks Indonesian)."""
    parser = parser_class(prog=prog, description="FieldKit MOSIP SBI device-service simulator")
    parser.add_argument("--port", type=int, default=4501, help="0 for any free port")
    parser.add_argument("--type", default="Finger", choices=sorted(_DEVICES), dest="device_type")
    parser.add_argument("--quality", type=float, default=80.0, help="quality score 0-100")
    parser.add_argument("--seed", type=int, default=1, help="which fixed synthetic images")
    parser.add_argument(
        "--subject",
        type=_subject_arg,
        default=None,
        help="which simulated person (0 and up): their own biometrics, a new capture each time",
    )
    parser.add_argument("--background", choices=("red", "blue"), default="red")
    parser.add_argument("--fps", type=float, default=None, help="preview frame rate")
    return parser


def _parse_args(
    argv: Sequence[str] | None,
    prog: str | None = None,
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
) -> argparse.Namespace:
    return build_parser(prog, parser_class).parse_args(argv)


def main(
    argv: Sequence[str] | None = None,
    prog: str | None = None,
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
) -> int:
    """Run until stopped; ``prog`` is how the usage names it (``fieldkit sim NAME``).

    ``parser_class`` is the caller's: ``fieldkit sim`` passes its own, which speaks the
    command's language (drivers import nothing of ours; run alone, a simulator is English).
    """
    args = _parse_args(argv, prog, parser_class)
    return run_until_signalled(
        lambda stop: run_sbi_simulator(
            args.port,
            args.device_type,
            stop,
            seed=args.seed,
            subject=args.subject,
            quality_score=args.quality,
            background=args.background,
            fps=args.fps,
        )
    )


if __name__ == "__main__":
    raise SystemExit(main())
