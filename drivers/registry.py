"""Backend registry: modality + backend name -> class, imported only when chosen.

Bleak does the same per platform: naming a backend here costs nothing until
``get_backend`` is called, so pyscard, pyserial or OpenCV load only on the
laptops (and in the tests) that use them.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from typing import Any, Literal, overload

from drivers.base import Device, Modality
from drivers.errors import BackendError, BackendReason
from drivers.interfaces import (
    CardReader,
    FaceCamera,
    FingerprintScanner,
    IrisCamera,
    SignaturePad,
)

log = logging.getLogger(__name__)

INTERFACES: dict[Modality, type] = {
    Modality.FACE: FaceCamera,
    Modality.FINGERPRINT: FingerprintScanner,
    Modality.IRIS: IrisCamera,
    Modality.SIGNATURE: SignaturePad,
    Modality.CARD: CardReader,
}

_BACKENDS: dict[Modality, dict[str, str]] = {
    Modality.FACE: {
        "opencv": "drivers.camera.backends:OpenCvFaceCamera",
        "sbi": "drivers.sbi.backends:SbiFaceCamera",
        "sim": "drivers.camera.sim:SimFaceCamera",
    },
    Modality.FINGERPRINT: {
        "zfm": "drivers.fingerprint.zfm:ZfmScanner",
        "sbi": "drivers.sbi.backends:SbiFingerprintScanner",
        # Training: an enrollment-grade slap scanner, as offices have (SBI on loopback).
        "sim": "drivers.sbi.sim_backends:SimSbiFingerprintScanner",
        # A single-finger, login-grade ZFM sensor's emulator on a pty.
        "zfm-sim": "drivers.fingerprint.zfm_sim:SimZfmScanner",
    },
    Modality.IRIS: {
        "opencv": "drivers.camera.backends:OpenCvIrisCamera",
        "sbi": "drivers.sbi.backends:SbiIrisCamera",
        # Training: a dual-iris camera (SBI on loopback), so "both irises" is one capture.
        "sim": "drivers.sbi.sim_backends:SimSbiIrisCamera",
        # A one-eye UVC camera played from a clip through OpenCV.
        "opencv-sim": "drivers.camera.sim:SimIrisCamera",
    },
    Modality.SIGNATURE: {
        "isdv4": "drivers.signature.pad:Isdv4SignaturePad",
        "sim": "drivers.signature.pad_sim:SimIsdv4SignaturePad",
    },
    Modality.CARD: {
        "pcsc": "drivers.cardreader.pcsc:PcscCardReader",
        "sim": "drivers.cardreader.sim:SimCardReader",
    },
}

#: Used when neither the caller nor the configuration names a backend.
DEFAULT_BACKENDS: dict[Modality, str] = {
    Modality.FINGERPRINT: "zfm",
    Modality.SIGNATURE: "isdv4",
    Modality.CARD: "pcsc",
}

#: Backends whose ``port`` option names a serial port (``COM5``, ``/dev/ttyUSB0``): the
#: USB-UART adapters a person picks from the system's list.  SBI's ``port`` is a TCP port,
#: and the simulators bring their own line.
_SERIAL_PORT_BACKENDS: dict[Modality, frozenset[str]] = {
    Modality.FINGERPRINT: frozenset({"zfm"}),
    Modality.SIGNATURE: frozenset({"isdv4"}),
}

#: Simulated services and cards (not devices): the SBI device service on
#: loopback HTTP, a virtual smart card for pcscd's vpcd reader.
_SIMULATORS: dict[str, str] = {
    "sbi": "drivers.sbi.sim:SbiSimulator",
    "vpcd-card": "drivers.cardreader.vpcd_card:VpcdCard",
}

#: Third-party import name -> the package a user would install.
_LIBRARIES = {"smartcard": "pyscard", "serial": "pyserial", "cv2": "opencv-python-headless"}


def _modality(modality: Modality | str) -> Modality:
    try:
        return Modality(modality)
    except ValueError:
        raise BackendError(
            f"Unknown device type {modality!r}.", reason=BackendReason.UNKNOWN_MODALITY
        ) from None


def available_backends(modality: Modality | str) -> list[str]:
    return sorted(_BACKENDS[_modality(modality)])


def takes_serial_port(modality: Modality | str, backend: str) -> bool:
    """True when ``backend`` opens the serial port its ``port`` option names."""
    return backend in _SERIAL_PORT_BACKENDS.get(_modality(modality), frozenset())


def register_backend(modality: Modality | str, name: str, target: str) -> None:
    """Add or replace a backend given as ``"package.module:Class"``."""
    if ":" not in target:
        raise ValueError(f"backend target {target!r} must look like 'module:Class'")
    _BACKENDS[_modality(modality)][name] = target


def backend_class(modality: Modality | str, backend: str | None = None) -> type[Device]:
    kind = _modality(modality)
    name = backend or DEFAULT_BACKENDS.get(kind)
    target = _BACKENDS[kind].get(name or "")
    if name is None or target is None:
        known = ", ".join(available_backends(kind)) or "none yet"
        raise BackendError(
            f"No {kind.value} backend named {name!r} (known: {known}).",
            reason=BackendReason.UNKNOWN_BACKEND,
        )
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in _LIBRARIES:
            raise
        raise BackendError(
            f"The {kind.value} backend {name!r} needs the {_LIBRARIES[top]} package.",
            reason=BackendReason.LIBRARY_MISSING,
        ) from exc
    cls = getattr(module, class_name)
    if not (
        isinstance(cls, type) and issubclass(cls, Device) and issubclass(cls, INTERFACES[kind])
    ):
        raise TypeError(f"{target} is not a {INTERFACES[kind].__name__}")
    return cls


@overload
def get_backend(
    modality: Literal[Modality.CARD], backend: str | None = None, **options: object
) -> CardReader: ...
@overload
def get_backend(
    modality: Literal[Modality.FINGERPRINT], backend: str | None = None, **options: object
) -> FingerprintScanner: ...
@overload
def get_backend(
    modality: Literal[Modality.FACE], backend: str | None = None, **options: object
) -> FaceCamera: ...
@overload
def get_backend(
    modality: Literal[Modality.IRIS], backend: str | None = None, **options: object
) -> IrisCamera: ...
@overload
def get_backend(
    modality: Literal[Modality.SIGNATURE], backend: str | None = None, **options: object
) -> SignaturePad: ...
@overload
def get_backend(
    modality: Modality | str, backend: str | None = None, **options: object
) -> Device: ...
def get_backend(modality: Modality | str, backend: str | None = None, **options: object) -> Device:
    """Instantiate (not open) a backend; ``backend`` overrides the default choice."""
    cls = backend_class(modality, backend)
    try:
        inspect.signature(cls).bind(**options)
    except TypeError as exc:
        raise BackendError(
            f"Bad options for {cls.__name__}: {exc}", reason=BackendReason.BAD_OPTION
        ) from exc
    log.debug("using %s backend %s", _modality(modality).value, cls.__name__)
    return cls(**options)


def get_simulator(name: str, **options: object) -> Any:
    """A simulated service or card by name ("sbi", "vpcd-card"), imported only now.

    The demo and the self-test reach the simulators here, as they reach
    devices through :func:`get_backend`, never by importing a backend package.
    """
    target = _SIMULATORS.get(name)
    if target is None:
        known = ", ".join(sorted(_SIMULATORS))
        raise BackendError(
            f"No simulator named {name!r} (known: {known}).",
            reason=BackendReason.UNKNOWN_BACKEND,
        )
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)(**options)
