"""Poppler checks for PDFs and a visit recorded with the simulators, for the report tests."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from fieldkit import demo, finish
from fieldkit.enrollment import exceptions, intake, outcomes
from fieldkit.enrollment.exceptions import ExceptionReason, Permanence
from fieldkit.planning import targets_import
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import photo
from tests.fieldkit.planning.planning_support import person, plan_visit, write_csv


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def page_texts(pdf: Path) -> list[str]:
    """Each page's text (pdftotext's form feed ends a page), whitespace folded to spaces."""
    whole = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in whole.split("\f") if page.strip()]


def assert_signatures_keep_their_closing(pdf: Path, caption: str, closing: str) -> None:
    """The signature's page also holds the closing text: no page has the signatures alone."""
    pages = page_texts(pdf)
    signed = [n for n, page in enumerate(pages, 1) if caption in page]
    assert len(signed) == 1, f"{caption!r} on pages {signed}"
    assert closing in pages[signed[0] - 1], f"page {signed[0]} has the signatures alone"


def assert_page_one_is_not_blank(pdf: Path, tmp_path: Path) -> None:
    prefix = tmp_path / f"{pdf.stem}-page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    with Image.open(prefix.with_suffix(".png")) as page:
        grey = page.convert("L")
        dark = sum(grey.histogram()[:128])
        assert grey.size[0] > 200
    assert dark > 2000, "page 1 is (nearly) blank"


def embedded_images(pdf: Path) -> int:
    """How many images poppler finds in the PDF (``pdfimages -list``)."""
    done = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    )
    return len(done.stdout.splitlines()[2:])  # two header lines


def record_target(
    ws: Workspace,
    kit: demo.SimKit,
    visit_id: str,
    target_id: str,
    *,
    amputated: tuple[str, ...] = (),
    consent: intake.ConsentInput | None = None,
) -> finish.FinishedRecord:
    """A whole simulated recording of a listed target, with amputated fingers excepted."""
    draft = intake.start_enrollment(ws, visit_id, target_ref=target_id).id
    intake.record_consent(ws, draft, consent or intake.ConsentInput(intake.ConsentGiver.PERSON))
    for part in amputated:
        exceptions.record_exception(
            ws, draft, part, ExceptionReason.AMPUTATED, Permanence.PERMANENT, photo(1)
        )
    view = finish.review(ws, draft)
    for state in view.progress.slots:
        if not state.resolved:
            demo.capture_best(ws, draft, state.slot, kit.device_for(state.slot))
    return finish.finish_enrollment(ws, draft)


@dataclass(frozen=True)
class RecordedVisit:
    visit_id: str
    targets: list[str]
    records: list[str]
    revisit: dt.date


#: A daughter who consents for her bed-bound mother (``recorded_visit(..., wali=True)``).
WALI = intake.ConsentInput(
    intake.ConsentGiver.GUARDIAN, name="Rina Wulandari", relation="anak kandung"
)


def recorded_visit(
    ws: Workspace, tmp_path: Path, *, team: bool = True, wali: bool = False
) -> RecordedVisit:
    """Sumberjo, 5 targets: 2 recorded (one with 2 amputated fingers), 3 other outcomes.

    ``wali``: the second person's consent is given by :data:`WALI`.
    """
    visit = plan_visit(ws, team=team)[0]
    targets_import.import_targets(
        ws, visit.id, write_csv(tmp_path / "sasaran.csv", [person(i) for i in range(5)])
    )
    targets = [t.id for t in targets_import.list_targets(ws, visit.id)]
    with demo.SimKit(slaps=True) as kit:
        first = record_target(ws, kit, visit.id, targets[0], amputated=("finger:8", "finger:9"))
        second = (
            record_target(ws, kit, visit.id, targets[1], consent=WALI)
            if wali
            else record_target(ws, kit, visit.id, targets[1])
        )
    revisit = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7)
    finish.record_outcome(
        ws, visit.id, targets[2], outcomes.Outcome.NOT_AT_HOME, revisit_date=revisit
    )
    finish.record_outcome(ws, visit.id, targets[3], outcomes.Outcome.DECEASED)
    finish.record_outcome(ws, visit.id, targets[4], outcomes.Outcome.REVISIT, revisit_date=revisit)
    return RecordedVisit(visit.id, targets, [first.record_id, second.record_id], revisit)
