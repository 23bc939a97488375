"""Issue 47, part A: wrong personal and legal data must not get in silently.

A consent that followed the wrong person: after a person whose wali consented, the
next person's consent step opened with the same wali chosen and filled in, and
"Catat persetujuan" sealed them with someone else's guardian.  A NIK that disagreed
with the form went by unseen: the warning was written to a label on a page then left.
Both are walked here in the real window, with the mouse and keyboard alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.e2e.journeys import choose, close_receipt, log_in, open_page, problems_on_screen

if TYPE_CHECKING:
    from tests.e2e.desktop import Desktop, Hands, Node, Snapshot

START = "Mulai perekaman orang yang dipilih"
CONSENT = "Catat persetujuan"
SEAL = "Selesai dan segel rekaman"
OWN = "Orang itu sendiri"
WALI = "Wali atas namanya"
WALI_NAME = "Nama wali"
RELATION = "Hubungan"
#: The words read to the person before asking (the catalogue's, the office set none).
READ_ALOUD = "Bacakan kepada yang bersangkutan"
FAILED = ("Terjadi kesalahan", "Something went wrong")


def _consent_as_shown(hands: Hands) -> tuple[bool, bool, str, str]:
    """(own consent chosen, wali chosen, the wali's name, the relation) as on screen."""
    snap = hands.look()
    own, wali = snap.one("radio button", OWN), snap.one("radio button", WALI)
    name = next(n for n in snap.find(name=WALI_NAME) if n.role != "label")
    relation = next(n for n in snap.find(name=RELATION) if n.role != "label")
    return own.checked, wali.checked, name.text, relation.text


def _start(hands: Hands, person: str) -> None:
    open_page(hands, "Perekaman")
    hands.click("table cell", person)
    hands.click("push button", START)
    hands.find("push button", CONSENT)


def _seal_hands_free(hands: Hands, person: str) -> None:
    """Every step takes its capture by itself (the demo's default); then seal."""

    def reviewed(snap: Snapshot) -> bool:
        for text in snap.texts():
            if any(f in text for f in FAILED):
                hands.screenshot(f"failed-{person}")
                raise AssertionError(f"the app failed: {text!r}")
        return bool(snap.find("push button", SEAL))

    hands.wait(f"{person}'s review, captured hands-free", reviewed, 120)
    hands.click_seen("push button", SEAL)
    hands.wait(
        f"{person} recorded",
        lambda s: (
            any("terekam" in n.name for n in s.find("table cell", contains=person))
            or s.find("push button", "Tutup bukti perekaman")
        ),
        60,
    )
    close_receipt(hands)


def test_three_people_in_a_row_each_with_their_own_consent(launch, desktop: Desktop) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "petugas")
    problems: list[str] = []

    # The first person is bed-bound: her daughter consents for her, as wali.
    _start(hands, "Demo Sasaran 1")
    assert _consent_as_shown(hands) == (True, False, "", "")
    assert any(READ_ALOUD in t for t in hands.look().texts()), "no words to read to the person"
    hands.screenshot("consent-first-person")
    hands.click("radio button", WALI)
    name_field = next(n for n in hands.look().find(name=WALI_NAME) if n.role != "label")
    hands.click_node(name_field)
    hands.type("Rina Wulandari")
    relation_field = next(n for n in hands.look().find(name=RELATION) if n.role != "label")
    hands.click_node(relation_field)
    hands.type("anak")
    assert _consent_as_shown(hands) == (False, True, "Rina Wulandari", "anak")
    hands.screenshot("consent-by-wali")
    hands.click("push button", CONSENT)
    _seal_hands_free(hands, "Demo Sasaran 1")

    # The next two consent for themselves: each starts bare, never with the last wali.
    for person in ("Demo Sasaran 2", "Demo Sasaran 3"):
        _start(hands, person)
        shown = _consent_as_shown(hands)
        hands.screenshot(f"consent-{person}")
        problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
        assert shown == (True, False, "", ""), f"{person}'s consent starts with {shown}"
        hands.click("push button", CONSENT)
        if person == "Demo Sasaran 2":
            _seal_hands_free(hands, person)
        else:
            hands.click("push button", "Jeda")
            hands.wait_text("Dijeda")
    assert not problems, "\n".join(problems)
    assert not app.crashes()


DISAGREES = "NIK tidak sesuai"
#: A woman born 07-08-1995 (day 47 = 7 + 40), Kabupaten Grobogan, a made-up serial.
HER_NIK = "3315014708950003"


def _date_field(snap: Snapshot) -> Node:
    return next(n for n in snap.find(name="Tanggal lahir") if n.role != "label")


def test_a_nik_that_disagrees_with_the_form_is_kept_only_with_a_reason(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "petugas")
    open_page(hands, "Perekaman")
    hands.click("page tab", "Tambah orang di tempat")
    hands.fill("text", "NIK", HER_NIK)
    hands.wait("the birth date read from the NIK", lambda s: _date_field(s).text == "07-08-1995")
    hands.fill("text", "Nama lengkap", "Uji Datang Langsung")
    # The walk-in says he is a man born 01-01-1950: typed over what the NIK gave.
    hands.click_node(_date_field(hands.look()))
    hands.key("ctrl+a")
    hands.type("01-01-1950")
    hands.wait("the typed birth date", lambda s: _date_field(s).text == "01-01-1950")
    choose(hands, hands.find("combo box", contains="P ("), "L (laki-laki)")
    hands.click("push button", "Tambah dan mulai perekaman")
    hands.find("dialog", DISAGREES)
    said = " ".join(hands.look().texts())
    hands.screenshot("nik-disagrees-asked")
    assert "tanggal lahir" in said, said
    assert "jenis kelamin" in said, said
    assert not hands.look().one("push button", "Rekam apa adanya").enabled  # no reason yet
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    # Batal: back on the form, the disagreement said under the birth date and the sex.
    hands.click("push button", "Batal")
    hands.wait("the question closed", lambda s: not s.find("dialog", DISAGREES))
    hands.wait("the disagreement under its field", lambda s: s.find("label", contains="NIK memuat"))
    snap = hands.look()
    under = [n.name for n in snap.find("label", contains="NIK memuat")]
    assert len(under) == 2, under  # the birth date's and the sex's
    assert not snap.find("push button", CONSENT), "it went on to the consent anyway"
    hands.screenshot("nik-disagrees-on-the-form")
    problems += problems_on_screen(snap, desktop.width, desktop.height)
    # Kept on purpose, with the reason the ketua tim will read.
    hands.click("push button", "Tambah dan mulai perekaman")
    hands.find("dialog", DISAGREES)
    reason = hands.look().one("text", inside=DISAGREES)
    hands.click_node(reason)
    hands.type("KK menulis laki-laki lahir 1950, NIK belum diperbaiki")
    hands.click("push button", "Rekam apa adanya")
    hands.find("push button", CONSENT)
    hands.screenshot("nik-disagreement-kept")
    assert not problems, "\n".join(problems)
    assert not app.crashes()
