"""Quality findings and their instructions (context "quality"), and the package's errors.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("errors", "The {modality} threshold must be between 0 and 100.", "threshold_range")
translate("errors", "Attempts per capture must be between 1 and {max}.", "attempts_range")
translate(
    "errors",
    "The file {file} is not an image FieldKit can read, or it is damaged.",
    "image_unreadable",
)
translate(
    "errors",
    "There is no file {file}; check the name and the folder.",
    "image_file_missing",
)
translate(
    "errors",
    "The image {file} declares {width} x {height} pixels, more than the {limit} an image may "
    "have; it was not opened.",
    "image_too_large",
)
translate(
    "errors",
    "Keeping a capture below the quality threshold needs a reason, so the ketua tim can review it.",
    "reason_required",
)
translate(
    "errors",
    "There is no reason code {given}; choose one of: {choices}.",
    "reason_code_unknown",
)
translate(
    "errors",
    "This capture has had {attempts} attempts, the most allowed is {max}. Keep the best"
    " one, record an exception, or give a reason to try again.",
    "attempt_limit_reached",
)
translate("errors", "Capture or copy the file again.", "image_unreadable.hint")
translate("quality", "Quality is good", "ok")
translate("quality", "Quality under the office's threshold; capture again", "low_score")
translate("quality", "No face found; face the camera", "face.no_face")
translate("quality", "Only one person in front of the camera", "face.multiple_faces")
translate("quality", "Face too dark; add light", "face.too_dark")
translate("quality", "Face too bright; reduce the light", "face.too_bright")
translate("quality", "Eyes not visible; open the eyes, remove glasses", "face.eyes_not_found")
translate("quality", "Too close; move the camera back", "face.too_close")
translate("quality", "Face too small; move the camera closer", "face.too_small")
translate("quality", "Centre the face in the frame", "face.not_centred")
translate("quality", "Head tilted; hold the head straight", "face.rolled")
translate("quality", "Image blurred; hold still and focus", "face.blurred")
translate("quality", "Wrong background colour", "face.background_color")
translate("quality", "Background not plain; straighten the backdrop", "face.background_uneven")
translate("quality", "Low photo quality; take it again", "face.low_quality")
translate("quality", "Background must be red (odd birth year)", "face.background_red")
translate("quality", "Background must be blue (even birth year)", "face.background_blue")
translate("quality", "Background must be red or blue", "face.background_red_or_blue")
translate(
    "quality",
    "Place the finger flat in the middle of the scanner glass",
    "finger.place_flat",
)
translate(
    "quality",
    "Press the finger more firmly; moisten the finger if it is dry",
    "finger.press_firmer",
)
translate("quality", "Clean and dry the finger and the scanner glass", "finger.clean")
translate("quality", "Clean the finger and press it firmly", "finger.retry")
translate(
    "quality",
    "{first_finger} and {second_finger} look like the same finger; capture again with"
    " the right finger",
    "finger.duplicate",
)
translate("quality", "Image cannot be assessed; capture again", "iris.unscorable")
translate("quality", "Image too dark; check the camera's infrared light", "iris.too_dark")
translate("quality", "Image too bright; avoid direct sunlight", "iris.too_bright")
translate("quality", "No eye found; aim the camera at the eye", "iris.no_iris")
translate("quality", "Iris covered by the eyelid; ask to open the eye wide", "iris.occluded")
translate("quality", "Eye too close; move the camera back a little", "iris.too_close")
translate("quality", "Eye too far; move the camera closer", "iris.iris_too_small")
translate("quality", "Centre the eye in the frame", "iris.not_centred")
translate("quality", "Image blurred; hold the camera still and focus", "iris.blurred")
translate("quality", "Low contrast; clean the lens, remove glasses", "iris.low_contrast")
translate(
    "quality",
    "Pupil size out of range; adjust the room light and retry",
    "iris.pupil_dilation",
)
translate("quality", "Pupil too dilated; add room light", "iris.pupil_dilated")
translate("quality", "Pupil too constricted; reduce bright light", "iris.pupil_constricted")
translate("quality", "Ask the person to look straight into the camera", "iris.not_concentric")
translate("quality", "Signature is empty; ask for it again", "signature.empty")
translate("quality", "Only a dot; ask for a full signature", "signature.single_dot")
translate("quality", "Signature too quick; ask to sign again", "signature.too_short")
translate("quality", "Signature too small; ask to sign larger", "signature.too_small")
translate("quality", "Unknown finger", "finger_name.0")
translate("quality", "Right thumb", "finger_name.1")
translate("quality", "Right index finger", "finger_name.2")
translate("quality", "Right middle finger", "finger_name.3")
translate("quality", "Right ring finger", "finger_name.4")
translate("quality", "Right little finger", "finger_name.5")
translate("quality", "Left thumb", "finger_name.6")
translate("quality", "Left index finger", "finger_name.7")
translate("quality", "Left middle finger", "finger_name.8")
translate("quality", "Left ring finger", "finger_name.9")
translate("quality", "Left little finger", "finger_name.10")
translate("quality", "Right four-finger slap", "finger_name.13")
translate("quality", "Left four-finger slap", "finger_name.14")
translate("quality", "Both thumbs", "finger_name.15")
