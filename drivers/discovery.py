"""Find attached devices quickly.

Where the OS can say what is attached, we ask it instead of probing:
the smart-card service (pcscd; WinSCard on Windows) lists its readers, the
serial-port list (``/dev/ttyUSB0``, ``COM5``) carries USB vendor/product ids,
which name the USB-UART bridge a ZFM/R30x scanner sits behind, and cameras come
from sysfs on Linux and Media Foundation / DirectShow on Windows.  MOSIP SBI
device services (enrollment-grade slap scanners, iris and face cameras) have
no such list: they are local HTTP services on 127.0.0.1 ports 4501-4600, so
that range is probed with MOSIPDISC, concurrently and with a short connect
timeout (a closed local port refuses at once, so the 100-port sweep that makes
MOSIP's client slow costs milliseconds here).  Only a valid MOSIPDISC answer
counts: another program's HTTP server in the range is skipped.  Probes run in
parallel daemon threads under one deadline, so a hung stack cannot hold up the
app's start.  No device port is opened here.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.base import Deadline, Modality
from drivers.errors import BackendError, BackendReason, DriverError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from drivers.camera.opencv import CameraNode

log = logging.getLogger(__name__)

#: USB-UART bridges the ZFM/R30x modules are sold with (VID, PID).
USB_UART_BRIDGES: dict[tuple[int, int], str] = {
    (0x10C4, 0xEA60): "Silicon Labs CP210x",
    (0x1A86, 0x7523): "WCH CH340",
    (0x1A86, 0x55D4): "WCH CH9102",
    (0x067B, 0x2303): "Prolific PL2303",
    (0x0403, 0x6001): "FTDI FT232R",
}


@dataclass(frozen=True, slots=True)
class FoundDevice:
    modality: Modality
    backend: str
    address: str
    description: str


@dataclass(frozen=True, slots=True)
class Discovery:
    devices: tuple[FoundDevice, ...]
    #: Why a probe found nothing ("pcscd is not running", "probe timed out").
    problems: tuple[str, ...]
    duration_s: float

    def for_modality(self, modality: Modality) -> list[FoundDevice]:
        return [d for d in self.devices if d.modality is modality]


def probe_pcsc() -> list[FoundDevice]:
    try:
        from drivers.cardreader.pcsc import list_readers  # noqa: PLC0415  lazy: pyscard
    except ImportError as exc:
        raise _ProbeProblem("pyscard is not installed") from exc
    try:
        readers = list_readers()
    except DriverError as exc:
        raise _ProbeProblem(exc.message) from exc
    return [FoundDevice(Modality.CARD, "pcsc", name, name) for name in readers]


def probe_serial() -> list[FoundDevice]:
    try:
        from serial.tools import list_ports  # noqa: PLC0415  lazy: pyserial
    except ImportError as exc:
        raise _ProbeProblem("pyserial is not installed") from exc
    found = []
    for port in list_ports.comports():
        bridge = USB_UART_BRIDGES.get((port.vid or 0, port.pid or 0))
        if bridge is not None:
            description = f"{bridge} at {port.device}: possible ZFM/R30x fingerprint scanner"
            found.append(FoundDevice(Modality.FINGERPRINT, "zfm", str(port.device), description))
    return found


@dataclass(frozen=True, slots=True)
class SerialPort:
    """One serial port as the system lists it, for a person choosing a device's port."""

    #: The name a backend's ``port`` option takes: ``COM5`` on Windows, ``/dev/ttyUSB0`` on Linux.
    device: str
    #: The system's words for it ("USB-SERIAL CH340"), without the port's own name; may be empty.
    description: str
    vid: int | None = None
    pid: int | None = None
    #: The known USB-UART bridge behind it ("WCH CH340"), where its USB ids name one.
    bridge: str | None = None

    @property
    def is_bridge(self) -> bool:
        return self.bridge is not None


def list_serial_ports() -> list[SerialPort]:
    """Every serial port the system lists, known USB-UART bridges first, then by name.

    pyserial's ``comports()`` asks the OS (the registry's SetupAPI on Windows,
    sysfs on Linux); no port is opened, so a scanner in use elsewhere is listed too.
    """
    try:
        from serial.tools import list_ports  # noqa: PLC0415  lazy: pyserial
    except ImportError as exc:
        raise BackendError(
            "Listing serial ports needs the pyserial package.",
            reason=BackendReason.LIBRARY_MISSING,
        ) from exc
    ports = []
    for info in list_ports.comports():
        device = str(info.device)
        vid, pid = info.vid, info.pid
        ports.append(
            SerialPort(
                device=device,
                description=_port_description(str(info.description or ""), device),
                vid=vid,
                pid=pid,
                bridge=USB_UART_BRIDGES.get((vid or 0, pid or 0)),
            )
        )
    return sorted(ports, key=lambda p: (not p.is_bridge, _natural(p.device)))


def _port_description(text: str, device: str) -> str:
    """The port's description without what repeats its name: Windows' "(COM5)", Linux's "n/a"."""
    text = text.strip()
    if text in {"n/a", device, Path(device).name}:
        return ""
    suffix = f"({device})"
    if text.endswith(suffix):
        text = text[: -len(suffix)].rstrip()
    return text


