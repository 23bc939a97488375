"""README's "First day at the office", walked as written: from ``serve`` to the card handed over.

Each ```sh block (the data center's, a Linux server) and ```bat block (a laptop's Command
Prompt: the laptops run Windows) of the section runs in bash, in order, with only the
variables the README names (``DC_DATA``, ``DC_HOST``, ``DC_PORT``, ``USB``, and for the
card ``RECORD_ID``, ``CARD_UID`` and ``LAPTOP``, read as the operator reads them) and the
usual ``FIELDKIT_*`` login variables set; a laptop's USB stick (drive ``E:``) is the
test's USB folder, and the village's list and the kabupaten's desa list are the clone's
made-up examples (``docs/examples/``), as on a fresh clone.  What
README says happens in the app (issue 47, finding B3) happens in the real window, driven
from outside: the officers the office's package brought make their first logins, the
petugas records the first person of the planned visit, and after the office printed the
card and scheduled it for Sumberjo (issue 59 §1, §5: README's first day left every record
"desa tidak diketahui", so no card could ever be scheduled), the team hands it over in
Serah terima.  The simulated devices stand in for the scanners on the table (``fieldkit
devices use KIND sim``), and so the office is a training one (``office training on``: a
simulator's prints never go on a real card, issue 56.2): the two steps README does not
have.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from drivers import Modality
from drivers.registry import available_backends
from drivers.simulation import SIM_CARD_UID
from fieldkit.devices import SIM_BACKEND, DeviceConfig
from tests.e2e.desktop import Desktop, Hands, Snapshot
from tests.e2e.journeys import (
    choose_containing,
    log_in,
    open_page,
    problems_on_screen,
    switch_user,
)
from tests.e2e.test_petugas import _enroll_cooperative
from tests.support import ADMIN, ADMIN_PASSWORD
from tests.sync.client.syncsupport import free_port
from tests.sync.server.dcsupport import dc_cli, list_records

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningApp

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## First day at the office"
FIRST_LOGIN = "Masuk pertama kali petugas baru"
#: The officers README's step 2 adds, as the first-login dialog lists them.
KETUA, PETUGAS = "Rudi Hartono", "Sari Wulandari"
PASSWORDS = {"rudi": "Rudi-memimpin-tim-2026", "sari": "Sari-menyapa-warga-2026"}
#: ``officers add``'s line: the username and its one-time code (shown only then).
ADDED = re.compile(r"^Officer (\S+) added\. .*: (\S+)$", re.MULTILINE)
#: What every office command says while the office code is not set (README's step 2).
NOT_SET_YET = "Run fieldkit-datacenter office set"


#: The office's folder, where its commands run (a copy of the clone's ``docs/examples``).
OFFICE_DIR = "office"
#: README's made-up desa list and village list, as a fresh clone has them.
EXAMPLES = README.parent / "docs" / "examples"
#: Sumberjo's code in the example desa list (the visit's desa).
SUMBERJO = "3315012001"
#: The office's contact in README's letterhead, as the family's receipt shows it.
CONTACT = "disdukcapil@grobogankab.go.id"
#: Who receives the card (synthetic).
RECEIVER = "Siti Aminah"


def _example_people() -> list[str]:
    """The names in README's example village list, in its order (the first is recorded)."""
    with (EXAMPLES / "sasaran-sumberjo.csv").open(encoding="utf-8", newline="") as listed:
        return [row["Nama"] for row in csv.DictReader(listed)]


def first_day_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return re.findall(r"```(?:sh|bat)\n(.*?)```", text[start:end], re.DOTALL)


