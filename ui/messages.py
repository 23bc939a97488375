"""Core errors worded for the officer, in the UI's language.

The core raises errors with a stable code and an English message; here the
codes the officer meets at the keyboard get a translated sentence.  Anything
without one falls back to the core's English text rather than to nothing.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldkit import logs
from fieldkit.errors import AuthError, KnownError
from ui import i18n
from ui.error_catalogue import core_error_texts

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

_PLACE = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, params: Mapping[str, str]) -> str:
    """Put each ``{name}``'s value in ``text``: its Indonesian form (``name_id``) if the UI is."""
    indonesian = i18n.active_language() == "id"

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if indonesian and f"{name}_id" in params:
            return params[f"{name}_id"]
        return params.get(name, "")

    return _PLACE.sub(value, text)


def known_codes() -> frozenset[str]:
    """Every error code with a sentence of its own (the catalogue test checks the core's)."""
    return frozenset(_texts()) | frozenset(core_error_texts())


def _texts() -> dict[str, str]:
    return {
        "auth_wrong_password": QCoreApplication.translate(
            "messages", "Wrong password. Check Caps Lock and try again."
        ),
        "auth_unknown_officer": QCoreApplication.translate(
            "messages", "There is no officer with that user name on this laptop."
        ),
        "auth_disabled": QCoreApplication.translate(
            "messages", "This account is disabled. Ask the admin of your office."
        ),
        "auth_forbidden": QCoreApplication.translate("messages", "Your role may not do this."),
        "store_read_only": QCoreApplication.translate(
            "messages", "FieldKit cannot write to its data folder: the disk or folder is read-only."
        ),
        "store_disk_full": QCoreApplication.translate(
            "messages",
            "The disk is full. The last change was not saved; everything saved before it "
            "is safe. Free some space, then try again.",
        ),
        "store_too_new": QCoreApplication.translate(
            "messages",
            "This data was written by a newer FieldKit. Install the newer version; nothing "
            "was changed.",
        ),
        "store_corrupted": QCoreApplication.translate(
            "messages",
            "The data file is damaged. Ask the operator to restore the latest backup "
            "(fieldkit store restore); the damaged file is kept, not deleted.",
        ),
        "store_keyring_damaged": QCoreApplication.translate(
            "messages", "The key file of this laptop is damaged."
        ),
        "auth_card_not_bound": QCoreApplication.translate(
            "messages",
            "This card is not bound to an officer on this laptop. Log in with your "
            "password, then bind the card in Settings.",
        ),
        "auth_card_of_another_officer": QCoreApplication.translate(
            "messages",
            "This staff card belongs to another officer. The screen stays locked: use your "
            "own card or your password.",
        ),
        "device_pin_blocked": QCoreApplication.translate(
            "messages",
            "This card is blocked after three wrong PINs. Log in with your password and "
            "ask the admin of your office for a new card.",
        ),
        "device_not_found": QCoreApplication.translate(
            "messages", "The device is not connected. Check its cable, then try again."
        ),
        "device_no_card": QCoreApplication.translate(
            "messages", "No card on the reader. Put the staff card on it and try again."
        ),
        "device_function_not_supported": QCoreApplication.translate(
            "messages", "This card cannot log in: it is not a FieldKit staff card with a PIN."
        ),
        # First day at the office: enrollment with a data center, and training.
        "recording_needs_datacenter": QCoreApplication.translate(
            "messages",
            "Recording cannot start: this laptop is not enrolled with a data center yet, so "
            "nothing recorded could be delivered. Enroll it on the Sync screen first.",
        ),
        "training_mixes_with_real_work": QCoreApplication.translate(
            "messages",
            "Training and real work do not mix: record real people with training mode off, "
            "and train on the training visit (Desa Latihan).",
        ),
        "sync_fingerprint_mismatch": QCoreApplication.translate(
            "messages",
            "The data center's certificate does not match the fingerprint you were given. "
            "Nothing was sent and the code is still valid: check the address and each group "
            "of the fingerprint with the operator (or open the enrollment file), then try "
            "again with the same code.",
        ),
        "sync_fingerprint_required": QCoreApplication.translate(
            "messages",
            "The data center's CA fingerprint is required. Open the enrollment file from the "
            "operator, or type the fingerprint that 'fieldkit-datacenter serve' prints.",
        ),
        "sync_invalid_fingerprint": QCoreApplication.translate(
            "messages", "The CA fingerprint must be 16 groups of 4 hexadecimal digits."
        ),
        "sync_bundle_invalid": QCoreApplication.translate(
            "messages",
            "This file is not an enrollment file. Choose the .json or .png file written by "
            "'fieldkit-datacenter codes new --bundle-out'.",
        ),
    }


def explain(error: KnownError) -> str:
    """The error in the UI's language, from its code and params; never the core's English."""
    tries_left = getattr(getattr(error, "driver_error", None), "tries_left", None)
    if error.code == "device_wrong_pin" and tries_left is not None:
        return QCoreApplication.translate(
            "messages",
            "Wrong PIN. %n more wrong PIN(s) and the card blocks itself.",
            "",
            tries_left,
        )
    if (
        isinstance(error, AuthError)
        and error.retry_after_seconds
        and error.code == "auth_locked_out"
    ):
        minutes = max(1, round(error.retry_after_seconds / 60))
        return QCoreApplication.translate(
            "messages",
            "Too many wrong passwords. The account is locked for %n minute(s).",
            "",
            minutes,
        )
    text = _texts().get(error.code) or core_error_texts().get(error.code)
    if text is None:
        device_words = _device_error(error)
        if device_words is not None:
            return device_words
        log.warning("no translated sentence for error code %s", error.code)
        return error.message
    return fill(text, error.params)


