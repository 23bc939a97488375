"""Issue 36, finding 6: devices in training, end to end in the demo's real window.

A trainer pulls the simulated fingerprint scanner's cable in Pengaturan; Beranda and
Pengaturan both say Terputus; the petugas's capture is refused with the message a
real unplugged scanner gives; the cable goes back in, both say Siap, and the recording
goes on.  Then the scanner's module is changed in Pengaturan and is in use at once,
with no restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.e2e.desktop import Desktop, Hands, Node, Snapshot
from tests.e2e.journeys import choose, choose_containing, log_in, open_page, problems_on_screen
from tests.e2e.test_petugas import CAPTURE, START, _capture_until_review
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace

if TYPE_CHECKING:
    from pathlib import Path

    from tests.e2e.conftest import RunningApp

SCANNER = "Pemindai sidik jari"
UNPLUG = "Cabut pemindai sidik jari (latihan)"
PLUG_BACK = "Pasang lagi pemindai sidik jari"
#: What the capture says about an unplugged scanner (the supervisor's "not connected").
NOT_CONNECTED = "Perangkat ini tidak tersambung; periksa kabelnya dan layar Beranda."
SETTLE_S = 20


def _same_row(snap: Snapshot, anchor: Node, role: str) -> list[Node]:
    """The ``role`` nodes on ``anchor``'s row (same height on the screen), left to right."""
    _x, y = anchor.center
    row = [
        n
        for n in snap.find(role)
        if n is not anchor and n.rect is not None and abs(n.center[1] - y) <= 4
    ]
    return sorted(row, key=lambda n: n.center[0])


def _beranda_light(snap: Snapshot) -> str:
    """The scanner's light on Beranda: the label beside its name in the Perangkat box."""
    (box,) = [n for n in snap.find(name="Perangkat") if n.role in {"panel", "filler", "grouping"}]
    names = [n for n in snap.find("label", SCANNER) if snap.is_inside(n, box)]
    assert names, "no scanner row on Beranda"
    lights = [n.name for n in _same_row(snap, names[0], "label") if n.name[:1] in "●◐◌✖⚠"]
    return lights[0] if lights else ""


def _settings_state(snap: Snapshot) -> tuple[str, str]:
    """The scanner's row in Pengaturan's table: (module, state)."""
    (name,) = snap.find("table cell", SCANNER)
    cells = [n.name for n in _same_row(snap, name, "table cell")]
    return cells[0], cells[1]


def _beranda_says(hands: Hands, word: str) -> None:
    open_page(hands, "Beranda")
    hands.wait(f"Beranda: {SCANNER} {word}", lambda s: _beranda_light(s).endswith(word), SETTLE_S)


#: The modules as Pengaturan names them (issue 47, finding 11: never "sim" or "zfm-sim").
SIM = "simulator (latihan)"
SINGLE_FINGER_SIM = "simulator (sensor satu jari)"


def _pengaturan_says(hands: Hands, word: str, module: str = SIM) -> None:
    open_page(hands, "Pengaturan")
    hands.wait(
        f"Pengaturan: {SCANNER} {module} {word}",
        lambda s: _settings_state(s) == (module, f"{'●' if word == 'Siap' else '✖'} {word}"),
        SETTLE_S,
    )


def _to_the_scanner_step(app: RunningApp) -> None:
    """Perekaman: a person, consent, the face taken by itself; the scanner's step shows."""
    hands = app.hands
    open_page(hands, "Perekaman")
    hands.click("table cell", "Demo Sasaran 3")
    hands.click("push button", START)
    hands.click("push button", "Catat persetujuan")
    hands.wait("the scanner's step", lambda s: any(NOT_CONNECTED in t for t in s.texts()), 60)


