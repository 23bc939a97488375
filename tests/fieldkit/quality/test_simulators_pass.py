"""Each simulator's good output passes the default thresholds; its poor output fails them.

Issue 47 B5: every fingerprint from the SBI simulator scored 35-38 against the default
threshold of 40, so every record on that path was flagged and needed "Simpan dengan
alasan".  A simulator stands for a good device and a cooperative person: its good
captures must pass the quality policy's defaults, on every transport (the ZFM scanner
over its serial line, the SBI services over HTTP), for every slot it serves; and its
poor mode (the training's bad cases) must fail them.  The captures go through the real
drivers and wire protocols, and are judged by the enrollment's own functions.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.base import CaptureRequest, Modality
from drivers.fingerprint.synth import ImageQuality
from drivers.fingerprint.zfm import ZfmScanner
from drivers.fingerprint.zfm_sim import ZfmEmulator
from drivers.registry import get_backend
from drivers.sbi.backends import SbiFaceCamera, SbiFingerprintScanner, SbiIrisCamera
from drivers.sbi.sim import SbiSimulator
from fieldkit.enrollment import assess
from fieldkit.quality.policy import QualityPolicy
from fieldkit.quality.result import QualityModality

POLICY = QualityPolicy()  # the defaults: finger 40 (NFIQ 2), iris 60, face 50
#: The slap scanner's slots: right four, left four, both thumbs; all ten fingers.
SLAPS = ("13", "14", "15")
#: An SBI simulator's "poor" quality score: below 40 it serves degraded images.
POOR_SCORE = 30.0
#: The KTP-el backdrop for the face service's default red: an odd birth year.
ODD_BIRTH_YEAR = 1951


def _failed(verdicts: list[assess.PartVerdict]) -> list[tuple[str, float | None]]:
    return [(v.part, v.score) for v in verdicts if not v.passed]


def _slap_fingers(scanner: SbiFingerprintScanner) -> dict[str, object]:
    fingers: dict[str, object] = {}
    for slot in SLAPS:
        result = scanner.capture(CaptureRequest(position=slot, timeout_s=60.0))
        parts = result.metadata["parts"].split(",")
        assert len(parts) == len(result.images)
        fingers.update(zip(parts, result.images, strict=True))
    assert sorted(fingers, key=int) == [str(p) for p in range(1, 11)]
    return fingers


def _best_within_the_attempts(scanner: SbiFingerprintScanner) -> list[assess.PartVerdict]:
    """Each finger's best verdict over the policy's attempts, as the enrollment keeps it.

    A subject's prints are drawn afresh for each capture (turned, moved, noisy, as a person
    never presses twice the same), so one finger of one capture may score under the mark
    (CI: finger 3 at 38 against 40); a cooperative person passes within the attempts.
    """
    best: dict[str, assess.PartVerdict] = {}
    for _ in range(POLICY.max_attempts):
        for verdict in assess.assess_fingers(_slap_fingers(scanner), POLICY):  # type: ignore[arg-type]
            kept = best.get(verdict.part)
            if kept is None or (verdict.score or 0.0) > (kept.score or 0.0):
                best[verdict.part] = verdict
        if all(v.passed for v in best.values()):
            break
    return list(best.values())


@pytest.fixture
def finger_service() -> Iterator[SbiSimulator]:
    """``fieldkit sim sbi``'s service as it starts by default (seed 1, quality 80)."""
    service = SbiSimulator("Finger", capture_delay_s=0.0)
    service.start()
    yield service
    service.stop()


def test_the_sbi_finger_services_good_prints_pass_for_every_finger(
    finger_service: SbiSimulator,
) -> None:
    with SbiFingerprintScanner(finger_service.port, timeout_s=60.0) as scanner:
        verdicts = assess.assess_fingers(_slap_fingers(scanner), POLICY)  # type: ignore[arg-type]
    assert len(verdicts) == 10
    assert _failed(verdicts) == []
    assert all((v.score or 0) >= POLICY.threshold(QualityModality.FINGER) for v in verdicts)


def test_the_sbi_finger_services_poor_prints_fail_for_every_finger(
    finger_service: SbiSimulator,
) -> None:
    """The training's bad case: the trainer lowers the score, the prints are worn."""
    finger_service.set_quality(POOR_SCORE)
    with SbiFingerprintScanner(finger_service.port, timeout_s=60.0) as scanner:
        verdicts = assess.assess_fingers(_slap_fingers(scanner), POLICY)  # type: ignore[arg-type]
    assert len(verdicts) == 10
    assert not [v.part for v in verdicts if v.passed]


def test_the_in_app_slap_simulator_passes_for_every_finger() -> None:
    """The ``sim`` scanner of training and the demo (its own service, its own person)."""
    scanner = get_backend(Modality.FINGERPRINT, "sim", capture_delay_s=0.0, timeout_s=60.0)
    assert isinstance(scanner, SbiFingerprintScanner)
    with scanner:
        verdicts = assess.assess_fingers(_slap_fingers(scanner), POLICY)  # type: ignore[arg-type]
    assert _failed(verdicts) == []


