"""Backend registry: modality + backend name -> class, imported only when chosen.

Bleak does the same per platform: naming a backend here costs nothing until
``get_backend`` is called, so pyscard, pyserial or OpenCV load only on the
laptops (and in the tests) that use them.  Like bleak's, each import is a
literal ``from ... import`` statement, deferred into one small loader function
per backend: import-linter, grimp, mypy and PyInstaller all see it, and none of
it runs until that backend is picked.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any, Literal, TypeAlias, overload

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

#: Imports a backend's module and hands back its class: called only when the backend is picked.
Loader: TypeAlias = Callable[[], type[Device]]

# One loader per backend.  Each import is deferred (the point of the registry: PLC0415 says
# so) and literal, so the tools can follow it: keep both when adding one.


def _opencv_face() -> type[Device]:
    from drivers.camera.backends import OpenCvFaceCamera  # noqa: PLC0415

    return OpenCvFaceCamera


def _sbi_face() -> type[Device]:
    from drivers.sbi.backends import SbiFaceCamera  # noqa: PLC0415

    return SbiFaceCamera


def _sim_face() -> type[Device]:
    from drivers.camera.sim import SimFaceCamera  # noqa: PLC0415

    return SimFaceCamera


def _zfm() -> type[Device]:
    from drivers.fingerprint.zfm import ZfmScanner  # noqa: PLC0415

    return ZfmScanner


def _sbi_fingerprint() -> type[Device]:
    from drivers.sbi.backends import SbiFingerprintScanner  # noqa: PLC0415

    return SbiFingerprintScanner


def _sim_sbi_fingerprint() -> type[Device]:
    from drivers.sbi.sim_backends import SimSbiFingerprintScanner  # noqa: PLC0415

    return SimSbiFingerprintScanner


def _sim_zfm() -> type[Device]:
    from drivers.fingerprint.zfm_sim import SimZfmScanner  # noqa: PLC0415

    return SimZfmScanner


def _opencv_iris() -> type[Device]:
    from drivers.camera.backends import OpenCvIrisCamera  # noqa: PLC0415

    return OpenCvIrisCamera


def _sbi_iris() -> type[Device]:
    from drivers.sbi.backends import SbiIrisCamera  # noqa: PLC0415

    return SbiIrisCamera


def _sim_sbi_iris() -> type[Device]:
    from drivers.sbi.sim_backends import SimSbiIrisCamera  # noqa: PLC0415

    return SimSbiIrisCamera


def _sim_opencv_iris() -> type[Device]:
    from drivers.camera.sim import SimIrisCamera  # noqa: PLC0415

    return SimIrisCamera


def _isdv4() -> type[Device]:
    from drivers.signature.pad import Isdv4SignaturePad  # noqa: PLC0415

    return Isdv4SignaturePad


def _sim_isdv4() -> type[Device]:
    from drivers.signature.pad_sim import SimIsdv4SignaturePad  # noqa: PLC0415

    return SimIsdv4SignaturePad


def _pcsc() -> type[Device]:
    from drivers.cardreader.pcsc import PcscCardReader  # noqa: PLC0415

    return PcscCardReader


def _sim_card() -> type[Device]:
    from drivers.cardreader.sim import SimCardReader  # noqa: PLC0415

    return SimCardReader


_BACKENDS: dict[Modality, dict[str, Loader]] = {
    Modality.FACE: {
        "opencv": _opencv_face,
        "sbi": _sbi_face,
        "sim": _sim_face,
    },
    Modality.FINGERPRINT: {
        "zfm": _zfm,
        "sbi": _sbi_fingerprint,
        # Training: an enrollment-grade slap scanner, as offices have (SBI on loopback).
        "sim": _sim_sbi_fingerprint,
        # A single-finger, login-grade ZFM sensor's emulator on a pty.
        "zfm-sim": _sim_zfm,
    },
    Modality.IRIS: {
        "opencv": _opencv_iris,
        "sbi": _sbi_iris,
        # Training: a dual-iris camera (SBI on loopback), so "both irises" is one capture.
        "sim": _sim_sbi_iris,
        # A one-eye UVC camera played from a clip through OpenCV.
        "opencv-sim": _sim_opencv_iris,
    },
    Modality.SIGNATURE: {
        "isdv4": _isdv4,
        "sim": _sim_isdv4,
    },
    Modality.CARD: {
        "pcsc": _pcsc,
        "sim": _sim_card,
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


def _sbi_service() -> type[Any]:
    from drivers.sbi.sim import SbiSimulator  # noqa: PLC0415

    return SbiSimulator


def _vpcd_card() -> type[Any]:
    from drivers.cardreader.vpcd_card import VpcdCard  # noqa: PLC0415

    return VpcdCard


#: Simulated services and cards (not devices): the SBI device service on
#: loopback HTTP, a virtual smart card for pcscd's vpcd reader.
_SIMULATORS: dict[str, Callable[[], type[Any]]] = {
    "sbi": _sbi_service,
    "vpcd-card": _vpcd_card,
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


def register_backend(modality: Modality | str, name: str, loader: Loader) -> None:
    """Add or replace a backend: ``loader`` imports its module and returns its class."""
    _BACKENDS[_modality(modality)][name] = loader


def backend_class(modality: Modality | str, backend: str | None = None) -> type[Device]:
    kind = _modality(modality)
    name = backend or DEFAULT_BACKENDS.get(kind)
    loader = _BACKENDS[kind].get(name or "")
    if name is None or loader is None:
        known = ", ".join(available_backends(kind)) or "none yet"
        raise BackendError(
            f"No {kind.value} backend named {name!r} (known: {known}).",
            reason=BackendReason.UNKNOWN_BACKEND,
        )
    try:
        cls = loader()
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in _LIBRARIES:
            raise
        raise BackendError(
            f"The {kind.value} backend {name!r} needs the {_LIBRARIES[top]} package.",
            reason=BackendReason.LIBRARY_MISSING,
        ) from exc
    if not (
        isinstance(cls, type) and issubclass(cls, Device) and issubclass(cls, INTERFACES[kind])
    ):
        raise TypeError(f"{kind.value} backend {name!r} is not a {INTERFACES[kind].__name__}")
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
    loader = _SIMULATORS.get(name)
    if loader is None:
        known = ", ".join(sorted(_SIMULATORS))
        raise BackendError(
            f"No simulator named {name!r} (known: {known}).",
            reason=BackendReason.UNKNOWN_BACKEND,
        )
    return loader()(**options)
