"""The ketua tim countersigns on the spot, in the real window, with a card in a real pcscd.

The office rule ``enrollment.cosign_on_spot`` is on and the ketua tim's staff card is
bound on this laptop before the app starts.  The petugas records a person and excepts
two fingers: after the first, "Tanda tangan ketua tim" opens and Esc skips it (that
flag waits for the review); after the second, the test lays the ketua's virtual card on
vpcd's reader, types a wrong PIN (the card counts it, the dialog says so in Indonesian),
then the right one and Enter.  After the seal, from outside the app: the sealed record
(opened with the training key) lists the countersign of the second finger only, and the
review list holds the record with the skipped finger's flag alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from drivers.staff_card import StaffCard
from fieldkit.accounts import Accounts
from fieldkit.enrollment import autocapture, cosign
from fieldkit.records import container, outbox
from fieldkit.records.demo import demo_private_key
from fieldkit.sealing import open_sealed
from fieldkit.workspace import Workspace
from tests.conftest import VPCD_PORT, PcscDaemon
from tests.e2e.desktop import Desktop, Hands, Snapshot
from tests.e2e.journeys import close_receipt, log_in, open_page, problems_on_screen
from tests.e2e.test_petugas import AUTO, CAPTURE, SEAL, START, _auto_on, _capture_until_review
from tests.e2e.test_petugas import _except as record_exception
from tests.support import cli
from ui import demo

PIN = "246801"
WRONG_PIN = "999999"
PERSON = "Demo Sasaran 1"
DIALOG = "Tanda tangan ketua tim"
SKIPPED = "exception:finger:9:amputated:permanent"  # jari manis kiri (ANSI/NIST 9)
SIGNED = "exception:finger:10:amputated:permanent"  # kelingking kiri (10)
KETUA_UID = bytes.fromhex("04a1b2c3d4e5f6")
KETUA_SECRET = bytes(range(32))


def _the_store(home: Path) -> None:
    """The demo's team (admin, ketua, petugas) and today's visit; the rule on; the card bound.

    The ketua binds their own card (their password), as Pengaturan's "Kartu petugas saya"
    does; the admin turns the rule on, as Pengaturan's rules box does.
    """
    ws = demo.create(home).workspace
    try:
        ws.switch_officer(demo.KETUA, demo.DEMO_PASSWORD)
        Accounts(ws).bind_card(demo.DEMO_PASSWORD, KETUA_UID, KETUA_SECRET)
        ws.switch_officer(demo.ADMIN, demo.DEMO_PASSWORD)
        cosign.set_rule(ws, on=True)
        # Exceptions first: every capture waits for Rekam.  Unticked in the window after
        # the consent, the face's 0.5 s spell could end first on a loaded machine (CI).
        autocapture.set_rule(ws, on=False)
    finally:
        ws.close()


def _dialog(snap: Snapshot) -> bool:
    return bool(snap.find("dialog", DIALOG))


def _pin_focused(snap: Snapshot) -> bool:
    """The dialog's PIN field has the keyboard: the ketua types at once, no click needed."""
    return any("focused" in n.states for n in snap.find("password text", inside=DIALOG))


def _sealed_header(home: Path, record_id: str) -> dict[str, object]:
    """The sealed record, opened as the (training) data center opens it."""
    with Workspace.login(home, demo.ADMIN, demo.DEMO_PASSWORD) as ws, ws.transaction() as s:
        sealed = outbox.sealed(s, record_id)
        public = outbox.device_public_key(s)
    header, _blobs = container.unpack(open_sealed(sealed, demo_private_key(), public))
    return header


def _start_with_the_fingers(hands: Hands) -> None:
    """The petugas starts the person, records the consent and the face, by Rekam each."""
    open_page(hands, "Perekaman")
    hands.click("table cell", PERSON)
    hands.click("push button", START)
    hands.click("push button", "Catat persetujuan")
    hands.wait(
        "the face step, auto-capture off as the office set it",
        lambda s: s.find("check box", AUTO) and not _auto_on(s),
        30,
    )
    hands.click("push button", CAPTURE)  # the face
    hands.wait("the fingers", lambda s: s.find("combo box", contains="Empat jari kiri"), 60)