def _natural(name: str) -> list[tuple[int, int | str]]:
    """``COM2`` before ``COM10``: digit runs compare as numbers."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name)]


#: Words in a V4L2 device name that mark an iris camera rather than a face camera.
IRIS_CAMERA_WORDS = ("iris", "irishield", "eyelock")


def probe_cameras() -> list[FoundDevice]:
    """Cameras the OS lists, by name; the first ordinary one is offered as the face camera."""
    try:
        from drivers.camera.opencv import list_cameras  # noqa: PLC0415  lazy: cv2
    except ImportError as exc:
        raise _ProbeProblem("opencv-python-headless is not installed") from exc
    try:
        cameras = list_cameras()
    except ImportError as exc:  # Windows: the enumerator is a package of its own
        raise _ProbeProblem(f"{exc.name or 'cv2-enumerate-cameras'} is not installed") from exc
    return found_cameras(cameras)


def found_cameras(cameras: Sequence[CameraNode]) -> list[FoundDevice]:
    """Listed cameras as found devices: an iris camera by its name, the others as face cameras.

    The address is what the ``opencv`` backend opens: ``/dev/video0``, ``msmf:0``.
    """
    found = []
    for camera in cameras:
        is_iris = any(word in camera.name.lower() for word in IRIS_CAMERA_WORDS)
        modality = Modality.IRIS if is_iris else Modality.FACE
        description = f"{camera.name or 'camera'} at {camera.path}"
        found.append(FoundDevice(modality, "opencv", camera.path, description))
    return found


#: SBI ``type`` -> the modality its device serves.
_SBI_MODALITY = {"Finger": Modality.FINGERPRINT, "Iris": Modality.IRIS, "Face": Modality.FACE}
#: Bounds of the SBI sweep inside :func:`discover`'s own deadline (see ``drivers.sbi.discovery``):
#: a closed port refuses at once; an open one must answer MOSIPDISC within the request bound.
SBI_CONNECT_TIMEOUT_S = 0.15
SBI_REQUEST_TIMEOUT_S = 1.0
SBI_SWEEP_TIMEOUT_S = 1.5


def probe_sbi() -> list[FoundDevice]:
    """MOSIP SBI devices on 127.0.0.1:4501-4600, each with the port its service answered on.

    Every port is asked at once (MOSIPDISC for any device type); a port that answers
    something other than a valid MOSIPDISC reply is not a device and is only logged.
    """
    from drivers.sbi.discovery import discover_sbi  # noqa: PLC0415  lazy: only when probing

    found = discover_sbi(
        connect_timeout_s=SBI_CONNECT_TIMEOUT_S,
        request_timeout_s=SBI_REQUEST_TIMEOUT_S,
        timeout_s=SBI_SWEEP_TIMEOUT_S,
    )
    for problem in found.problems:
        log.info("SBI probe skipped %s", problem)
    devices = []
    for device in found.devices:
        modality = _SBI_MODALITY.get(device.bio_type)
        if modality is None:
            continue
        digital = device.digital_id
        name = " ".join(part for part in (digital.make, digital.model) if part) or "SBI device"
        description = f"MOSIP SBI {device.bio_type} device {name} at 127.0.0.1:{device.port}"
        devices.append(FoundDevice(modality, "sbi", str(device.port), description))
    return devices


class _ProbeProblem(Exception):
    """A probe's explanation of why it found nothing; becomes a ``problems`` entry."""


#: In order of preference for a modality two probes find: an SBI service answering for its
#: device is more certain than a USB-UART bridge that may have a scanner behind it, and an
#: enrollment-grade SBI face camera is there on purpose, unlike the laptop's own webcam.
_PROBES: dict[str, Callable[[], list[FoundDevice]]] = {
    "sbi": probe_sbi,
    "pcsc": probe_pcsc,
    "serial": probe_serial,
    "camera": probe_cameras,
}


def discover(timeout_s: float = 2.0) -> Discovery:
    """Run every probe in parallel; whatever is not back by ``timeout_s`` is reported."""
    start = time.monotonic()
    results: dict[str, list[FoundDevice]] = {}
    problems: dict[str, str] = {}
    lock = threading.Lock()

    def run(name: str, probe: Callable[[], list[FoundDevice]]) -> None:
        try:
            found = probe()
        except _ProbeProblem as exc:
            with lock:
                problems[name] = str(exc)
            return
        with lock:
            results[name] = found

    threads = [
        threading.Thread(target=run, args=(n, p), name=f"probe-{n}", daemon=True)
        for n, p in _PROBES.items()
    ]
    for thread in threads:
        thread.start()
    deadline = Deadline(timeout_s)
    for thread in threads:
        thread.join(deadline.remaining())
    with lock:
        for name in _PROBES:
            if name not in results and name not in problems:
                problems[name] = f"{name} probe did not finish within {timeout_s:g} s"
        devices = tuple(d for name in _PROBES for d in results.get(name, []))
        problem_list = tuple(f"{name}: {text}" for name, text in problems.items())
    log.info("discovery found %d device(s) in %.3f s", len(devices), time.monotonic() - start)
    return Discovery(devices, problem_list, time.monotonic() - start)