def test_a_trainee_unplugs_the_scanner_sees_it_everywhere_and_plugs_it_back(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    width, height = desktop.width, desktop.height
    problems: list[str] = []
    _beranda_says(hands, "Siap")
    _pengaturan_says(hands, "Siap")  # it said "Belum diperiksa" while Beranda said "Siap"
    hands.screenshot("pengaturan-ready")

    hands.click("push button", UNPLUG)
    hands.find("push button", PLUG_BACK)
    _pengaturan_says(hands, "Terputus")
    hands.screenshot("pengaturan-unplugged")
    problems += problems_on_screen(hands.look(), width, height)
    _beranda_says(hands, "Terputus")
    hands.screenshot("beranda-unplugged")

    # The recording reaches the scanner: its preview and its Rekam say it is not connected.
    _to_the_scanner_step(app)
    hands.click("push button", CAPTURE)
    hands.wait(
        "Rekam refused",
        lambda s: len([t for t in s.texts() if NOT_CONNECTED in t]) >= 2,
        SETTLE_S,
    )
    hands.screenshot("capture-unplugged")
    problems += problems_on_screen(hands.look(), width, height)

    open_page(hands, "Pengaturan")
    hands.click("push button", PLUG_BACK)
    hands.find("push button", UNPLUG)
    _pengaturan_says(hands, "Siap")
    _beranda_says(hands, "Siap")
    hands.screenshot("beranda-plugged-back")
    open_page(hands, "Perekaman")
    _capture_until_review(hands, problems)  # the scanner takes the prints; on to the review
    hands.screenshot("captured-after-plugging-back")
    assert not problems, "\n".join(problems)
    assert not app.crashes()


def test_a_module_chosen_in_pengaturan_is_used_at_once(launch, desktop: Desktop) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Pengaturan")
    choose_containing(hands, "Kamera wajah", SCANNER)
    choose(hands, hands.find("combo box", "otomatis"), SINGLE_FINGER_SIM)
    hands.click("push button", "Pakai modul ini")
    hands.wait_text(f"{SCANNER} kini memakai {SINGLE_FINGER_SIM}.")  # not "from the next start"
    assert not any("dibuka berikutnya" in t for t in hands.look().texts())
    _pengaturan_says(hands, "Siap", module=SINGLE_FINGER_SIM)
    hands.screenshot("module-applied")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    # The new scanner is the one in use: its cable is the one training pulls.
    hands.click("push button", UNPLUG)
    _pengaturan_says(hands, "Terputus", module=SINGLE_FINGER_SIM)
    _beranda_says(hands, "Terputus")
    assert not problems, "\n".join(problems)
    assert not app.crashes()


def test_a_module_chosen_during_a_recording_waits_for_it_and_says_why(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Perekaman")
    hands.click("table cell", "Demo Sasaran 3")
    hands.click("push button", START)
    hands.find("push button", "Catat persetujuan")  # the person's recording is open
    open_page(hands, "Pengaturan")
    choose_containing(hands, "Kamera wajah", SCANNER)
    choose(hands, hands.find("combo box", "otomatis"), SINGLE_FINGER_SIM)
    hands.click("push button", "Pakai modul ini")
    hands.wait_text("setelah perekaman di layar Perekaman selesai")
    hands.screenshot("module-waits-for-the-recording")
    _pengaturan_says(hands, "Siap", module=SIM)  # the recording keeps its scanner
    open_page(hands, "Perekaman")
    hands.click("push button", "Jeda")  # the recording ends (its draft is kept)
    _pengaturan_says(hands, "Siap", module=SINGLE_FINGER_SIM)
    assert not app.crashes()


def test_a_simulator_chosen_on_a_real_store_is_named_in_red_on_every_screen(
    launch, desktop: Desktop, tmp_path: Path
) -> None:
    """Issue 56.2: "simulator (latihan)" chosen for the scanner on a real store showed no mark.

    What it captures would go into a real record and on to a KTP-el; the window now says so
    in the menu bar, on every screen, until the real scanner is chosen again.
    """
    home = tmp_path / "home"
    init_workspace(home).close()
    app = launch(desktop, home=home)
    hands = app.hands
    log_in(hands, ADMIN, ADMIN_PASSWORD)
    assert not any("SIMULATOR" in t for t in hands.look().texts())
    open_page(hands, "Pengaturan")
    choose_containing(hands, "Kamera wajah", SCANNER)
    choose(hands, hands.find("combo box", "otomatis"), SIM)
    hands.click("push button", "Pakai modul ini")
    marked = "SIMULATOR di data nyata: Pemindai sidik jari · bukan untuk KTP-el nyata"
    hands.wait_text(marked, timeout=SETTLE_S)
    open_page(hands, "Beranda")
    hands.wait_text(marked, timeout=SETTLE_S)  # on every screen
    hands.screenshot("simulator-on-a-real-store")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    open_page(hands, "Pengaturan")  # the scanner is still the device chosen there
    choose(hands, hands.find("combo box", SIM), "otomatis")
    hands.click("push button", "Pakai modul ini")
    hands.wait(
        "the mark gone with the simulator",
        lambda s: not any("SIMULATOR" in t for t in s.texts()),
        SETTLE_S,
    )
    assert not problems, "\n".join(problems)
    assert not app.crashes()
