"""The operator at the office: a request comes in, a visit is planned, its list imported,
the duty letter printed.  Every step through the real window, with the mouse and keyboard."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
from pathlib import Path

from tests.e2e.conftest import RunningApp
from tests.e2e.desktop import Desktop, Hands
from tests.e2e.journeys import choose_containing, log_in, open_page, problems_on_screen

DESA_CODE = "3315012005"
KECAMATAN = "331501"
# The petugas's NIP and pangkat, from a synthetic SK: the duty letter prints them.
NIP = "19850314 201001 1 002"
RANK = "Penata Muda, III/a"


def _village_list(path: Path) -> Path:
    """A village's list as villages send it: synthetic people, NIK serials from 9500 up."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["No", "NIK", "Nama Lengkap", "Tgl Lahir", "JK", "Alamat", "Kategori"])
        for n, (day, month, year, sex, category) in enumerate(
            [(12, 3, 1941, "L", "Lansia"), (7, 8, 1950, "P", "Disabilitas fisik")], start=1
        ):
            dd = day + (40 if sex == "P" else 0)
            nik = f"{KECAMATAN}{dd:02d}{month:02d}{year % 100:02d}{9500 + n:04d}"
            writer.writerow(
                [
                    n,
                    nik,
                    f"Uji Operator {n}",
                    f"{day:02d}-{month:02d}-{year}",
                    sex,
                    "RT 01",
                    category,
                ]
            )
    return path


def _set_the_petugas_nip(hands: Hands, desktop: Desktop) -> list[str]:
    """The duty letter names each officer with NIP and pangkat: the admin sets them first."""
    open_page(hands, "Pengaturan")
    hands.click("push button", "Kelola petugas…")
    hands.click("table cell", "Petugas Demo")
    hands.fill("text", "NIP petugas", NIP[:-1])  # a digit short: refused, in words
    hands.fill("text", "Pangkat/golongan petugas", RANK)
    hands.click("push button", "Simpan NIP dan pangkat")
    hands.wait_text("NIP terdiri dari tepat 18 angka")
    hands.fill("text", "NIP petugas", NIP)
    hands.click("push button", "Simpan NIP dan pangkat")
    hands.wait_text("NIP dan pangkat/golongan Petugas Demo disimpan.")
    hands.screenshot("nip-saved")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    hands.click("push button", "Tutup daftar petugas")
    return problems


