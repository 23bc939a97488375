"""Why a device is in its state, in the officer's language.

Drivers give a status as a code (``drivers.base.StatusReason``) and, for a driver error,
that error's reason code; they never word it for a person. The devices panel and the
Perangkat list show these short phrases (``fieldkit/devices_sentences.py``, context
"devices", disambiguation ``status.<code>``), and the command line reads the same
English through ``fieldkit.devices.status_english``. The driver's own English (a port,
the OS's words) stays in the log.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from drivers.base import StatusReason
from fieldkit import sentences
from ui.core_sentences import core_text
from ui.design.pill import PillKind

log = logging.getLogger(__name__)

# A symbol per state beside its word, so the state reads in black and white too.
STATE_SYMBOLS = {"ready": "●", "busy": "◐", "not_ready": "◌", "disconnected": "✖", "error": "⚠"}
# The supervisor has not looked at the device yet: "not checked yet", not "not ready".
_NOT_LOOKED_AT = frozenset({StatusReason.NOT_CHECKED.value, StatusReason.NOT_WATCHED.value})


def state_word(state: str, reason: str = "") -> str:
    """The one word for a device's state (Siap, Terputus, Belum diperiksa...).

    Beranda's lights and Pengaturan's table both show the supervisor's state in these
    words, so the two screens can never disagree about the same device.
    """
    if not_looked_at(state, reason):
        return QCoreApplication.translate("DevicesPanel", "Not checked yet")
    words = {
        "ready": QCoreApplication.translate("DevicesPanel", "Ready"),
        "busy": QCoreApplication.translate("DevicesPanel", "Busy"),
        "not_ready": QCoreApplication.translate("DevicesPanel", "Not ready"),
        "disconnected": QCoreApplication.translate("DevicesPanel", "Disconnected"),
        "error": QCoreApplication.translate("DevicesPanel", "Error"),
    }
    return words.get(state, state)


def not_looked_at(state: str, reason: str = "") -> bool:
    """Whether the supervisor has not looked at the device yet ("Belum diperiksa")."""
    return state == "not_ready" and reason in _NOT_LOOKED_AT


# A device state's pill kind: green ready, red unplugged or failed, amber not ready.
_STATE_KINDS = {
    "ready": PillKind.OK,
    "busy": PillKind.NEUTRAL,
    "not_ready": PillKind.WARNING,
    "disconnected": PillKind.DANGER,
    "error": PillKind.DANGER,
}


def state_pill_kind(state: str, reason: str = "") -> PillKind:
    """The pill a device state is drawn as, on Beranda, Pengaturan and Sarpras alike.

    A device not looked at yet ("Belum diperiksa") is no warning: grey.
    """
    if not_looked_at(state, reason):
        return PillKind.NEUTRAL
    return _STATE_KINDS.get(state, PillKind.NEUTRAL)


def state_text(state: str, reason: str = "") -> str:
    """The state's symbol and word, as a cell or a light shows it ("● Siap")."""
    return f"{STATE_SYMBOLS.get(state, '?')} {state_word(state, reason)}"


