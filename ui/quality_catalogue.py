"""The quality checks' instructions in the officer's language.

The core's checks return an :class:`~fieldkit.quality.result.Instruction`, a
code and its params; each code's sentence is written once, in English, in
``fieldkit/quality/sentences.py``, and Qt's translator turns it into the officer's
language here (``assets/i18n/fieldkit_id.ts``, :func:`ui.core_sentences.core_text`).
"""

from __future__ import annotations

import logging

from fieldkit.formats.positions import FingerPosition
from fieldkit.quality.result import FINGER_PARAM_SUFFIX, Instruction
from ui.core_sentences import core_text
from ui.messages import fill

log = logging.getLogger(__name__)


def quality_texts() -> dict[str, str]:
    """Code -> sentence; built per call so the installed translation applies."""
    return {
        "ok": core_text("quality", "ok"),
        "low_score": core_text("quality", "low_score"),
        # --- face
        "face.no_face": core_text("quality", "face.no_face"),
        "face.multiple_faces": core_text("quality", "face.multiple_faces"),
        "face.too_dark": core_text("quality", "face.too_dark"),
        "face.too_bright": core_text("quality", "face.too_bright"),
        "face.eyes_not_found": core_text("quality", "face.eyes_not_found"),
        "face.too_close": core_text("quality", "face.too_close"),
        "face.too_small": core_text("quality", "face.too_small"),
        "face.not_centred": core_text("quality", "face.not_centred"),
        "face.rolled": core_text("quality", "face.rolled"),
        "face.blurred": core_text("quality", "face.blurred"),
        "face.background_color": core_text("quality", "face.background_color"),
        "face.background_uneven": core_text("quality", "face.background_uneven"),
        "face.low_quality": core_text("quality", "face.low_quality"),
        "face.background_red": core_text("quality", "face.background_red"),
        "face.background_blue": core_text("quality", "face.background_blue"),
        "face.background_red_or_blue": core_text("quality", "face.background_red_or_blue"),
        # --- fingers
        "finger.place_flat": core_text("quality", "finger.place_flat"),
        "finger.press_firmer": core_text("quality", "finger.press_firmer"),
        "finger.clean": core_text("quality", "finger.clean"),
        "finger.retry": core_text("quality", "finger.retry"),
        "finger.duplicate": core_text("quality", "finger.duplicate"),
        # --- irises
        "iris.unscorable": core_text("quality", "iris.unscorable"),
        "iris.too_dark": core_text("quality", "iris.too_dark"),
        "iris.too_bright": core_text("quality", "iris.too_bright"),
        "iris.no_iris": core_text("quality", "iris.no_iris"),
        "iris.occluded": core_text("quality", "iris.occluded"),
        "iris.too_close": core_text("quality", "iris.too_close"),
        "iris.iris_too_small": core_text("quality", "iris.iris_too_small"),
        "iris.not_centred": core_text("quality", "iris.not_centred"),
        "iris.blurred": core_text("quality", "iris.blurred"),
        "iris.low_contrast": core_text("quality", "iris.low_contrast"),
        "iris.pupil_dilation": core_text("quality", "iris.pupil_dilation"),
        "iris.pupil_dilated": core_text("quality", "iris.pupil_dilated"),
        "iris.pupil_constricted": core_text("quality", "iris.pupil_constricted"),
        "iris.not_concentric": core_text("quality", "iris.not_concentric"),
        # --- signature
        "signature.empty": core_text("quality", "signature.empty"),
        "signature.single_dot": core_text("quality", "signature.single_dot"),
        "signature.too_short": core_text("quality", "signature.too_short"),
        "signature.too_small": core_text("quality", "signature.too_small"),
    }


def finger_names() -> dict[FingerPosition, str]:
    """Each finger position as the officer calls it, in the UI's language."""
    return {
        FingerPosition.UNKNOWN: core_text("quality", "finger_name.0"),
        FingerPosition.RIGHT_THUMB: core_text("quality", "finger_name.1"),
        FingerPosition.RIGHT_INDEX: core_text("quality", "finger_name.2"),
        FingerPosition.RIGHT_MIDDLE: core_text("quality", "finger_name.3"),
        FingerPosition.RIGHT_RING: core_text("quality", "finger_name.4"),
        FingerPosition.RIGHT_LITTLE: core_text("quality", "finger_name.5"),
        FingerPosition.LEFT_THUMB: core_text("quality", "finger_name.6"),
        FingerPosition.LEFT_INDEX: core_text("quality", "finger_name.7"),
        FingerPosition.LEFT_MIDDLE: core_text("quality", "finger_name.8"),
        FingerPosition.LEFT_RING: core_text("quality", "finger_name.9"),
        FingerPosition.LEFT_LITTLE: core_text("quality", "finger_name.10"),
        FingerPosition.RIGHT_SLAP: core_text("quality", "finger_name.13"),
        FingerPosition.LEFT_SLAP: core_text("quality", "finger_name.14"),
        FingerPosition.BOTH_THUMBS: core_text("quality", "finger_name.15"),
    }


def finger_name(position: FingerPosition) -> str:
    return finger_names()[position]


def _param_words(name: str, value: str) -> str:
    """A param as the sentence says it: a finger position number becomes the finger's name."""
    if name.endswith(FINGER_PARAM_SUFFIX) and value.isdigit():
        try:
            return finger_name(FingerPosition(int(value)))
        except ValueError:
            return value
    return value


def instruction_text(instruction: Instruction) -> str:
    """The instruction in the UI's language; a code with no sentence here says its English."""
    text = quality_texts().get(instruction.code)
    if text is None:
        log.warning("no sentence in the quality catalogue for %s", instruction.code)
        return instruction.english()
    params = {name: _param_words(name, value) for name, value in instruction.params.items()}
    return fill(text, params)
