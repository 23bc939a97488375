"""Core errors worded for the officer, in the UI's language.

The core raises errors with a stable code and params only; here each code gets
its sentence (written beside its raise; ``ui.error_catalogue``, the officer's own ones below,
the devices' by the driver's reason code), translated by Qt.  A code without one
falls back to the core's rendering (``error.message``) and logs a warning.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldkit import logs, sentences
from fieldkit.enrollment.errors import InvalidNik
from fieldkit.errors import AuthError, KnownError
from ui.core_sentences import core_text
from ui.dates import date_words
from ui.error_catalogue import core_error_text, core_error_texts
from ui.nik_catalogue import finding_text
from ui.param_catalogue import CODE_SUFFIX, param_words

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

_PLACE = re.compile(r"\{([a-z_]+)\}")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
        given = params.get(name, "")
        if _ISO_DAY.fullmatch(given):  # the core's 2020-01-01 reads "1 Januari 2020"
            with contextlib.suppress(ValueError):
                return date_words(dt.date.fromisoformat(given))
        return given

    return _PLACE.sub(value, text)


def known_codes() -> frozenset[str]:
    """Every error code with a sentence of its own (the catalogue test checks the core's)."""
    return frozenset(core_error_texts()) | frozenset(device_texts())


def explain(error: KnownError) -> str:
    """The error in the UI's language, from its code and params; never the core's English."""
    tries_left = getattr(getattr(error, "driver_error", None), "tries_left", None)
    if error.code == "device_wrong_pin" and tries_left is not None:
        return core_text("devices", "device_wrong_pin", tries_left)
    if (
        isinstance(error, AuthError)
        and error.retry_after_seconds
        and error.code == "auth_locked_out"
    ):
        minutes = max(1, round(error.retry_after_seconds / 60))
        return core_text("errors", "auth_locked_out.minutes", minutes)
    text = core_error_text(error.code)
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
        "face": core_text("devices", "modality_face"),
        "fingerprint": core_text("devices", "modality_fingerprint"),
        "iris": core_text("devices", "modality_iris"),
        "signature": core_text("devices", "modality_signature"),
        "card": core_text("devices", "modality_card"),
        "": core_text("devices", "modality_unknown"),
    }


def device_name(kind: str) -> str:
    """A device kind (``fingerprint``) as the officer names the device, in the UI's language."""
    names = _device_names()
    return names.get(kind, names[""])


def device_texts() -> dict[str, str]:
    """A device's failure by the driver's reason code, naming the device and what to do.

    The drivers' reasons are few and fixed; their English messages (with ports and OS
    words) go to the log only, and the officer reads one of these sentences (issue 14).
    """
    return {
        "device_pin_blocked": core_text("devices", "device_pin_blocked"),
        "device_not_found": core_text("devices", "device_not_found"),
        "device_no_card": core_text("devices", "device_no_card"),
        "device_function_not_supported": core_text("devices", "device_function_not_supported"),
        "device_unplugged": core_text("devices", "device_unplugged"),
        "device_not_open": core_text("devices", "device_not_open"),
        "device_not_ready": core_text("devices", "device_not_ready"),
        "device_busy": core_text("devices", "device_busy"),
        "device_service_stopped": core_text("devices", "device_service_stopped"),
        "device_no_service": core_text("devices", "device_no_service"),
        "device_permission_denied": core_text("devices", "device_permission_denied"),
        "device_no_response": core_text("devices", "device_no_response"),
        "device_no_frames": core_text("devices", "device_no_frames"),
        "device_no_finger": core_text("devices", "device_no_finger"),
        "device_no_subject": core_text("devices", "device_no_subject"),
        "device_no_pen": core_text("devices", "device_no_pen"),
        "device_requested": core_text("devices", "device_requested"),
        "device_checksum": core_text("devices", "device_checksum"),
        "device_truncated": core_text("devices", "device_truncated"),
        "device_garbage": core_text("devices", "device_garbage"),
        "device_unexpected_packet": core_text("devices", "device_unexpected_packet"),
        "device_bad_length": core_text("devices", "device_bad_length"),
        "device_bad_reply": core_text("devices", "device_bad_reply"),
        "device_bad_frame": core_text("devices", "device_bad_frame"),
        "device_communication": core_text("devices", "device_communication"),
        "device_device_error": core_text("devices", "device_device_error"),
        "auth_no_password.hint": core_text("devices", "auth_no_password.hint"),
        "device_unplugged.hint": core_text("devices", "device_unplugged.hint"),
        "device_not_found.hint": core_text("devices", "device_not_found.hint"),
        "device_no_response.hint": core_text("devices", "device_no_response.hint"),
        "device_failed": core_text("devices", "device_failed"),
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
