"""The devices' sentences (context "devices"): their names, states, failures and hints.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import PLURAL, plural, translate

translate("devices", "ready", "status.ready")
translate("devices", "not open yet", "status.not_open")
translate("devices", "not checked yet", "status.not_checked")
translate("devices", "not watched yet", "status.not_watched")
translate("devices", "capturing", "status.capturing")
translate("devices", "no card on the reader", "status.no_card")
translate("devices", "card on the reader", "status.card_present")
translate("devices", "the card does not answer; put it on the reader again", "status.card_mute")
translate("devices", "another program is using the card", "status.card_exclusive")
translate("devices", "the card reader was unplugged", "status.reader_removed")
translate("devices", "reading the card", "status.exchanging")
translate(
    "devices",
    "the smart-card service (pcscd) is not running",
    "status.pcscd_not_running",
)
translate("devices", "not connected", "status.not_found")
translate("devices", "no simulator for this device", "status.no_simulator")
translate("devices", "the scanner does not answer", "status.scanner_silent")
translate("devices", "the device service does not answer", "status.service_silent")
translate("devices", "the device service is busy", "status.service_busy")
translate("devices", "the device service reports: {detail}", "status.service_reports")
translate("devices", "the device service no longer lists it", "status.not_listed")
translate("devices", "the device is not registered with MOSIP", "status.not_registered")
translate("devices", "no picture from the camera", "status.no_frames")
translate("devices", "did not answer within {detail} s", "status.did_not_answer")
translate("devices", "the system refused it: {detail}", "status.system_error")
translate("devices", "device fault ({error})", "status.failed")
translate("devices", "not connected", "status.failed.not_found")
translate("devices", "unplugged", "status.failed.unplugged")
translate("devices", "not ready yet", "status.failed.not_ready")
translate("devices", "not open yet", "status.failed.not_open")
translate("devices", "busy with another task", "status.failed.busy")
translate(
    "devices",
    "this user account may not open it (permission)",
    "status.failed.permission_denied",
)
translate("devices", "its service is not running", "status.failed.no_service")
translate("devices", "its service stopped", "status.failed.service_stopped")
translate("devices", "the card reader was unplugged", "status.failed.reader_removed")
translate("devices", "does not answer", "status.failed.no_response")
translate("devices", "no picture from the camera", "status.failed.no_frames")
translate("devices", "status unknown", "status.unknown")
translate(
    "devices",
    "No password given: set {env} or run in a terminal to be asked.",
    "auth_no_password.hint",
)
translate(
    "devices",
    "Check the cable and that the device is switched on, then try again.",
    "device_unplugged.hint",
)
translate(
    "devices",
    "Check the cable and that the device is switched on, then try again.",
    "device_not_found.hint",
)
translate(
    "devices",
    "The device did not answer in time; unplug it, plug it in again, retry.",
    "device_no_response.hint",
)
translate(
    "devices",
    "Wrong PIN. %n more wrong PIN(s) and the card blocks itself.",
    "device_wrong_pin",
    PLURAL,
)
plural(
    "devices",
    "device_wrong_pin",
    "Wrong PIN. %n more wrong PIN and the card blocks itself.",
    "Wrong PIN. %n more wrong PINs and the card blocks itself.",
)
translate("devices", "The face camera", "modality_face")
translate("devices", "The fingerprint scanner", "modality_fingerprint")
translate("devices", "The iris camera", "modality_iris")
translate("devices", "The signature pad", "modality_signature")
translate("devices", "The card reader", "modality_card")
translate("devices", "The device", "modality_unknown")
translate(
    "devices",
    "This card is blocked after three wrong PINs. Log in with your password and "
    "ask the admin of your office for a new card.",
    "device_pin_blocked",
)
translate(
    "devices",
    "The device is not connected. Check its cable, then try again.",
    "device_not_found",
)
translate(
    "devices",
    "No card on the reader. Put the staff card on it and try again.",
    "device_no_card",
)
translate(
    "devices",
    "This card cannot log in: it is not a FieldKit staff card with a PIN.",
    "device_function_not_supported",
)
translate(
    "devices",
    "{device} is unplugged. Plug it in again, wait for its light, retry.",
    "device_unplugged",
)
translate("devices", "{device} is not ready yet. Wait a moment, then retry.", "device_not_open")
translate("devices", "{device} is not ready yet. Wait a moment, then retry.", "device_not_ready")
translate(
    "devices",
    "{device} is busy with another task. Wait a moment, then retry.",
    "device_busy",
)
translate(
    "devices",
    "{device} stopped answering (its device service ended). Restart it, then retry.",
    "device_service_stopped",
)
translate(
    "devices",
    "{device} has no device service running. Start it, then retry.",
    "device_no_service",
)
translate(
    "devices",
    "{device} may not be used by this account of the laptop. Ask the operator.",
    "device_permission_denied",
)
translate(
    "devices",
    "{device} did not answer in time. Unplug it, plug it in again, then retry.",
    "device_no_response",
)
translate(
    "devices",
    "{device} sends no picture. Unplug it, plug it in again, then retry.",
    "device_no_frames",
)
translate(
    "devices",
    "{device} saw no finger. Place the finger flat on it, then retry.",
    "device_no_finger",
)
translate(
    "devices",
    "{device} saw nobody in front of it. Guide the person into place, then retry.",
    "device_no_subject",
)
translate(
    "devices",
    "{device} got no signature. Ask the person to sign on the pad, retry.",
    "device_no_pen",
)
translate("devices", "{device} capture was cancelled.", "device_requested")
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_checksum",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_truncated",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_garbage",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_unexpected_packet",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_bad_length",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_bad_reply",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_bad_frame",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_communication",
)
translate(
    "devices",
    "{device} sent something unreadable. Unplug it, plug it in again, retry.",
    "device_device_error",
)
translate(
    "devices",
    "{device} reported a problem ({reason}). The details are in the log file.",
    "device_failed",
)
