"""``fieldkit quality face|finger|iris FILE``: the live checks, on one image file.

Support staff use it to see why a capture keeps failing, and tests and
benchmarks use it as the modules' contract.  It needs no login: it reads a
file and touches no store.  Exit codes: 0 passed, 1 failed, 2 unreadable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.cli.output import say
from fieldkit.quality.imageio import ImageUnreadable, load_image

if TYPE_CHECKING:
    import argparse

    from fieldkit.cli.output import Output
    from fieldkit.quality.result import QualityReport


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
            modality=report.modality.value,
            verdict=say(verdict),
            score=score,
        )
    ]
    lines += [
        f"  {'ok ' if check.ok else 'BAD'} {name} = {check.value}"
        for name, check in report.checks.items()
    ]
    if report.problems:
        lines.append(f"  problems: {', '.join(report.problems)}")
    lines.append(f"  {report.instruction.english()}")
    return "\n".join(lines)


def cmd_quality(args: argparse.Namespace, out: Output) -> int:
    """``fieldkit quality MODALITY FILE``: the modality is the subcommand's name."""
    try:
        report = _assess(args.quality_command, args)
    except ImageUnreadable as error:
        out.error(error)
        return EXIT_UNREADABLE
    out.result(report.as_json(), _text(report))
    return EXIT_PASSED if report.passed else EXIT_FAILED
