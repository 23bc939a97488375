"""Core errors worded for the officer, in the UI's language.

The core raises errors with a stable code and params only; here each code gets
its catalogue sentence (``ui.error_catalogue*``, the officer's own ones below,
the devices' by the driver's reason code), translated by Qt.  A code without one
falls back to the core's rendering (``error.message``) and logs a warning.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldkit import logs, sentences
from fieldkit.enrollment.errors import InvalidNik
from fieldkit.errors import AuthError, KnownError
from ui.error_catalogue import core_error_texts
from ui.error_catalogue_operator import device_hints
from ui.nik_catalogue import finding_text
from ui.param_catalogue import CODE_SUFFIX, param_words

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

_PLACE = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, params: Mapping[str, str]) -> str:
    """Put each ``{name}``'s value in ``text``; a value given as a code is worded here.

    When the params hold ``<name>_code`` (``field_code: "recipient_name"``) and the
    catalogue has a word for it (``ui.param_catalogue``), that word fills ``{name}``;
    otherwise the value itself (a number, a path, the core's English).
    """
    words = param_words()

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        code = params.get(f"{name}{CODE_SUFFIX}")
        if code is not None and f"{name}.{code}" in words:
            return words[f"{name}.{code}"]
        return params.get(name, "")

    return _PLACE.sub(value, text)


def known_codes() -> frozenset[str]:
    """Every error code with a sentence of its own (the catalogue test checks the core's)."""
    return frozenset(_texts()) | frozenset(core_error_texts()) | frozenset(device_texts())


def _texts() -> dict[str, str]:
    return {
        "auth_wrong_password": QCoreApplication.translate(
            "errors",
            "Wrong password. Check Caps Lock and try again; {tries_left} attempt(s) left before"
            " the account is locked for a while.",
            "auth_wrong_password",
        ),
        "auth_wrong_current_password": QCoreApplication.translate(
            "errors",
            "The current password is wrong; the password was not changed.",
            "auth_wrong_current_password",
        ),
        "auth_unknown_officer": QCoreApplication.translate(
            "errors",
            "There is no officer with the user name {username} on this laptop.",
            "auth_unknown_officer",
        ),
        "auth_disabled": QCoreApplication.translate(
            "errors", "This account is disabled. Ask the admin of your office.", "auth_disabled"
        ),
        "auth_forbidden": QCoreApplication.translate(
            "errors", "Your role ({role}) may not do this; it needs: {allowed}.", "auth_forbidden"
        ),
        "store_read_only": QCoreApplication.translate(
            "errors",
            "FieldKit cannot write to {path}: the disk or folder is read-only.",
            "store_read_only",
        ),
        "store_disk_full": QCoreApplication.translate(
            "errors",
            "The disk is full. The last change was not saved; everything saved before it "
            "is safe. Free some space, then try again.",
            "store_disk_full",
        ),
        "store_too_new": QCoreApplication.translate(
            "errors",
            "This data was written by a newer FieldKit (schema {revision}; this one knows up to"
            " {known}). Install the newer version; nothing was changed.",
            "store_too_new",
        ),
        "store_corrupted": QCoreApplication.translate(
            "errors",
            "The data file is damaged. Ask the operator to restore the latest backup "
            "(fieldkit store restore); the damaged file is kept, not deleted.",
            "store_corrupted",
        ),
        "store_keyring_damaged": QCoreApplication.translate(
            "errors", "The key file {path} of this laptop is damaged.", "store_keyring_damaged"
        ),
        "store_card_slot_damaged": QCoreApplication.translate(
            "errors",
            "The staff card's key on this laptop is damaged. Log in with your password and bind"
            " the card again.",
            "store_card_slot_damaged",
        ),
        "store_key_slot_damaged": QCoreApplication.translate(
            "errors",
            "The account {username} was recognised, but its key on this laptop is damaged."
            " Another officer of the team can reset this account.",
            "store_key_slot_damaged",
        ),
        "auth_card_not_bound": QCoreApplication.translate(
            "errors",
            "This card is not bound to an officer on this laptop. Log in with your "
            "password, then bind the card in Settings.",
            "auth_card_not_bound",
        ),
        "auth_card_of_another_officer": QCoreApplication.translate(
            "errors",
            "This staff card belongs to another officer. The screen stays locked: use your "
            "own card or your password.",
            "auth_card_of_another_officer",
        ),
        # First day at the office: enrollment with a data center, and training.
        "recording_needs_datacenter": QCoreApplication.translate(
            "errors",
            "Recording cannot start: this laptop is not enrolled with a data center yet, so "
            "nothing recorded could be delivered. Enroll it on the Sync screen first.",
            "recording_needs_datacenter",
        ),
        "training_mixes_with_real_work": QCoreApplication.translate(
            "errors",
            "Training and real work do not mix: record real people with training mode off, "
            "and train on the training visit (Desa Latihan).",
            "training_mixes_with_real_work",
        ),
        "sync_fingerprint_mismatch": QCoreApplication.translate(
            "errors",
            "The data center's certificate does not match the fingerprint you were given. "
            "Nothing was sent and the code is still valid: check the address and each group "
            "of the fingerprint with the operator (or open the enrollment file), then try "
            "again with the same code.",
            "sync_fingerprint_mismatch",
        ),
        "sync_fingerprint_required": QCoreApplication.translate(
            "errors",
            "The data center's CA fingerprint is required. Open the enrollment file from the "
            "operator, or type the fingerprint that 'fieldkit-datacenter serve' prints.",
            "sync_fingerprint_required",
        ),
        "sync_invalid_fingerprint": QCoreApplication.translate(
            "errors",
            "The CA fingerprint must be 16 groups of 4 hexadecimal digits.",
            "sync_invalid_fingerprint",
        ),
        "sync_bundle_invalid": QCoreApplication.translate(
            "errors",
            "This file is not an enrollment file. Choose the .json or .png file written by "
            "'fieldkit-datacenter codes new --bundle-out'.",
            "sync_bundle_invalid",
        ),
    }


def explain(error: KnownError) -> str:
    """The error in the UI's language, from its code and params; never the core's English."""
    tries_left = getattr(getattr(error, "driver_error", None), "tries_left", None)
    if error.code == "device_wrong_pin" and tries_left is not None:
        return QCoreApplication.translate(
            "devices",
            "Wrong PIN. %n more wrong PIN(s) and the card blocks itself.",
            "device_wrong_pin",
            tries_left,
        )
    if (
        isinstance(error, AuthError)
        and error.retry_after_seconds
        and error.code == "auth_locked_out"
    ):
        minutes = max(1, round(error.retry_after_seconds / 60))
        return QCoreApplication.translate(
            "errors",
            "Too many wrong passwords. The account is locked for %n minute(s).",
            "auth_locked_out.minutes",
            minutes,
        )
    text = _texts().get(error.code) or core_error_texts().get(error.code)
    if text is None:
        device_words = _device_error(error)
        if device_words is not None:
            return device_words
        log.warning("no translated sentence for error code %s", error.code)
        return error.message
    params = dict(error.params)
    if isinstance(error, InvalidNik) and error.findings:
        # The NIK check's findings, each worded in the UI's language (not the core's English).
        params["problems"] = "; ".join(finding_text(f) for f in error.findings)
    return fill(text, params)


def _device_names() -> dict[str, str]:
    """Modality -> the device's name, the ``{device}`` of the device sentences."""
    return {
        "face": QCoreApplication.translate("devices", "The face camera", "modality_face"),
        "fingerprint": QCoreApplication.translate(
            "devices", "The fingerprint scanner", "modality_fingerprint"
        ),
        "iris": QCoreApplication.translate("devices", "The iris camera", "modality_iris"),
        "signature": QCoreApplication.translate(
            "devices", "The signature pad", "modality_signature"
        ),
        "card": QCoreApplication.translate("devices", "The card reader", "modality_card"),
        "": QCoreApplication.translate("devices", "The device", "modality_unknown"),
    }


def device_texts() -> dict[str, str]:
    """A device's failure by the driver's reason code, naming the device and what to do.

    The drivers' reasons are few and fixed; their English messages (with ports and OS
    words) go to the log only, and the officer reads one of these sentences (issue 14).
    """
    return {
        "device_pin_blocked": QCoreApplication.translate(
            "devices",
            "This card is blocked after three wrong PINs. Log in with your password and "
            "ask the admin of your office for a new card.",
            "device_pin_blocked",
        ),
        "device_not_found": QCoreApplication.translate(
            "devices",
            "The device is not connected. Check its cable, then try again.",
            "device_not_found",
        ),
        "device_no_card": QCoreApplication.translate(
            "devices",
            "No card on the reader. Put the staff card on it and try again.",
            "device_no_card",
        ),
        "device_function_not_supported": QCoreApplication.translate(
            "devices",
            "This card cannot log in: it is not a FieldKit staff card with a PIN.",
            "device_function_not_supported",
        ),
        "device_unplugged": QCoreApplication.translate(
            "devices",
            "{device} is unplugged. Plug it in again, wait for its light, retry.",
            "device_unplugged",
        ),
        "device_not_open": QCoreApplication.translate(
            "devices", "{device} is not ready yet. Wait a moment, then retry.", "device_not_open"
        ),
        "device_not_ready": QCoreApplication.translate(
            "devices", "{device} is not ready yet. Wait a moment, then retry.", "device_not_ready"
        ),
        "device_busy": QCoreApplication.translate(
            "devices",
            "{device} is busy with another task. Wait a moment, then retry.",
            "device_busy",
        ),
        "device_service_stopped": QCoreApplication.translate(
            "devices",
            "{device} stopped answering (its device service ended). Restart it, then retry.",
            "device_service_stopped",
        ),
        "device_no_service": QCoreApplication.translate(
            "devices",
            "{device} has no device service running. Start it, then retry.",
            "device_no_service",
        ),
        "device_permission_denied": QCoreApplication.translate(
            "devices",
            "{device} may not be used by this account of the laptop. Ask the operator.",
            "device_permission_denied",
        ),
        "device_no_response": QCoreApplication.translate(
            "devices",
            "{device} did not answer in time. Unplug it, plug it in again, then retry.",
            "device_no_response",
        ),
        "device_no_frames": QCoreApplication.translate(
            "devices",
            "{device} sends no picture. Unplug it, plug it in again, then retry.",
            "device_no_frames",
        ),
        "device_no_finger": QCoreApplication.translate(
            "devices",
            "{device} saw no finger. Place the finger flat on it, then retry.",
            "device_no_finger",
        ),
        "device_no_subject": QCoreApplication.translate(
            "devices",
            "{device} saw nobody in front of it. Guide the person into place, then retry.",
            "device_no_subject",
        ),
        "device_no_pen": QCoreApplication.translate(
            "devices",
            "{device} got no signature. Ask the person to sign on the pad, retry.",
            "device_no_pen",
        ),
        "device_requested": QCoreApplication.translate(
            "devices", "{device} capture was cancelled.", "device_requested"
        ),
        "device_checksum": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_checksum",
        ),
        "device_truncated": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_truncated",
        ),
        "device_garbage": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_garbage",
        ),
        "device_unexpected_packet": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_unexpected_packet",
        ),
        "device_bad_length": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_bad_length",
        ),
        "device_bad_reply": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_bad_reply",
        ),
        "device_bad_frame": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_bad_frame",
        ),
        "device_communication": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_communication",
        ),
        "device_device_error": QCoreApplication.translate(
            "devices",
            "{device} sent something unreadable. Unplug it, plug it in again, retry.",
            "device_device_error",
        ),
        **device_hints(),
        "device_failed": QCoreApplication.translate(
            "devices",
            "{device} reported a problem ({reason}). The details are in the log file.",
            "device_failed",
        ),
    }


def _device_error(error: KnownError) -> str | None:
    """A device error in words; a reason without a sentence of its own gets the general one."""
    if not error.code.startswith("device_"):
        return None
    texts = device_texts()
    modality = getattr(getattr(error, "modality", None), "value", "")
    params = {**error.params, "device": _device_names().get(modality) or _device_names()[""]}
    text = texts.get(error.code)
    if text is None:
        params["reason"] = error.code.removeprefix("device_")
        text = texts["device_failed"]
    return sentences.render(text, params)


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
