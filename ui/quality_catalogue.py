"""The quality checks' instructions in words: the one place each sentence is written.

The core's checks return an :class:`~fieldkit.quality.result.Instruction`, a
code and its params; here each code gets its English sentence, which Qt's
translator turns into the officer's language (``assets/i18n/fieldkit_id.ts``).
The third argument of each ``translate`` is the code itself, which is how
``scripts/i18n.py --update`` writes the English fallback the CLI and logs read
(``fieldkit/catalogue_en.py`` through ``fieldkit.sentences``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from fieldkit.formats.positions import FingerPosition
from fieldkit.quality.result import FINGER_PARAM_SUFFIX, Instruction
from ui.messages import fill

log = logging.getLogger(__name__)


def quality_texts() -> dict[str, str]:
    """Code -> sentence; built per call so the installed translation applies."""
    return {
        "ok": QCoreApplication.translate("quality", "Quality is good", "ok"),
        "low_score": QCoreApplication.translate(
            "quality", "Quality under the office's threshold; capture again", "low_score"
        ),
        # --- face
        "face.no_face": QCoreApplication.translate(
            "quality", "No face found; face the camera", "face.no_face"
        ),
        "face.multiple_faces": QCoreApplication.translate(
            "quality", "Only one person in front of the camera", "face.multiple_faces"
        ),
        "face.too_dark": QCoreApplication.translate(
            "quality", "Face too dark; add light", "face.too_dark"
        ),
        "face.too_bright": QCoreApplication.translate(
            "quality", "Face too bright; reduce the light", "face.too_bright"
        ),
        "face.eyes_not_found": QCoreApplication.translate(
            "quality", "Eyes not visible; open the eyes, remove glasses", "face.eyes_not_found"
        ),
        "face.too_close": QCoreApplication.translate(
            "quality", "Too close; move the camera back", "face.too_close"
        ),
        "face.too_small": QCoreApplication.translate(
            "quality", "Face too small; move the camera closer", "face.too_small"
        ),
        "face.not_centred": QCoreApplication.translate(
            "quality", "Centre the face in the frame", "face.not_centred"
        ),
        "face.rolled": QCoreApplication.translate(
            "quality", "Head tilted; hold the head straight", "face.rolled"
        ),
        "face.blurred": QCoreApplication.translate(
            "quality", "Image blurred; hold still and focus", "face.blurred"
        ),
        "face.background_color": QCoreApplication.translate(
            "quality", "Wrong background colour", "face.background_color"
        ),
        "face.background_uneven": QCoreApplication.translate(
            "quality", "Background not plain; straighten the backdrop", "face.background_uneven"
        ),
        "face.low_quality": QCoreApplication.translate(
            "quality", "Low photo quality; take it again", "face.low_quality"
        ),
        "face.background_red": QCoreApplication.translate(
            "quality", "Background must be red (odd birth year)", "face.background_red"
        ),
        "face.background_blue": QCoreApplication.translate(
            "quality", "Background must be blue (even birth year)", "face.background_blue"
        ),
        "face.background_red_or_blue": QCoreApplication.translate(
            "quality", "Background must be red or blue", "face.background_red_or_blue"
        ),
        # --- fingers
        "finger.place_flat": QCoreApplication.translate(
            "quality",
            "Place the finger flat in the middle of the scanner glass",
            "finger.place_flat",
        ),
        "finger.press_firmer": QCoreApplication.translate(
            "quality",
            "Press the finger more firmly; moisten the finger if it is dry",
            "finger.press_firmer",
        ),
        "finger.clean": QCoreApplication.translate(
            "quality", "Clean and dry the finger and the scanner glass", "finger.clean"
        ),
        "finger.retry": QCoreApplication.translate(
            "quality", "Clean the finger and press it firmly", "finger.retry"
        ),
        "finger.duplicate": QCoreApplication.translate(
            "quality",
            "{first_finger} and {second_finger} look like the same finger; capture again with"
            " the right finger",
            "finger.duplicate",
        ),
        # --- irises
        "iris.unscorable": QCoreApplication.translate(
            "quality", "Image cannot be assessed; capture again", "iris.unscorable"
        ),
        "iris.too_dark": QCoreApplication.translate(
            "quality", "Image too dark; check the camera's infrared light", "iris.too_dark"
        ),
        "iris.too_bright": QCoreApplication.translate(
            "quality", "Image too bright; avoid direct sunlight", "iris.too_bright"
        ),
        "iris.no_iris": QCoreApplication.translate(
            "quality", "No eye found; aim the camera at the eye", "iris.no_iris"
        ),
        "iris.occluded": QCoreApplication.translate(
            "quality", "Iris covered by the eyelid; ask to open the eye wide", "iris.occluded"
        ),
        "iris.too_close": QCoreApplication.translate(
            "quality", "Eye too close; move the camera back a little", "iris.too_close"
        ),
        "iris.iris_too_small": QCoreApplication.translate(
            "quality", "Eye too far; move the camera closer", "iris.iris_too_small"
        ),
        "iris.not_centred": QCoreApplication.translate(
            "quality", "Centre the eye in the frame", "iris.not_centred"
        ),
        "iris.blurred": QCoreApplication.translate(
            "quality", "Image blurred; hold the camera still and focus", "iris.blurred"
        ),
        "iris.low_contrast": QCoreApplication.translate(
            "quality", "Low contrast; clean the lens, remove glasses", "iris.low_contrast"
        ),
        "iris.pupil_dilation": QCoreApplication.translate(
            "quality",
            "Pupil size out of range; adjust the room light and retry",
            "iris.pupil_dilation",
        ),
        "iris.pupil_dilated": QCoreApplication.translate(
            "quality", "Pupil too dilated; add room light", "iris.pupil_dilated"
        ),
        "iris.pupil_constricted": QCoreApplication.translate(
            "quality", "Pupil too constricted; reduce bright light", "iris.pupil_constricted"
        ),
        "iris.not_concentric": QCoreApplication.translate(
            "quality", "Ask the person to look straight into the camera", "iris.not_concentric"
        ),
        # --- signature
        "signature.empty": QCoreApplication.translate(
            "quality", "Signature is empty; ask for it again", "signature.empty"
        ),
        "signature.single_dot": QCoreApplication.translate(
            "quality", "Only a dot; ask for a full signature", "signature.single_dot"
        ),
        "signature.too_short": QCoreApplication.translate(
            "quality", "Signature too quick; ask to sign again", "signature.too_short"
        ),
        "signature.too_small": QCoreApplication.translate(
            "quality", "Signature too small; ask to sign larger", "signature.too_small"
        ),
    }


def finger_names() -> dict[FingerPosition, str]:
    """Each finger position as the officer calls it, in the UI's language."""
    return {
        FingerPosition.UNKNOWN: QCoreApplication.translate(
            "quality", "Unknown finger", "finger_name.0"
        ),
        FingerPosition.RIGHT_THUMB: QCoreApplication.translate(
            "quality", "Right thumb", "finger_name.1"
        ),
        FingerPosition.RIGHT_INDEX: QCoreApplication.translate(
            "quality", "Right index finger", "finger_name.2"
        ),
        FingerPosition.RIGHT_MIDDLE: QCoreApplication.translate(
            "quality", "Right middle finger", "finger_name.3"
        ),
        FingerPosition.RIGHT_RING: QCoreApplication.translate(
            "quality", "Right ring finger", "finger_name.4"
        ),
        FingerPosition.RIGHT_LITTLE: QCoreApplication.translate(
            "quality", "Right little finger", "finger_name.5"
        ),
        FingerPosition.LEFT_THUMB: QCoreApplication.translate(
            "quality", "Left thumb", "finger_name.6"
        ),
        FingerPosition.LEFT_INDEX: QCoreApplication.translate(
            "quality", "Left index finger", "finger_name.7"
        ),
        FingerPosition.LEFT_MIDDLE: QCoreApplication.translate(
            "quality", "Left middle finger", "finger_name.8"
        ),
        FingerPosition.LEFT_RING: QCoreApplication.translate(
            "quality", "Left ring finger", "finger_name.9"
        ),
        FingerPosition.LEFT_LITTLE: QCoreApplication.translate(
            "quality", "Left little finger", "finger_name.10"
        ),
        FingerPosition.RIGHT_SLAP: QCoreApplication.translate(
            "quality", "Right four-finger slap", "finger_name.13"
        ),
        FingerPosition.LEFT_SLAP: QCoreApplication.translate(
            "quality", "Left four-finger slap", "finger_name.14"
        ),
        FingerPosition.BOTH_THUMBS: QCoreApplication.translate(
            "quality", "Both thumbs", "finger_name.15"
        ),
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