def _skip_with_esc(hands: Hands, problems: list[str]) -> None:
    """The first finger: the dialog opens, and Esc skips it, no card on the reader."""
    record_exception(hands, "Jari manis kiri", "Diamputasi")
    hands.wait("the countersign dialog", _dialog)
    hands.screenshot("cosign-offered")
    problems += problems_on_screen(hands.look(), hands.desktop.width, hands.desktop.height)
    hands.key("Escape")
    hands.wait("the dialog skipped", lambda s: not _dialog(s))


def _countersign_with_the_card(hands: Hands, card: VirtualCard, problems: list[str]) -> None:
    """The second finger: the ketua lays the card on the reader, a wrong PIN, then the right.

    Keyboard only, as the dialog promises: the PIN field has the focus, Enter confirms.
    """
    record_exception(hands, "Kelingking kiri", "Diamputasi")
    hands.wait("the countersign dialog again", _dialog)
    wired = VpcdCard(card, port=VPCD_PORT)
    wired.insert()
    try:
        hands.wait("the PIN field focused", _pin_focused)
        hands.type(WRONG_PIN)
        hands.key("Return")
        hands.wait_text("PIN salah. 2 kali lagi PIN salah", timeout=20)
        assert card.pin_tries_left == 2, "the card did not count the wrong PIN"
        assert _dialog(hands.look()), "a wrong PIN closed the dialog"
        hands.screenshot("cosign-wrong-pin")
        problems += problems_on_screen(hands.look(), hands.desktop.width, hands.desktop.height)
        hands.wait("the PIN field focused again", _pin_focused)
        hands.type(PIN)
        hands.key("Return")
        hands.wait("the dialog closed by the countersign", lambda s: not _dialog(s), 20)
        # Signed, and said so truly: the finger skipped before still holds the record.
        hands.wait_text("Ditandatangani oleh Ketua Tim Demo. Rekaman tetap menunggu tinjauan")
        assert card.pin_tries_left == 3, "the right PIN did not reset the card's counter"
    finally:
        wired.remove()
    hands.screenshot("countersigned")


def _outside_the_app(home: Path) -> None:
    """The sealed record lists the countersign; the review list holds the skipped flag only."""
    env = {
        "FIELDKIT_HOME": str(home),
        "FIELDKIT_OFFICER": demo.ADMIN,
        "FIELDKIT_PASSWORD": demo.DEMO_PASSWORD,
    }
    listed = cli("records", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    (record,) = json.loads(listed.stdout)
    header = _sealed_header(home, record["record_id"])
    cosigns = header["cosigns"]
    assert isinstance(cosigns, list)
    assert [(c["flag"], c["ketua"], c["role"]) for c in cosigns] == [
        (SIGNED, demo.KETUA, "ketua_tim")
    ]
    flags = header["review_flags"]
    assert isinstance(flags, list)
    assert SKIPPED in flags
    assert SIGNED not in flags
    reviews = cli("review", "list", "--json", env=env)
    assert reviews.returncode == 0, reviews.stderr
    (waiting,) = json.loads(reviews.stdout)
    assert waiting["record_id"] == record["record_id"]
    assert SKIPPED in waiting["flags"]
    assert SIGNED not in waiting["flags"]


def test_the_ketua_countersigns_one_exception_with_card_and_pin_and_esc_skips_the_other(
    launch, desktop: Desktop, pcscd: PcscDaemon, tmp_path: Path
) -> None:
    del pcscd  # running: the app's card box finds vpcd's reader as its first PC/SC reader
    home = tmp_path / "home"
    _the_store(home)
    card = VirtualCard(KETUA_UID, StaffCard("ID-ketua", "3315"), pin=PIN, login_secret=KETUA_SECRET)
    app = launch(desktop, home=home)
    hands = app.hands
    log_in(hands, demo.PETUGAS, demo.DEMO_PASSWORD)
    _start_with_the_fingers(hands)
    problems: list[str] = []
    _skip_with_esc(hands, problems)
    _countersign_with_the_card(hands, card, problems)
    _capture_until_review(hands, problems)
    hands.click("push button", SEAL)
    hands.wait("sealed", lambda s: s.find("table cell", contains="terekam"), 60)
    hands.wait_text("(1 tanda untuk ketua tim)")  # the skipped finger's, not the signed one's
    close_receipt(hands)
    hands.click("menu item", "FieldKit")  # quit as a person does: the store closed, not killed
    hands.click("menu item", "Keluar")
    assert app.process.wait(timeout=30) == 0  # nothing unfinished: no question asked
    assert not app.crashes()
    _outside_the_app(home)
    assert not problems, "\n".join(problems)
