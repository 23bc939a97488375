"""A person recorded as the team does for someone who cannot sign nor consent alone.

A guardian (wali) consents for them, with a photo of the signed letter, and they give a
thumbprint (cap jempol) instead of a signature: the record waits for the ketua tim, who
must see the print, the guardian and the letter.  Synthetic data, the simulators' devices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit import demo, finish
from fieldkit.enrollment import capture, intake
from fieldkit.enrollment.machine import FingerMode, SignatureMode, slots_for

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

GUARDIAN_NAME = "Rahmat Hidayat"
GUARDIAN_RELATION = "anak"
#: The guardian's NIK after the district's code: born 1 May 1970, a made-up serial (9xxx).
GUARDIAN_NIK_TAIL = "0105709001"
CANNOT_SIGN = "Tangan gemetar, tidak bisa menulis"


def enroll_by_guardian_with_thumbprint(
    ws: Workspace, kit: demo.SimKit, visit_id: str, index: int, region: str
) -> finish.FinishedRecord:
    """``demo.enroll_one``'s person ``index``, consented by a wali and signed by thumb."""
    mode = FingerMode.SLAPS if kit.slap_scanner is not None else FingerMode.SINGLE
    view = intake.start_enrollment(
        ws, visit_id, person=demo.synthetic_person(index, region), finger_mode=mode
    )
    letter = demo.proof_photo(index + 50)  # any JPEG stands in for the photographed letter
    consent = intake.ConsentInput(
        intake.ConsentGiver.GUARDIAN,
        name=GUARDIAN_NAME,
        relation=GUARDIAN_RELATION,
        nik=region + GUARDIAN_NIK_TAIL,
        photo=letter,
    )
    intake.record_consent(ws, view.id, consent)
    capture.set_signature_mode(ws, view.id, SignatureMode.THUMBPRINT, CANNOT_SIGN)
    backdrop = capture.training_backdrop(view.birth_year)
    if backdrop is not None and "backdrop" in kit.face.simulation_controls():
        kit.face.set_simulation("backdrop", backdrop)
    for slot in slots_for(mode, SignatureMode.THUMBPRINT):
        demo.capture_best(ws, view.id, slot, kit.device_for(slot))
    return finish.finish_enrollment(ws, view.id)