def _device_names() -> dict[str, str]:
    return {
        "face": QCoreApplication.translate("messages", "The face camera"),
        "fingerprint": QCoreApplication.translate("messages", "The fingerprint scanner"),
        "iris": QCoreApplication.translate("messages", "The iris camera"),
        "signature": QCoreApplication.translate("messages", "The signature pad"),
        "card": QCoreApplication.translate("messages", "The card reader"),
    }


def _device_error(error: KnownError) -> str | None:
    """A device's failure at capture, naming the device and what to do (issue 14).

    The drivers' reasons are few and fixed; their English messages (with ports and OS
    words) go to the log, and the officer reads one of these sentences.
    """
    if not error.code.startswith("device_"):
        return None
    reason = error.code.removeprefix("device_")
    what = {
        "unplugged": QCoreApplication.translate(
            "messages", "is unplugged. Plug it in again, wait for its light, retry."
        ),
        "not_found": QCoreApplication.translate(
            "messages", "is not connected. Check its cable, then retry."
        ),
        "not_open": QCoreApplication.translate(
            "messages", "is not ready yet. Wait a moment, then retry."
        ),
        "not_ready": QCoreApplication.translate(
            "messages", "is not ready yet. Wait a moment, then retry."
        ),
        "busy": QCoreApplication.translate(
            "messages", "is busy with another task. Wait a moment, then retry."
        ),
        "service_stopped": QCoreApplication.translate(
            "messages", "stopped answering (its device service ended). Restart it, then retry."
        ),
        "no_service": QCoreApplication.translate(
            "messages", "has no device service running. Start it, then retry."
        ),
        "permission_denied": QCoreApplication.translate(
            "messages", "may not be used by this account of the laptop. Ask the operator."
        ),
        "no_response": QCoreApplication.translate(
            "messages", "did not answer in time. Unplug it, plug it in again, then retry."
        ),
        "no_frames": QCoreApplication.translate(
            "messages", "sends no picture. Unplug it, plug it in again, then retry."
        ),
        "no_finger": QCoreApplication.translate(
            "messages", "saw no finger. Place the finger flat on it, then retry."
        ),
        "no_subject": QCoreApplication.translate(
            "messages", "saw nobody in front of it. Guide the person into place, then retry."
        ),
        "no_pen": QCoreApplication.translate(
            "messages", "got no signature. Ask the person to sign on the pad, retry."
        ),
        "requested": QCoreApplication.translate("messages", "capture was cancelled."),
    }.get(reason)
    if what is None and reason in {
        "checksum",
        "truncated",
        "garbage",
        "unexpected_packet",
        "bad_length",
        "bad_reply",
        "bad_frame",
        "communication",
        "device_error",
    }:
        what = QCoreApplication.translate(
            "messages", "sent something unreadable. Unplug it, plug it in again, retry."
        )
    if what is None:
        return None
    modality = getattr(error, "modality", None)
    name = _device_names().get(
        getattr(modality, "value", ""), QCoreApplication.translate("messages", "The device")
    )
    return f"{name} {what}"


def explain_any(error: object) -> str:
    """A worker thread's error: a known one in words, a bug as a pointer to the log."""
    if isinstance(error, KnownError):
        return explain(error)
    where = logs.current_file()
    if where is None:
        return QCoreApplication.translate(
            "messages", "Something went wrong. The log file could not be written."
        )
    return QCoreApplication.translate(
        "messages", "Something went wrong. The details are in the log file: %1"
    ).replace("%1", str(where))


#: fieldkit.devices' reason when neither a pinned nor a discovered device exists.
_NO_DEVICE_OF_A_KIND = re.compile(r"No [a-z]+ device found\.")


def device_detail(reason: str) -> str:
    """A driver's status reason in the UI's language.

    Drivers word their statuses in short English (``drivers.base.DeviceStatus``);
    the fixed ones are translated here.  Error texts that carry an address or the
    OS's words are shown as the driver gave them: they are for whoever fixes it.
    """
    words = {
        "ready": QCoreApplication.translate("devices", "ready"),
        "not open": QCoreApplication.translate("devices", "not open yet"),
        "not monitored": QCoreApplication.translate("devices", "not watched yet"),
        "not checked yet": QCoreApplication.translate("devices", "not checked yet"),
        "capturing": QCoreApplication.translate("devices", "capturing"),
        "no card": QCoreApplication.translate("devices", "no card on the reader"),
        "card present": QCoreApplication.translate("devices", "card on the reader"),
        "exchanging with the card": QCoreApplication.translate("devices", "reading the card"),
        "pcscd is not running": QCoreApplication.translate(
            "devices", "the smart-card service (pcscd) is not running"
        ),
        "The smart-card service (pcscd) is not running.": QCoreApplication.translate(
            "devices", "the smart-card service (pcscd) is not running"
        ),
        "no device found": QCoreApplication.translate("devices", "not connected"),
        "scanner does not answer": QCoreApplication.translate(
            "devices", "the scanner does not answer"
        ),
        "device service does not answer": QCoreApplication.translate(
            "devices", "the device service does not answer"
        ),
        "device no longer listed": QCoreApplication.translate(
            "devices", "the device service no longer lists it"
        ),
        "device service reports busy": QCoreApplication.translate(
            "devices", "the device service is busy"
        ),
        "device is not registered with MOSIP": QCoreApplication.translate(
            "devices", "the device is not registered with MOSIP"
        ),
        "no frames from the camera": QCoreApplication.translate(
            "devices", "no picture from the camera"
        ),
        "no simulator for this device yet": QCoreApplication.translate(
            "devices", "no simulator for this device"
        ),
    }
    if _NO_DEVICE_OF_A_KIND.fullmatch(reason):
        # The supervisor's "No face device found." (its kind is the row's own name).
        return words["no device found"]
    return words.get(reason, reason)
