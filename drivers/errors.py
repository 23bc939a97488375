"""Errors raised by device drivers.

Every error carries a ``reason`` enum so the app can translate and explain it
without parsing English messages.  ``drivers`` imports nothing of ours, so this
tree has its own root; the core wraps it into ``FieldKitError``.
"""

from __future__ import annotations

import enum


class DeviceReason(enum.Enum):
    """Why a device cannot be used right now (an environment problem)."""

    NOT_FOUND = "not_found"
    NOT_READY = "not_ready"
    NOT_REGISTERED = "not_registered"
    UNPLUGGED = "unplugged"
    NOT_OPEN = "not_open"
    BUSY = "busy"
    PERMISSION_DENIED = "permission_denied"
    NO_SERVICE = "no_service"
    SERVICE_STOPPED = "service_stopped"
    NO_CARD = "no_card"
    CARD_REMOVED = "card_removed"
    CARD_UNRESPONSIVE = "card_unresponsive"
    READER_REMOVED = "reader_removed"


class ProtocolReason(enum.Enum):
    """How a device's answer was malformed or refused."""

    CHECKSUM = "checksum"
    TRUNCATED = "truncated"
    GARBAGE = "garbage"
    UNEXPECTED_PACKET = "unexpected_packet"
    BAD_LENGTH = "bad_length"
    DEVICE_ERROR = "device_error"
    BAD_REPLY = "bad_reply"
    BAD_FRAME = "bad_frame"
    STATUS_WORD = "status_word"
    COMMUNICATION = "communication"


class TimeoutReason(enum.Enum):
    NO_RESPONSE = "no_response"
    NO_FRAMES = "no_frames"
    NO_FINGER = "no_finger"
    NO_PEN = "no_pen"
    NO_SUBJECT = "no_subject"
    NO_CARD = "no_card"
    NOT_REMOVED = "not_removed"


class AuthReason(enum.Enum):
    WRONG_PASSWORD = "wrong_password"  # noqa: S105  a reason code, not a secret
    WRONG_ADDRESS = "wrong_address"


class CancelReason(enum.Enum):
    REQUESTED = "requested"


class BackendReason(enum.Enum):
    UNKNOWN_MODALITY = "unknown_modality"
    UNKNOWN_BACKEND = "unknown_backend"
    LIBRARY_MISSING = "library_missing"
    BAD_OPTION = "bad_option"


class CardReason(enum.Enum):
    """ISO 7816-4 status words a card answered with, by meaning."""

    FILE_NOT_FOUND = "file_not_found"  # 6A82
    WRONG_OFFSET = "wrong_offset"  # 6B00
    INS_NOT_SUPPORTED = "ins_not_supported"  # 6D00
    CLA_NOT_SUPPORTED = "cla_not_supported"  # 6E00
    WRONG_LENGTH = "wrong_length"  # 6700
    FUNCTION_NOT_SUPPORTED = "function_not_supported"  # 6A81
    NO_CURRENT_EF = "no_current_ef"  # 6986
    WRONG_PARAMETERS = "wrong_parameters"  # 6A86
    WRONG_PIN = "wrong_pin"  # 63Cx: x tries left
    SECURITY_NOT_SATISFIED = "security_not_satisfied"  # 6982: the PIN first
    PIN_BLOCKED = "pin_blocked"  # 6983
    OTHER = "other"


class DriverError(Exception):
    """Root of every error a driver raises on purpose."""

    reason: enum.Enum

    def __init__(self, message: str, *, reason: enum.Enum, device: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.device = device

    @property
    def code(self) -> str:
        """Stable key for translations and logs, e.g. ``DeviceUnavailable.unplugged``."""
        return f"{type(self).__name__}.{self.reason.value}"

    def __str__(self) -> str:
        where = f" [{self.device}]" if self.device else ""
        return f"{self.message}{where}"


class DeviceUnavailable(DriverError):
    reason: DeviceReason

    def __init__(self, message: str, *, reason: DeviceReason, device: str | None = None) -> None:
        super().__init__(message, reason=reason, device=device)


class ProtocolError(DriverError):
    reason: ProtocolReason

    def __init__(
        self,
        message: str,
        *,
        reason: ProtocolReason,
        device: str | None = None,
        code: int | None = None,
    ) -> None:
        super().__init__(message, reason=reason, device=device)
        #: Device-specific numeric code (ZFM confirmation code, ...), if any.
        self.device_code = code


class CardStatusError(DriverError):
    """The card refused a command; ``sw`` is the raw ISO 7816-4 status word."""

    reason: CardReason

    def __init__(
        self, message: str, *, reason: CardReason, sw: int, device: str | None = None
    ) -> None:
        super().__init__(message, reason=reason, device=device)
        self.sw = sw


class WrongPin(CardStatusError):
    """The staff card refused the PIN; it blocks itself when ``tries_left`` reaches 0."""

    def __init__(self, tries_left: int, *, sw: int, device: str | None = None) -> None:
        super().__init__(
            f"Wrong PIN: {tries_left} tries left before the card blocks itself.",
            reason=CardReason.WRONG_PIN,
            sw=sw,
            device=device,
        )
        self.tries_left = tries_left


class DeviceTimeout(DriverError):
    reason: TimeoutReason

    def __init__(self, message: str, *, reason: TimeoutReason, device: str | None = None) -> None:
        super().__init__(message, reason=reason, device=device)


class AuthenticationFailed(DriverError):
    reason: AuthReason

    def __init__(self, message: str, *, reason: AuthReason, device: str | None = None) -> None:
        super().__init__(message, reason=reason, device=device)


class CaptureCancelled(DriverError):
    reason: CancelReason

    def __init__(
        self,
        message: str = "Capture was cancelled.",
        *,
        reason: CancelReason = CancelReason.REQUESTED,
        device: str | None = None,
    ) -> None:
        super().__init__(message, reason=reason, device=device)


class BackendError(DriverError):
    """Configuration problem: an unknown backend, or its library is not installed."""

    reason: BackendReason

    def __init__(self, message: str, *, reason: BackendReason, device: str | None = None) -> None:
        super().__init__(message, reason=reason, device=device)