def _bash(block: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _with_simulators(home: Path) -> None:
    """The scanners on the table: every device pinned to its simulator."""
    config = DeviceConfig.load(home)
    for kind in Modality:
        if SIM_BACKEND in available_backends(kind):
            config.use(kind, SIM_BACKEND, {})
    config.save(home)


def _type_into(hands: Hands, role: str, name: str, text: str) -> None:
    hands.click(role, name, inside=FIRST_LOGIN)
    hands.key("ctrl+a")
    hands.type(text)


def _first_login(hands: Hands, who: str, username: str, code: str, problems: list[str]) -> None:
    """The newcomer chooses their name, types the office's code and a password twice."""
    hands.find("dialog", FIRST_LOGIN)

    def chosen(snap: Snapshot) -> list[str]:
        return [n.name for n in snap.find("combo box") if n.name.endswith(f"({username})")]

    if not chosen(hands.look()):
        combo = next(n for n in hands.look().find("combo box") if n.name.endswith(")"))
        hands.click_node(combo)
        hands.click("list item", contains=f"({username})")
        hands.wait(f"{who} chosen", chosen, 10)
    _type_into(hands, "text", "Kode sekali pakai dari kantor", code)
    _type_into(hands, "password text", "Kata sandi", PASSWORDS[username])
    _type_into(hands, "password text", "Ulangi kata sandi", PASSWORDS[username])
    hands.screenshot(f"first-login-{username}")
    problems += problems_on_screen(hands.look(), hands.desktop.width, hands.desktop.height)
    hands.click("push button", "Masuk sebagai petugas ini")
    hands.wait_text(f"Selamat datang, {who}.", timeout=90)
    hands.click("push button", "OK")
    hands.wait("the welcome closed", lambda s: not s.find("push button", "OK"), 15)
    hands.wait_text(f"{who} ({username})")


def _started(serve: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """README's step 1: ``serve``, once it has said its address and CA fingerprint."""
    server = subprocess.Popen(
        ["bash", "-c", f"exec {serve.strip()}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    started = server.stdout.readline()
    assert started.startswith("FieldKit data center serving on https://127.0.0.1:"), started
    assert "CA fingerprint (SHA-256)" in server.stdout.readline()
    return server


def _stopped(server: subprocess.Popen[str]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    if server.stdout is not None:
        server.stdout.close()


def _office_and_laptop(blocks: list[str], env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Steps 2 to 5 as written, in bash: the officers' one-time codes they printed."""
    officers, plan, new_code, laptop = blocks
    office, usb = tmp_path / OFFICE_DIR, Path(env["USB"])
    added = _bash(officers, env, office)
    assert added.returncode == 0, added.stderr
    codes = dict(ADDED.findall(added.stdout))
    assert set(codes) == {"rudi", "sari"}, added.stdout
    assert NOT_SET_YET not in added.stderr, added.stderr  # the code came first
    planned = _bash(plan, env, office)
    assert planned.returncode == 0, planned.stdout + planned.stderr
    # The example list's disabilitas row without its Jenis is named, as README says.
    assert "row 4 warning" in planned.stdout, planned.stdout
    assert "2 ok, 1 with warnings, 0 with errors." in planned.stdout, planned.stdout
    (visit,) = _dc_json(env, "plan", "list")["visits"]
    assert (visit["desa_code"], visit["kecamatan_code"], visit["targets"]) == (
        SUMBERJO,
        "331501",
        len(_example_people()),
    ), visit
    issued = _bash(new_code, env, office)
    assert issued.returncode == 0, issued.stderr
    assert (usb / "laptop-1.json").exists()
    assert (usb / "laptop-1.png").exists()
    enrolled = _bash(laptop.replace("E:\\", f"{usb}/"), env, tmp_path)
    assert enrolled.returncode == 0, enrolled.stdout + enrolled.stderr
    assert "CA fingerprint verified before the code was sent" in enrolled.stdout
    assert "2 new officers" in enrolled.stdout, enrolled.stdout  # the office's package
    assert "Enrollment is open." in enrolled.stdout
    return codes


def _dc_json(env: dict[str, str], *args: str) -> Any:
    """What the operator reads from the data center, as ``--json``."""
    done = dc_cli(Path(env["DC_DATA"]), *args, "--json")
    assert done.returncode == 0, (args, done.stderr)
    return json.loads(done.stdout)


def _hands_the_card_over(app: RunningApp, delivery: str) -> list[str]:
    """README's step 10 in the window: Serah terima, the card read, signed, handed over."""
    hands = app.hands
    # A petugas hands no card over alone: the ketua tim takes the laptop.
    switch_user(hands, "rudi", PASSWORDS["rudi"])
    open_page(hands, "Serah terima")
    choose_containing(hands, "Semua kartu", delivery)
    hands.wait_text(f"Pengiriman {delivery} · ", timeout=20)
    hands.wait_text("1 kartu, 0 sudah diserahkan")
    hands.click("table cell", _example_people()[0])
    hands.double_click("push button", "1. Baca kartu di pembaca kartu")  # one read all the same
    hands.wait_text("kartu yang dicetak kantor untuk rekaman ini", timeout=40)
    hands.fill("text", "Penerima", RECEIVER)
    choose_containing(hands, "Pemilik kartu", "Wali / pengampu")
    hands.click("push button", "2. Penerima tanda tangan di bantalan")
    hands.wait_text("Sudah ditandatangani", timeout=60)
    hands.click("push button", "3. Serahkan kartu")
    hands.wait_text(f"Kartu sudah diserahkan kepada {RECEIVER}.")
    hands.wait_text("1 kartu, 1 sudah diserahkan")
    hands.screenshot("card-handed-over")
    return problems_on_screen(hands.look(), hands.desktop.width, hands.desktop.height)


def _the_card(blocks: list[str], env: dict[str, str], tmp_path: Path, app: RunningApp) -> list[str]:
    """Steps 9 and 10: printed, scheduled for Sumberjo by the team's laptop, handed over."""
    card, bring, report, delivered = blocks
    office = tmp_path / OFFICE_DIR
    (record,) = _dc_json(env, "records", "list")
    (laptop,) = _dc_json(env, "laptops", "list")
    training = dc_cli(Path(env["DC_DATA"]), "office", "training", "on")  # the simulators' prints
    assert training.returncode == 0, training.stderr
    env = env | {
        "RECORD_ID": record["record_id"],
        "CARD_UID": SIM_CARD_UID,  # what the simulated reader on the table reads
        "LAPTOP": laptop["hostname"],
    }
    scheduled = _bash(card, env, office)
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    (delivery,) = _dc_json(env, "cards", "deliveries")
    assert (delivery["desa_code"], delivery["team"]) == (SUMBERJO, "Tim 1"), delivery
    assert delivery["record_ids"] == [record["record_id"]]
    brought = _bash(bring, env, tmp_path)
    assert brought.returncode == 0, brought.stdout + brought.stderr
    problems = _hands_the_card_over(app, delivery["number"])
    reported = _bash(report, env, tmp_path)
    assert reported.returncode == 0, reported.stdout + reported.stderr
    counted = _bash(delivered, env, office)
    assert counted.returncode == 0, counted.stderr
    assert delivery["number"] in counted.stdout
    (after,) = _dc_json(env, "cards", "deliveries")
    assert after["handed_over"] == 1, after
    return problems


def _in_the_window(app: RunningApp, codes: dict[str, str]) -> list[str]:
    """Steps 6 and 7: the first logins, then Sari records the first person; the problems."""
    hands = app.hands
    width, height = hands.desktop.width, hands.desktop.height
    problems: list[str] = []
    log_in(hands, ADMIN, ADMIN_PASSWORD)
    open_page(hands, "Pengaturan")
    hands.click("push button", "Kelola petugas…")
    hands.find("dialog", "Petugas tim")
    hands.wait_text("menunggu masuk pertama kali")
    hands.screenshot("officers-from-the-office")
    problems += problems_on_screen(hands.look(), width, height)
    hands.click("push button", FIRST_LOGIN + "…")
    _first_login(hands, KETUA, "rudi", codes["rudi"], problems)
    open_page(hands, "Pengaturan")  # Rudi's window: the newcomer's button is on the page
    hands.click("push button", FIRST_LOGIN + "…")
    _first_login(hands, PETUGAS, "sari", codes["sari"], problems)
    hands.wait("today's visit on Beranda", lambda s: s.find("table cell", contains="Sumberjo"))
    hands.screenshot("sari-beranda")
    problems += problems_on_screen(hands.look(), width, height)
    # The family's receipt gives the office's letterhead (README's step 2), not "-".
    _enroll_cooperative(app, _example_people()[0], problems, receipt_says=CONTACT)
    hands.screenshot("first-record-sealed")
    return problems


#: README's fourteen commands are each a process of their own (a data center's or a
#: laptop's start-up, an Argon2 password), then the window's part: longer than the
#: suite's 300 s on a loaded machine.
@pytest.mark.timeout(900)
def test_the_readme_walks_from_serve_to_the_card_handed_over(
    launch, desktop: Desktop, tmp_path: Path
) -> None:
    blocks = first_day_blocks()
    serve, officers, plan, new_code, laptop, push, accepted = blocks[:7]
    card, bring, report, delivered = blocks[7:]
    assert "fieldkit-datacenter serve" in serve
    # The office's code before anything that must reach a laptop (issue 47, finding B3).
    assert officers.index("office set") < officers.index("officers add")
    assert "--role ketua_tim" in officers
    assert "--role petugas" in officers
    assert "plan visit add" in plan
    assert "--bundle-out" in new_code
    assert "sync enroll --bundle" in laptop
    assert "sync push" in laptop  # the office's package: the officers and the visit
    assert "sync push" in push
    assert "records list" in accepted
    # The card to its desa and into its owner's hands (issue 59 §5), never set-state by hand.
    assert "--letterhead" in officers
    assert "regions import" in officers
    assert "--desa Sumberjo" in plan
    assert "cards printed" in card
    assert "--card-uid" in card
    assert "set-state" not in card
    assert "laptops name" in card
    assert "cards deliver" in card
    assert "sync push" in bring
    assert "sync push" in report
    assert "cards deliveries" in delivered
    # The laptop's steps are Windows' (issue 47, finding 13): the stick is E:, not /media/usb.
    assert "--bundle E:\\laptop-1.json" in laptop
    assert "/media" not in laptop + push
    shutil.copytree(EXAMPLES, tmp_path / OFFICE_DIR / "docs" / "examples")
    (tmp_path / "usb").mkdir()
    home = tmp_path / "laptop"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DC_DATA": str(tmp_path / "dc"),
        "DC_HOST": "127.0.0.1",
        "DC_PORT": str(free_port()),
        "USB": str(tmp_path / "usb"),
        "FIELDKIT_HOME": str(home),
        "FIELDKIT_OFFICER": ADMIN,
        "FIELDKIT_PASSWORD": ADMIN_PASSWORD,
        # The commands' English words, which this walk reads (they speak Indonesian by
        # default: tests/fieldkit/cli/test_language.py); the window pops it (launch).
        "FIELDKIT_LANG": "en",
    }
    server = _started(serve, env)
    try:
        codes = _office_and_laptop([officers, plan, new_code, laptop], env, tmp_path)
        _with_simulators(home)
        app = launch(desktop, home=home)
        problems = _in_the_window(app, codes)

        # Step 8: sent from the laptop's Command Prompt, accepted at the data center.
        sent = _bash(push, env, tmp_path)
        assert sent.returncode == 0, sent.stdout + sent.stderr
        assert "Accepted 1" in sent.stdout, sent.stdout
        listed = _bash(accepted, env, tmp_path / OFFICE_DIR)
        assert listed.returncode == 0, listed.stderr
        records = list_records(tmp_path / "dc")
        assert [r["state"] for r in records] == ["ACCEPTED"], records
        assert f"{records[0]['record_id']}  ACCEPTED" in listed.stdout, listed.stdout
        problems += _the_card([card, bring, report, delivered], env, tmp_path, app)
        assert not problems, "\n".join(problems)
        assert not app.crashes()
    finally:
        _stopped(server)
