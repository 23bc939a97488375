"""``fieldkit quality face|finger|iris FILE``: the live checks, on one image file.

Support staff use it to see why a capture keeps failing, and tests and
benchmarks use it as the modules' contract.  It needs no login: it reads a
file and touches no store.  Exit codes: 0 passed, 1 failed, 2 unreadable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit import catalogue
from fieldkit.cli.output import say, window_word
from fieldkit.formats.positions import FingerPosition
from fieldkit.quality.imageio import ImageUnreadable, load_image
from fieldkit.quality.result import FINGER_PARAM_SUFFIX, QUALITY_CONTEXT

if TYPE_CHECKING:
    import argparse

    from fieldkit.cli.output import Output
    from fieldkit.quality.result import Instruction, QualityReport


EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_UNREADABLE = 2


def _assess(modality: str, args: argparse.Namespace) -> QualityReport:
    # Each analyser loads its models (cascades, NFIQ 2) on first use; import only the one asked for.
    threshold: float | None = args.threshold
    if modality == "face":
        from fieldkit.quality import face  # noqa: PLC0415 - OpenCV loads for this modality only

        return face.assess_face(
            load_image(args.file, mode="bgr"),
            birth_year=args.birth_year,
            threshold=face.FACE_THRESHOLD if threshold is None else threshold,
        )
    if modality == "finger":
        from fieldkit.quality import finger  # noqa: PLC0415 - OpenCV and NBIS load for this modality only

        return finger.assess_finger(
            load_image(args.file, mode="grey"),
            ppi=args.ppi,
            threshold=finger.NFIQ2_THRESHOLD if threshold is None else threshold,
        )
    from fieldkit.quality import iris  # noqa: PLC0415 - OpenCV loads for this modality only

    return iris.assess_iris(
        load_image(args.file, mode="grey"),
        threshold=iris.IRIS_THRESHOLD if threshold is None else threshold,
    )


def _text(report: QualityReport) -> str:
    score = "-" if report.score is None else f"{report.score:g}"
    verdict = "quality.passed" if report.passed else "quality.failed"
    lines = [
        say(
            "quality.verdict",
            modality=window_word("EnrollmentWords", MODALITY_WORDS[report.modality.value]),
            verdict=say(verdict),
            score=score,
        )
    ]
    marks = {True: say("quality.check_ok"), False: say("quality.check_bad")}
    width = max(len(mark) for mark in marks.values())
    lines += [
        f"  {marks[check.ok]:<{width}} {name} = {check.value}"
        for name, check in report.checks.items()
    ]
    if report.problems:
        lines.append(say("quality.problems", problems=", ".join(report.problems)))
    lines.append(f"  {instruction_words(report.instruction)}")
    return "\n".join(lines)


#: Each modality as the window's enrollment steps name it (``ui/enrollment/words.py``).
MODALITY_WORDS = {"face": "Face", "finger": "Fingers", "iris": "Irises"}


def instruction_words(instruction: Instruction) -> str:
    """What to do next, in the command's language, each finger named as the window names it.

    ``--json`` keeps the English (``instruction.english()``) and the position numbers.
    """
    params = {
        name: _finger_words(value) if name.endswith(FINGER_PARAM_SUFFIX) else value
        for name, value in instruction.params.items()
    }
    return catalogue.spoken(QUALITY_CONTEXT, instruction.code, params)


def _finger_words(value: str) -> str:
    """A finger position number as its name (``quality``'s ``finger_name.N``); else as it came."""
    try:
        position = FingerPosition(int(value))
    except ValueError:
        return value
    return catalogue.spoken(QUALITY_CONTEXT, f"finger_name.{position.value}")


def cmd_quality(args: argparse.Namespace, out: Output) -> int:
    """``fieldkit quality MODALITY FILE``: the modality is the subcommand's name."""
    try:
        report = _assess(args.quality_command, args)
    except ImageUnreadable as error:
        out.error(error)
        return EXIT_UNREADABLE
    out.result(report.as_json(), _text(report))
    return EXIT_PASSED if report.passed else EXIT_FAILED
