"""Device drivers: one interface per modality, real backends and simulators.

This package imports nothing of FieldKit's and no Qt; backends load their
third-party libraries (pyscard, pyserial, OpenCV) only when chosen.
"""

from drivers.base import (
    CancelToken,
    CaptureRequest,
    CaptureResult,
    CheckResult,
    Device,
    DeviceInfo,
    DeviceState,
    DeviceStatus,
    Frame,
    HealthCheck,
    ImageDevice,
    Modality,
    PenSample,
)
from drivers.chain import CaptureChain, ChainLink
from drivers.discovery import Discovery, FoundDevice, SerialPort, discover, list_serial_ports
from drivers.errors import (
    AuthenticationFailed,
    BackendError,
    CaptureCancelled,
    CardStatusError,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    ProtocolError,
)
from drivers.interfaces import (
    CardEvent,
    CardEventKind,
    CardRead,
    CardReader,
    CardReadRequest,
    FaceCamera,
    FingerprintScanner,
    IrisCamera,
    SignaturePad,
)
from drivers.registry import available_backends, get_backend, takes_serial_port

__all__ = [
    "AuthenticationFailed",
    "BackendError",
    "CancelToken",
    "CaptureCancelled",
    "CaptureChain",
    "CaptureRequest",
    "CaptureResult",
    "CardEvent",
    "CardEventKind",
    "CardRead",
    "CardReadRequest",
    "CardReader",
    "CardStatusError",
    "ChainLink",
    "CheckResult",
    "Device",
    "DeviceInfo",
    "DeviceState",
    "DeviceStatus",
    "DeviceTimeout",
    "DeviceUnavailable",
    "Discovery",
    "DriverError",
    "FaceCamera",
    "FingerprintScanner",
    "FoundDevice",
    "Frame",
    "HealthCheck",
    "ImageDevice",
    "IrisCamera",
    "Modality",
    "PenSample",
    "ProtocolError",
    "SerialPort",
    "SignaturePad",
    "available_backends",
    "discover",
    "get_backend",
    "list_serial_ports",
    "takes_serial_port",
]
