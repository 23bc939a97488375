"""``fieldkit report ba-*``, ``handover`` and ``referral`` through the installed command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.workspace import Workspace
from tests.fieldkit.handover.handover_support import mark_printed
from tests.fieldkit.planning.planning_support import VISIT_DATE
from tests.fieldkit.reports.report_support import pdf_text, recorded_visit
from tests.support import ADMIN, ADMIN_PASSWORD, cli, init_workspace

AS_ADMIN = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    """Records made without a data center: a training store (a real one refuses to record)."""
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()


def _run(*args: str, code: int = 0) -> object:
    done = cli(*args, "--json", env=AS_ADMIN)
    assert done.returncode == code, (done.stdout[-2000:], done.stderr[-2000:])
    return json.loads(done.stdout)


def test_reports_handover_and_referral_commands(workspace: Workspace, tmp_path: Path) -> None:
    error = _run("referral", "export", "--format", "csv", "--out", str(tmp_path / "x.csv"), code=1)
    assert error["error"]["code"] == "empty_referral_list"  # type: ignore[index]
    error = _run("report", "ba-perekaman", "--visit", "deadbeef", "--out", "x.pdf", code=1)
    assert error["error"]["code"] == "unknown_visit"  # type: ignore[index]

    visit = recorded_visit(workspace, tmp_path)
    ba = tmp_path / "ba.pdf"
    _run("report", "ba-perekaman", "--visit", visit.visit_id[:8], "--out", str(ba))
    assert "BERITA ACARA PELAKSANAAN PEREKAMAN" in pdf_text(ba)
    recap = _run(
        "report", "rekap-harian", "--date", VISIT_DATE.isoformat(), "--out", str(tmp_path / "r.pdf")
    )
    assert recap["counts"]["recorded"] == 2  # type: ignore[index]

    assert _run("handover", "list") == []
    mark_printed(workspace, visit.records[0])
    listed = _run("handover", "list")
    assert [i["record_id"] for i in listed] == [visit.records[0]]  # type: ignore[union-attr]
    given = _run(
        "handover",
        "give",
        visit.records[0][:8],
        "--recipient",
        "Sasaran Uji 0",
        "--relation",
        "self",
        "--sim",
        "--card-uid",
        "04AABBCC",
        "--timeout",
        "5",
    )
    assert given["card_uid"] == "04AABBCC"  # type: ignore[index]
    bast = tmp_path / "bast.pdf"
    _run("report", "ba-serah-terima", "--handover", given["id"], "--out", str(bast))  # type: ignore[index]
    assert "04AABBCC" in pdf_text(bast)

    _run("referral", "mark", visit.targets[0][:8], "--note", "Belum menerima bantuan")
    csv_out = tmp_path / "dtks.csv"
    _run("referral", "export", "--format", "csv", "--out", str(csv_out))
    assert "Sasaran Uji 0" in csv_out.read_text(encoding="utf-8-sig")


def test_handover_sim_never_says_an_unchecked_card_matches(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Observation 6: ``--sim`` said "The card matches the record" for any UID it was given."""
    visit = recorded_visit(workspace, tmp_path)
    mark_printed(workspace, visit.records[0])
    common = ("--recipient", "Sasaran Uji 0", "--relation", "self", "--sim", "--timeout", "5")
    courier = (
        "--courier",
        "Pak Becak",
        "--organisation",
        "Becak Pintar",
        "--sim",
        "--timeout",
        "5",
    )
    first = cli(
        "handover",
        "courier",
        visit.records[0][:8],
        *courier,
        "--card-uid",
        "04AABBCC",
        env=AS_ADMIN,
    )
    assert first.returncode == 0, first.stderr
    assert "matches" not in first.stdout + first.stderr
    assert "now bound" in first.stdout
    wrong = cli(
        "handover", "give", visit.records[0][:8], *common, "--card-uid", "04DDEEFF", env=AS_ADMIN
    )
    assert wrong.returncode == 1
    assert (
        f"This card (UID 04DDEEFF) is not the card of record {visit.records[0][:8]}, which is"
        " bound to UID 04AABBCC." in wrong.stderr
    )
    right = cli(
        "handover", "give", visit.records[0][:8], *common, "--card-uid", "04AABBCC", env=AS_ADMIN
    )
    assert "The card matches record" in right.stdout  # compared with the card bound first
    assert "with a courier" in right.stderr  # and then the courier's delivery is what is left