def test_the_operator_plans_a_visit_imports_its_list_and_prints_the_duty_letter(
    launch, desktop: Desktop, tmp_path: Path
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")

    open_page(hands, "Perencanaan")
    hands.fill("text", "Nomor surat", "470/123/DS/2026")
    hands.fill("text", "Pemohon", "Kepala Desa Sumberjo")
    hands.fill("text", "Kode wilayah", DESA_CODE)
    hands.fill("text", "Perihal", "Perekaman KTP-el bagi lansia")
    # Issue 23, finding 3: a double click, as officers often give, makes one of each.
    hands.double_click("push button", "Simpan permohonan")
    hands.wait_text("470/123/DS/2026")
    hands.screenshot("request-saved")

    hands.click("page tab", "Kunjungan dan tim")
    choose_containing(hands, "470/", "470/123/DS/2026")
    hands.fill("text", "Nama tempat", "Balai Desa Sumberjo")
    # The desa is found by name in the office's list, which fills both codes (issue 36).
    hands.fill("text", "Desa/kelurahan", "Sumberjo")
    hands.key("Down", "Return")
    hands.wait(
        "the desa's codes",
        lambda s: (
            any(n.text == DESA_CODE for n in s.find("text", "Kode desa"))
            and any(n.text == KECAMATAN for n in s.find("text", "Kode kecamatan"))
        ),
    )
    hands.click("list item", "Petugas Demo (petugas)")
    hands.key("space")  # the list's check box: a click on the name selects, space ticks it
    hands.double_click("push button", "Jadwalkan kunjungan")
    hands.wait("the new visit", lambda s: s.find("table cell", contains="· Kantor Desa/Kelurahan"))
    hands.screenshot("visit-planned")
    visits = hands.look().find("table cell", contains="Sumberjo · Kantor Desa/Kelurahan")
    assert len(visits) == 1, f"one double click planned {len(visits)} visits"

    hands.click("page tab", "Sasaran")
    choose_containing(hands, "Sumberjo", "· Kantor Desa/Kelurahan")
    village_list = _village_list(tmp_path / "sasaran-sumberjo.csv")
    hands.click("push button", contains="Impor daftar sasaran")
    hands.find("dialog", "Pilih daftar sasaran")
    hands.screenshot("file-dialog")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    hands.type(str(village_list))
    hands.key("Return")
    hands.wait_text("Uji Operator 2")
    hands.screenshot("targets-imported")

    problems += _set_the_petugas_nip(hands, desktop)

    _the_documents_in_laporan(app)
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    assert not app.crashes()


def _pdf_text(path: Path) -> str:
    """A PDF's words, read back, with its line breaks as single spaces."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def _the_documents_in_laporan(app: RunningApp) -> None:
    """The surat tugas of the new visit; the berita acara and the day's recap (issue 23, 2)."""
    hands = app.hands
    open_page(hands, "Laporan")
    choose_containing(hands, "Sumberjo", "· Kantor Desa/Kelurahan")
    hands.fill("text", "Nomor", "800/045/TUGAS/2026")
    hands.click("push button", "Buat PDF")
    hands.wait_text("surat-tugas-")
    hands.screenshot("surat-tugas")
    letters = app.find_files("surat-tugas-*.pdf")
    assert letters, "the duty letter was not written"
    text = _pdf_text(letters[-1])
    assert "800/045/TUGAS/2026" in text
    assert NIP in text, "the letter does not name the petugas's NIP"
    assert RANK in text
    assert "Kantor Desa" in text or "Balai Desa" in text, "the letter is for another visit"

    choose_containing(hands, "Surat tugas", "Berita acara perekaman")
    # Today's visit to the houses (the demo also has yesterday's, and next week's to a panti).
    today = dt.datetime.now().astimezone().date().strftime("%d-%m-%Y")
    choose_containing(hands, "Sumberjo", f"{today} 08:00 · Sumberjo · Rumah sasaran")
    hands.fill("text", "Nomor", "474/046/BA/2026")
    hands.click("push button", "Buat PDF")
    hands.wait_text("ba-perekaman-")
    hands.screenshot("ba-perekaman")
    snap = hands.look()  # issue 23, finding 8: the page scrolled, its form cut at the top
    form_row = snap.one("combo box", contains="Berita acara perekaman")
    seen = snap.visible_rect(form_row)
    assert seen is not None, "Laporan scrolled its form off the screen"
    assert form_row.rect is not None
    assert seen[3] == form_row.rect[3], "Laporan scrolls at 1280x720: its form is cut"
    (minutes,) = app.find_files("ba-perekaman-*.pdf")
    minutes_text = _pdf_text(minutes)
    assert "BERITA ACARA" in minutes_text.upper()
    assert "474/046/BA/2026" in minutes_text
    choose_containing(hands, "Berita acara perekaman", "Rekap harian")
    assert not hands.look().find("combo box", contains="Sumberjo"), "a visit asked for a day"
    hands.click("push button", "Buat PDF")
    hands.wait_text("rekap-harian-")
    assert app.find_files("rekap-harian-*.pdf"), "the day's recap was not written"


def test_the_ketua_of_a_visit_is_not_offered_as_its_petugas(launch, desktop: Desktop) -> None:
    """Issue 36: the ketua tim stood in the petugas list, could be ticked, then was refused."""
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Perencanaan")
    hands.click("page tab", "Kunjungan dan tim")
    ketua_row = hands.find("list item", contains="(ketua)")
    hands.screenshot("team-picker")
    assert "ketua tim kunjungan ini" in ketua_row.name, ketua_row
    hands.click_node(ketua_row)
    hands.key("space")  # what ticks a petugas's row
    ketua_row = hands.find("list item", contains="(ketua)")
    assert not ketua_row.checked, f"{ketua_row} was ticked as a petugas"
    hands.click("list item", "Petugas Demo (petugas)")
    hands.key("space")
    hands.wait("the petugas ticked", lambda s: s.one("list item", contains="(petugas)").checked)
    assert not app.crashes()


def test_a_typed_visit_date_is_taken_as_typed_and_its_error_says_it_in_words(
    launch, desktop: Desktop
) -> None:
    """Issue 36: "01-01-2020" typed into a date became another date, and the error said
    2020-01-01.  Typed whole it is exactly that day, and the error writes it in words."""
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Perencanaan")
    hands.click("page tab", "Kunjungan dan tim")
    date_field = next(n for n in hands.look().find(name="Tanggal") if n.role != "label")
    x, y, _w, h = date_field.rect or (0, 0, 0, 0)
    hands.desktop.xdotool("mousemove", str(x + 30), str(y + h // 2), "click", "1")  # the day
    hands.type("01-01-2020")
    hands.key("Tab")
    hands.click("push button", "Jadwalkan kunjungan")
    hands.wait_text("1 Januari 2020")
    hands.screenshot("date-in-words")
    said = " ".join(hands.look().texts())
    assert "2020-01-01" not in said, said
    assert "01-01-2020" in said, "the field does not show the date as typed"
    assert not app.crashes()


def test_a_desa_is_found_by_name_and_fills_its_codes(launch, desktop: Desktop) -> None:
    """Issue 36: desa codes were typed by hand, with no list to pick from."""
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Perencanaan")
    hands.click("page tab", "Kunjungan dan tim")
    hands.click("text", "Desa/kelurahan")
    hands.type("agung")  # a part of the name
    # The list drops down under the field (a popup the accessibility tree does not show:
    # its screenshot does); a person picks from it with the arrow keys or the mouse.
    hands.desktop.xdotool("sleep", "1")
    hands.screenshot("desa-search")
    hands.key("Down", "Return")
    hands.wait(
        "the desa's codes",
        lambda s: any(n.text == "3315012006" for n in s.find("text", "Kode desa")),
    )
    look = hands.look()
    assert look.one("text", "Desa/kelurahan").text == "Sumberagung"
    assert look.one("text", "Kode kecamatan").text == "331501"
    hands.screenshot("desa-chosen")
    assert not app.crashes()


def test_visits_are_listed_by_date_place_and_team_never_by_an_id(launch, desktop: Desktop) -> None:
    """Issue 36: visit lists ended in an internal id ("· e144a858")."""
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Perencanaan")
    hands.click("page tab", "Kunjungan dan tim")
    hands.wait("the visits", lambda s: s.find("table cell", contains="Sumberjo ·"))
    hands.click("page tab", "Sasaran")
    picker = hands.find("combo box", contains="Sumberjo ·")
    hands.screenshot("visit-picker")
    assert picker.name.endswith("· tim Ketua Tim Demo"), picker
    ids = re.compile(r"· [0-9a-f]{8}\b")
    shown = [t for t in hands.look().texts() if ids.search(t)]
    open_page(hands, "Sarpras")
    hands.find("combo box", contains="· tim Ketua Tim Demo")
    shown += [t for t in hands.look().texts() if ids.search(t)]
    assert not shown, shown
    assert not app.crashes()
