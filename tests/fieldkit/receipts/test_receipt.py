"""The bukti perekaman: made at seal time, read back from a real PDF, its QR decoded from pixels."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit import demo, finish, promise
from fieldkit.delivery import settle
from fieldkit.enrollment import intake
from fieldkit.planning import targets_import
from fieldkit.receipts import content, document
from fieldkit.receipts.models import RecordReceipt
from fieldkit.records import outbox
from fieldkit.reports import letters
from fieldkit.store.models import Setting
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import (
    KETUA,
    PASSWORD,
    PETUGAS,
    person,
    plan_visit,
    write_csv,
)
from tests.fieldkit.reports.report_support import pdf_text, record_target
from tests.support import ADMIN, ADMIN_PASSWORD, cli, init_workspace, read_qr

AS_ADMIN = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    """Records made without a data center: a training store."""
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()


@pytest.fixture
def recorded(workspace: Workspace, tmp_path: Path) -> tuple[str, list[str]]:
    """One person recorded with the simulators, two fingers amputated; (record id, CSV row)."""
    visit = plan_visit(workspace)[0]
    rows = [person(i) for i in range(2)]
    targets_import.import_targets(workspace, visit.id, write_csv(tmp_path / "s.csv", rows))
    target = targets_import.list_targets(workspace, visit.id)[0].id
    letters.set_office_profile(
        workspace, address="Jl. Gajah Mada No. 1, Purwodadi", contact="Telp. (0292) 421234"
    )
    with demo.SimKit(slaps=True) as kit:
        done = record_target(workspace, kit, visit.id, target, amputated=("finger:9", "finger:10"))
    return done.record_id, rows[0]


def _qr_from_page(pdf: Path, tmp_path: Path) -> str:
    """Render the page as a printer would (150 dpi) and decode the QR from its pixels."""
    prefix = tmp_path / "receipt-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(prefix)], check=True
    )
    decoded = read_qr(prefix.with_suffix(".png"))
    assert decoded is not None, "no QR code found on the rendered page"
    return decoded


def test_working_days_skip_the_weekend() -> None:
    assert promise.add_working_days(dt.date(2026, 11, 30), 14) == dt.date(2026, 12, 18)
    assert promise.add_working_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 7)  # Fri


def test_the_receipt_counts_the_office_s_days_and_days_off(
    workspace: Workspace, tmp_path: Path
) -> None:
    """As the office package left them (``fieldkit.office.apply``): 10 days, 1-2 Dec off."""
    office_2026 = {
        "format": "fieldkit-holidays",
        "format_version": 1,
        "years": [{"year": 2026, "complete": True, "source": "kantor"}],
        "holidays": [
            {"date": "2026-12-01", "name": "Libur daerah"},
            {"date": "2026-12-02", "name": "Cuti bersama daerah", "kind": "cuti_bersama"},
        ],
    }
    with workspace.transaction() as session:
        session.merge(Setting(key=promise.DAYS_KEY, value="10"))
        session.merge(Setting(key=promise.HOLIDAYS_KEY, value=json.dumps(office_2026)))
    visit = plan_visit(workspace)[0]
    targets_import.import_targets(workspace, visit.id, write_csv(tmp_path / "s.csv", [person(0)]))
    target = targets_import.list_targets(workspace, visit.id)[0].id
    with demo.SimKit(slaps=True) as kit:
        done = record_target(workspace, kit, visit.id, target)
    kept = content.receipt(workspace, done.record_id)
    assert kept.recorded_on == dt.date(2026, 11, 30)  # a Monday
    assert kept.promise_days == 10
    assert kept.due_by == dt.date(2026, 12, 16)  # 3-4, 7-11, 14-16 December
    assert "paling lambat 10 (sepuluh) hari kerja" in kept.next_steps
    # The day itself, not "sekitar" it: a hedge would undercut "paling lambat" (issue 59 §9).
    assert "yaitu 16 Desember 2026" in kept.next_steps
    assert "sekitar" not in kept.next_steps


def test_the_receipt_is_made_at_seal_time_and_printed_with_a_readable_qr(
    workspace: Workspace, recorded: tuple[str, list[str]], tmp_path: Path
) -> None:
    record_id, row = recorded
    name, full_nik = row[3], row[1]
    kept = content.receipt(workspace, record_id[:8])
    assert kept.record_id == record_id
    assert kept.person_name == name
    assert kept.nik_masked == full_nik[:4] + "*" * 8 + full_nik[-4:]
    assert kept.recorded_on == dt.date(2026, 11, 30)
    assert kept.due_by == dt.date(2026, 12, 18)  # 14 working days
    assert "foto wajah" in kept.captured
    assert "sidik jari (8 dari 10 jari)" in kept.captured
    assert "iris mata kanan dan mata kiri" in kept.captured
    assert any(e.startswith("jari manis kiri: diamputasi") for e in kept.excepted)
    assert any(e.startswith("kelingking kiri: diamputasi") for e in kept.excepted)
    assert kept.training

    out = tmp_path / "saved" / "bukti.pdf"
    done = cli(
        "report",
        "bukti-perekaman",
        "--record",
        record_id,
        "--out",
        str(out),
        "--json",
        env=AS_ADMIN,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", pages.stdout, re.MULTILINE)  # one page
    text = pdf_text(out)
    for expected in (
        "BUKTI PEREKAMAN KTP-EL",
        "PEMERINTAH KABUPATEN GROBOGAN",
        name,
        kept.nik_masked,
        "Senin, 30 November 2026",
        "Sumberjo",
        workspace.officer.full_name,  # the officer who recorded
        "Foto wajah; sidik jari (8 dari 10 jari)",
        "Jari manis kiri: diamputasi / tidak ada (permanen)",
        "14 (empat belas) hari kerja",
        "18 Desember 2026",
        "Telp. (0292) 421234",
        "LATIHAN",
    ):
        assert expected in text, expected
    assert full_nik not in text
    office = letters.office_profile(workspace).office_code
    assert _qr_from_page(out, tmp_path) == f"FKBP1|{office}|{record_id}"


def test_nothing_of_the_receipt_is_on_disk_in_plaintext(
    workspace: Workspace, recorded: tuple[str, list[str]]
) -> None:
    record_id, row = recorded
    kept = content.receipt(workspace, record_id)
    pdf = document.receipt_pdf(kept)
    assert pdf.startswith(b"%PDF")  # made in memory, for the printer
    # (The record id is no secret: the sealed file's header names it.)
    needles = [row[3].encode(), row[1].encode(), kept.nik_masked.encode(), b"hari kerja"]
    for path in workspace.directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path.name
            assert b"%PDF" not in data, path.name


def test_the_receipt_goes_when_the_record_is_purged(
    workspace: Workspace, recorded: tuple[str, list[str]], tmp_path: Path
) -> None:
    record_id, _ = recorded
    with workspace.transaction() as session:
        outbox.mark_server_state(
            session, record_id, outbox.RecordStatus.ACCEPTED, server_state="ACCEPTED", receipt="{}"
        )
        settle.purge(session, record_id)
    with workspace.transaction() as session:
        assert session.scalars(sa.select(RecordReceipt)).all() == []
    with pytest.raises(content.ReceiptGone):
        content.receipt(workspace, record_id)
    out = tmp_path / "late.pdf"
    done = cli(
        "report",
        "bukti-perekaman",
        "--record",
        record_id,
        "--out",
        str(out),
        "--json",
        env=AS_ADMIN,
    )
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "receipt_gone"
    assert "deleted with the record" in error["message"]
    assert "purged" in error["hint"]
    assert not out.exists()


def test_a_walk_in_with_no_exception_says_so(workspace: Workspace, tmp_path: Path) -> None:
    """Every modality captured: the receipt says there was no exception, and decodes."""
    visit = plan_visit(workspace)[0]
    walk_in = intake.PersonInput(
        nik="3315015505450001",
        name="Sasaran Tanpa Pengecualian",
        birth_date=dt.date(1945, 5, 15),
        sex="P",
    )
    target = intake.add_person(workspace, visit.id, walk_in)
    with demo.SimKit(slaps=True) as kit:
        done = record_target(workspace, kit, visit.id, target)
    kept = content.receipt(workspace, done.record_id)
    assert kept.excepted == ()
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(document.receipt_pdf(kept))
    assert "Tidak ada: semua data biometrik terekam." in pdf_text(pdf)
    assert _qr_from_page(pdf, tmp_path).endswith(done.record_id)


def test_a_record_adopted_after_a_crash_still_gets_its_receipt(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Killed after the sealed file's flush, before the commit: the next login adopts it."""
    visit = plan_visit(workspace)[0]
    targets_import.import_targets(workspace, visit.id, write_csv(tmp_path / "s.csv", [person(0)]))
    target = targets_import.list_targets(workspace, visit.id)[0].id
    draft = intake.start_enrollment(workspace, visit.id, target_ref=target).id
    intake.record_consent(workspace, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
    with pytest.raises(content.ReceiptGone):
        content.receipt(workspace, draft)
    with workspace.transaction() as session:
        outbox.seal_record(session, draft, b"sealed before the crash")
        assert finish.recover_adopted(session, [draft], workspace.officer.username) == 1
    kept = content.receipt(workspace, draft)
    assert kept.person_name == "Sasaran Uji 0"


def test_the_receipt_names_the_officer_who_finished_the_record(
    workspace: Workspace, tmp_path: Path
) -> None:
    visit = plan_visit(workspace)[0]
    targets_import.import_targets(workspace, visit.id, write_csv(tmp_path / "s.csv", [person(0)]))
    target = targets_import.list_targets(workspace, visit.id)[0].id
    workspace.switch_officer(PETUGAS, PASSWORD)
    draft = intake.start_enrollment(workspace, visit.id, target_ref=target).id  # the petugas opens
    workspace.switch_officer(KETUA, PASSWORD)  # Ganti pengguna: the ketua tim finishes it
    intake.record_consent(workspace, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
    with demo.SimKit(slaps=True) as kit:
        for state in finish.review(workspace, draft).progress.slots:
            demo.capture_best(workspace, draft, state.slot, kit.device_for(state.slot))
    done = finish.finish_enrollment(workspace, draft)
    assert content.receipt(workspace, done.record_id).officer_name == "Budi Santoso"
