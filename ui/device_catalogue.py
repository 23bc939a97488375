"""Why a device is in its state, in the officer's language: the one place each is written.

Drivers give a status as a code (``drivers.base.StatusReason``) and, for a driver
error, that error's reason code; they never word it for a person.  The devices
panel and the Perangkat list show these short phrases (context "devices",
disambiguation ``status.<code>``), and the command line reads the same English
through ``fieldkit.devices.status_english``.  The driver's own English (a port, the
OS's words) stays in the log.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from drivers.base import StatusReason
from fieldkit import sentences

log = logging.getLogger(__name__)


def status_texts() -> dict[StatusReason, str]:
    """StatusReason -> its phrase; built per call so the installed translation applies."""
    return {
        StatusReason.READY: QCoreApplication.translate("devices", "ready", "status.ready"),
        StatusReason.NOT_OPEN: QCoreApplication.translate(
            "devices", "not open yet", "status.not_open"
        ),
        StatusReason.NOT_CHECKED: QCoreApplication.translate(
            "devices", "not checked yet", "status.not_checked"
        ),
        StatusReason.NOT_WATCHED: QCoreApplication.translate(
            "devices", "not watched yet", "status.not_watched"
        ),
        StatusReason.CAPTURING: QCoreApplication.translate(
            "devices", "capturing", "status.capturing"
        ),
        StatusReason.NO_CARD: QCoreApplication.translate(
            "devices", "no card on the reader", "status.no_card"
        ),
        StatusReason.CARD_PRESENT: QCoreApplication.translate(
            "devices", "card on the reader", "status.card_present"
        ),
        StatusReason.CARD_MUTE: QCoreApplication.translate(
            "devices", "the card does not answer; put it on the reader again", "status.card_mute"
        ),
        StatusReason.CARD_EXCLUSIVE: QCoreApplication.translate(
            "devices", "another program is using the card", "status.card_exclusive"
        ),
        StatusReason.READER_REMOVED: QCoreApplication.translate(
            "devices", "the card reader was unplugged", "status.reader_removed"
        ),
        StatusReason.EXCHANGING: QCoreApplication.translate(
            "devices", "reading the card", "status.exchanging"
        ),
        StatusReason.PCSCD_NOT_RUNNING: QCoreApplication.translate(
            "devices",
            "the smart-card service (pcscd) is not running",
            "status.pcscd_not_running",
        ),
        StatusReason.NOT_FOUND: QCoreApplication.translate(
            "devices", "not connected", "status.not_found"
        ),
        StatusReason.NO_SIMULATOR: QCoreApplication.translate(
            "devices", "no simulator for this device", "status.no_simulator"
        ),
        StatusReason.SCANNER_SILENT: QCoreApplication.translate(
            "devices", "the scanner does not answer", "status.scanner_silent"
        ),
        StatusReason.SERVICE_SILENT: QCoreApplication.translate(
            "devices", "the device service does not answer", "status.service_silent"
        ),
        StatusReason.SERVICE_BUSY: QCoreApplication.translate(
            "devices", "the device service is busy", "status.service_busy"
        ),
        StatusReason.SERVICE_REPORTS: QCoreApplication.translate(
            "devices", "the device service reports: {detail}", "status.service_reports"
        ),
        StatusReason.NOT_LISTED: QCoreApplication.translate(
            "devices", "the device service no longer lists it", "status.not_listed"
        ),
        StatusReason.NOT_REGISTERED: QCoreApplication.translate(
            "devices", "the device is not registered with MOSIP", "status.not_registered"
        ),
        StatusReason.NO_FRAMES: QCoreApplication.translate(
            "devices", "no picture from the camera", "status.no_frames"
        ),
        StatusReason.DID_NOT_ANSWER: QCoreApplication.translate(
            "devices", "did not answer within {detail} s", "status.did_not_answer"
        ),
        StatusReason.SYSTEM_ERROR: QCoreApplication.translate(
            "devices", "the system refused it: {detail}", "status.system_error"
        ),
        StatusReason.FAILED: QCoreApplication.translate(
            "devices", "device fault ({error})", "status.failed"
        ),
    }


def failure_texts() -> dict[str, str]:
    """A driver error's reason code -> its short phrase, for the reasons a status shows.

    Reasons not listed (a protocol's checksum, a card's status word) fall back to
    ``status.failed``, which names the code for whoever fixes it.
    """
    return {
        "not_found": QCoreApplication.translate(
            "devices", "not connected", "status.failed.not_found"
        ),
        "unplugged": QCoreApplication.translate("devices", "unplugged", "status.failed.unplugged"),
        "not_ready": QCoreApplication.translate(
            "devices", "not ready yet", "status.failed.not_ready"
        ),
        "not_open": QCoreApplication.translate("devices", "not open yet", "status.failed.not_open"),
        "busy": QCoreApplication.translate(
            "devices", "busy with another task", "status.failed.busy"
        ),
        "permission_denied": QCoreApplication.translate(
            "devices",
            "this user account may not open it (permission)",
            "status.failed.permission_denied",
        ),
        "no_service": QCoreApplication.translate(
            "devices", "its service is not running", "status.failed.no_service"
        ),
        "service_stopped": QCoreApplication.translate(
            "devices", "its service stopped", "status.failed.service_stopped"
        ),
        "reader_removed": QCoreApplication.translate(
            "devices", "the card reader was unplugged", "status.failed.reader_removed"
        ),
        "no_response": QCoreApplication.translate(
            "devices", "does not answer", "status.failed.no_response"
        ),
        "no_frames": QCoreApplication.translate(
            "devices", "no picture from the camera", "status.failed.no_frames"
        ),
    }


def device_detail(reason: str, error: str = "", detail: str = "") -> str:
    """A device status in the UI's language, from its reason code (and a failure's code)."""
    try:
        known = StatusReason(reason)
    except ValueError:
        log.warning("no phrase for device status reason %r", reason)
        return QCoreApplication.translate("devices", "status unknown", "status.unknown")
    if known is StatusReason.FAILED and error in failure_texts():
        return failure_texts()[error]
    params = {"error": error or "-", "detail": detail or "-"}
    return sentences.render(status_texts()[known], params)