def status_texts() -> dict[StatusReason, str]:
    """StatusReason -> its phrase; built per call so the installed translation applies."""
    return {
        StatusReason.READY: core_text("devices", "status.ready"),
        StatusReason.NOT_OPEN: core_text("devices", "status.not_open"),
        StatusReason.NOT_CHECKED: core_text("devices", "status.not_checked"),
        StatusReason.NOT_WATCHED: core_text("devices", "status.not_watched"),
        StatusReason.CAPTURING: core_text("devices", "status.capturing"),
        StatusReason.NO_CARD: core_text("devices", "status.no_card"),
        StatusReason.CARD_PRESENT: core_text("devices", "status.card_present"),
        StatusReason.CARD_MUTE: core_text("devices", "status.card_mute"),
        StatusReason.CARD_EXCLUSIVE: core_text("devices", "status.card_exclusive"),
        StatusReason.READER_REMOVED: core_text("devices", "status.reader_removed"),
        StatusReason.EXCHANGING: core_text("devices", "status.exchanging"),
        StatusReason.PCSCD_NOT_RUNNING: core_text("devices", "status.pcscd_not_running"),
        StatusReason.NOT_FOUND: core_text("devices", "status.not_found"),
        StatusReason.NO_SIMULATOR: core_text("devices", "status.no_simulator"),
        StatusReason.SCANNER_SILENT: core_text("devices", "status.scanner_silent"),
        StatusReason.SERVICE_SILENT: core_text("devices", "status.service_silent"),
        StatusReason.SERVICE_BUSY: core_text("devices", "status.service_busy"),
        StatusReason.SERVICE_REPORTS: core_text("devices", "status.service_reports"),
        StatusReason.NOT_LISTED: core_text("devices", "status.not_listed"),
        StatusReason.NOT_REGISTERED: core_text("devices", "status.not_registered"),
        StatusReason.NO_FRAMES: core_text("devices", "status.no_frames"),
        StatusReason.DID_NOT_ANSWER: core_text("devices", "status.did_not_answer"),
        StatusReason.SYSTEM_ERROR: core_text("devices", "status.system_error"),
        StatusReason.FAILED: core_text("devices", "status.failed"),
    }


def failure_texts() -> dict[str, str]:
    """A driver error's reason code -> its short phrase, for the reasons a status shows.

    Reasons not listed (a protocol's checksum, a card's status word) fall back to
    ``status.failed``, which names the code for whoever fixes it.
    """
    return {
        "not_found": core_text("devices", "status.failed.not_found"),
        "unplugged": core_text("devices", "status.failed.unplugged"),
        "not_ready": core_text("devices", "status.failed.not_ready"),
        "not_open": core_text("devices", "status.failed.not_open"),
        "busy": core_text("devices", "status.failed.busy"),
        "permission_denied": core_text("devices", "status.failed.permission_denied"),
        "no_service": core_text("devices", "status.failed.no_service"),
        "service_stopped": core_text("devices", "status.failed.service_stopped"),
        "reader_removed": core_text("devices", "status.failed.reader_removed"),
        "no_response": core_text("devices", "status.failed.no_response"),
        "no_frames": core_text("devices", "status.failed.no_frames"),
    }


def device_detail(reason: str, error: str = "", detail: str = "") -> str:
    """A device status in the UI's language, from its reason code (and a failure's code)."""
    try:
        known = StatusReason(reason)
    except ValueError:
        log.warning("no phrase for device status reason %r", reason)
        return core_text("devices", "status.unknown")
    if known is StatusReason.FAILED and error in failure_texts():
        return failure_texts()[error]
    params = {"error": error or "-", "detail": detail or "-"}
    return sentences.render(status_texts()[known], params)


def backend_text(backend: str | None) -> str:
    """A device backend in the officer's words: "kamera USB", never ``opencv`` or ``sim``.

    Backend names (``sim``, ``sbi``, ``isdv4``, ``zfm``, ``pcsc``) are the drivers'
    registry keys: the configuration file, the log and the command line keep them, a
    screen says what the thing is (issue 47, finding 11).  Beranda's device lights,
    Pengaturan's table, its backend list and its messages all say it through here.
    A backend this app does not know (a site's own) keeps its name; none is automatic.
    """
    if not backend:
        return QCoreApplication.translate("SettingsPage", "automatic")
    words = {
        "sim": QCoreApplication.translate("DevicesPanel", "simulator (training)"),
        "zfm-sim": QCoreApplication.translate("DeviceBackends", "simulator (single-finger sensor)"),
        "opencv-sim": QCoreApplication.translate("DeviceBackends", "simulator (one-eye camera)"),
        "opencv": QCoreApplication.translate("DeviceBackends", "USB camera"),
        "sbi": QCoreApplication.translate("DeviceBackends", "MOSIP SBI device service"),
        "zfm": QCoreApplication.translate("DeviceBackends", "fingerprint sensor on a serial port"),
        "isdv4": QCoreApplication.translate("DeviceBackends", "signature pad on a serial port"),
        "pcsc": QCoreApplication.translate("DeviceBackends", "USB card reader"),
    }
    return words.get(backend, backend)