def test_the_sbi_iris_and_face_services_good_captures_pass() -> None:
    iris = SbiSimulator("Iris", capture_delay_s=0.0)
    face = SbiSimulator("Face", capture_delay_s=0.0)
    iris.start()
    face.start()
    try:
        with SbiIrisCamera(iris.port, timeout_s=60.0) as camera:
            result = camera.capture(CaptureRequest(position="both", timeout_s=60.0))
        eyes = dict(zip(result.metadata["parts"].split(","), result.images, strict=True))
        assert sorted(eyes) == ["left", "right"]
        assert _failed(assess.assess_irises(eyes, POLICY)) == []  # type: ignore[arg-type]
        with SbiFaceCamera(face.port, timeout_s=60.0) as camera:
            (photo,) = camera.capture(CaptureRequest(timeout_s=60.0)).images
        verdict = assess.assess_face(photo, POLICY, ODD_BIRTH_YEAR)
        assert verdict.passed, (verdict.score, verdict.report.get("problems"))
    finally:
        iris.stop()
        face.stop()


@pytest.mark.parametrize("quality", list(ImageQuality), ids=[q.value for q in ImageQuality])
def test_the_zfm_scanners_prints_over_its_serial_line(quality: ImageQuality) -> None:
    """Good prints pass and poor prints fail on the single-finger scanner, every position.

    Over the line the image is 4-bit (the ZFM's UpImage packs two pixels a byte), so the
    print is judged as the app receives it, not as the emulator drew it.
    """
    emulator = ZfmEmulator(quality=quality)
    emulator.start()
    try:
        with ZfmScanner(emulator.slave_path, timeout_s=2.0, image_timeout_s=10.0) as scanner:
            images = {
                str(p): scanner.capture(CaptureRequest(position=str(p), timeout_s=30.0)).images[0]
                for p in range(1, 11)
            }
    finally:
        emulator.stop()
    verdicts = assess.assess_fingers(images, POLICY)  # type: ignore[arg-type]
    if quality is ImageQuality.HIGH:
        assert _failed(verdicts) == []
    else:
        assert not [v.part for v in verdicts if v.passed]


#: A simulated person (issue 48 part 4): their own ten fingers, captured afresh each time.
SUBJECT = 30


def test_a_subjects_prints_over_the_zfm_line_pass() -> None:
    """Each of a subject's ten fingers, moved and pressed anew, still passes.

    Good prints only: the poor ones are drawn as ``synthesize``'s are and fail as in
    ``test_the_zfm_scanners_prints_over_its_serial_line`` (one CI second per finger).
    """
    quality = ImageQuality.HIGH
    emulator = ZfmEmulator(quality=quality, subject=SUBJECT)
    emulator.start()
    try:
        with ZfmScanner(emulator.slave_path, timeout_s=2.0, image_timeout_s=10.0) as scanner:

            def capture(position: int) -> object:
                emulator.place_finger(position)  # the person puts the finger asked for
                request = CaptureRequest(position=str(position), timeout_s=60.0)
                return scanner.capture(request).images[0]

            images = {str(position): capture(position) for position in range(1, 11)}
            verdicts = assess.assess_fingers(images, POLICY)  # type: ignore[arg-type]
            # A good capture's NFIQ 2 falls under the mark about once in 200 (as a real
            # finger pressed lightly does: benchmarks/README.md, simulated people): the
            # petugas asks for that finger again, once.
            for part, _score in _failed(verdicts):
                images[part] = capture(int(part))
            verdicts = assess.assess_fingers(images, POLICY)  # type: ignore[arg-type]
    finally:
        emulator.stop()
    assert len(verdicts) == 10
    assert _failed(verdicts) == []
    # Ten distinct fingers: the enrollment's own same-finger-twice check stays quiet.
    assert not [v for v in verdicts if "duplicate" in str(v.report.get("problems"))]


def test_a_subjects_slaps_pass_for_every_finger_and_poor_ones_fail() -> None:
    service = SbiSimulator("Finger", capture_delay_s=0.0, subject=SUBJECT)
    service.start()
    try:
        with SbiFingerprintScanner(service.port, timeout_s=60.0) as scanner:
            good = _best_within_the_attempts(scanner)
            service.set_quality(POOR_SCORE)
            poor = assess.assess_fingers(_slap_fingers(scanner), POLICY)  # type: ignore[arg-type]
    finally:
        service.stop()
    assert _failed(good) == []
    assert not [v.part for v in poor if v.passed]


def test_a_subjects_iris_and_face_pass() -> None:
    iris = SbiSimulator("Iris", capture_delay_s=0.0, subject=SUBJECT)
    face = SbiSimulator("Face", capture_delay_s=0.0, subject=SUBJECT)
    iris.start()
    face.start()
    try:
        with SbiIrisCamera(iris.port, timeout_s=60.0) as camera:
            result = camera.capture(CaptureRequest(position="both", timeout_s=60.0))
        eyes = dict(zip(result.metadata["parts"].split(","), result.images, strict=True))
        assert _failed(assess.assess_irises(eyes, POLICY)) == []  # type: ignore[arg-type]
        with SbiFaceCamera(face.port, timeout_s=60.0) as camera:
            (photo,) = camera.capture(CaptureRequest(timeout_s=60.0)).images
        verdict = assess.assess_face(photo, POLICY, ODD_BIRTH_YEAR)
        assert verdict.passed, (verdict.score, verdict.report.get("problems"))
    finally:
        iris.stop()
        face.stop()


@pytest.mark.parametrize("subject", [SUBJECT, SUBJECT + 1])
def test_the_face_clip_camera_as_a_subject_passes(subject: int) -> None:
    """The demo's face camera in a subject's skin tone (both ends of the range nearby)."""
    camera = get_backend(Modality.FACE, "sim", warmup_s=0.0, warmup_frames=1, subject=subject)
    with camera:
        (photo,) = camera.capture(CaptureRequest(timeout_s=60.0)).images
    verdict = assess.assess_face(photo, POLICY, ODD_BIRTH_YEAR)
    assert verdict.passed, (verdict.score, verdict.report.get("problems"))
