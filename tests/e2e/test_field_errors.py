"""Issue 36: an error shows at the field that caused it, and the screen's main action stands out.

Before, a refusal was one bold line at the bottom of the form: the person had to
work out which field it meant.  Now the field gets a red border and the message
sits right under it; the form's one primary button is accent-filled and 44 px high.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.e2e.desktop import Desktop, Hands, Node, Snapshot
from tests.e2e.journeys import log_in, open_page, problems_on_screen
from ui.demo import listed_person
from ui.design.tokens import LIGHT

PASSWORD = "kata-sandi-yang-panjang-1"


def _border_colour(shot: Path, field: Node) -> str:
    """The colour of the field's left border, halfway down, in a screenshot."""
    x, y, _w, h = field.rect or (0, 0, 0, 0)
    with Image.open(shot) as image:
        r, g, b = image.convert("RGB").getpixel((x, y + h // 2))  # type: ignore[misc]
    return f"#{r:02x}{g:02x}{b:02x}"


def _under(message: Node, field: Node, next_field: Node) -> bool:
    """The message lies between the field it is about and the next field down."""
    assert message.rect is not None
    assert field.rect is not None
    assert next_field.rect is not None
    return field.rect[1] + field.rect[3] <= message.rect[1] < next_field.rect[1]


def _said_between_nik_and_kk(snap: Snapshot) -> list[Node]:
    """What the walk-in form says under its NIK field (above the KK field)."""
    nik, kk = snap.one("text", "NIK"), snap.one("text", "Nomor KK")
    return [n for n in snap.find("label") if n.name and _under(n, nik, kk)]


def test_add_officer_marks_the_password_that_differs(launch, desktop: Desktop) -> None:
    app = launch(desktop, "--demo")
    hands: Hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Pengaturan")
    hands.click("push button", "Kelola petugas…")
    hands.click("push button", "Tambah petugas…")
    hands.find("dialog", "Tambah petugas")
    hands.fill("text", "Nama pengguna", "siti.aminah")
    hands.fill("text", "Nama lengkap", "Siti Aminah")
    hands.fill("password text", "Kata sandi", PASSWORD)
    hands.fill("password text", "Ulangi kata sandi", PASSWORD + "x")
    add = hands.find("push button", "Tambahkan petugas")
    assert add.rect is not None
    assert add.rect[3] >= LIGHT.heights.primary_button, add  # the form's one primary action
    hands.click("push button", "Tambahkan petugas")
    message = "Kedua kata sandi berbeda; ketik lagi."  # its name; the label shows "⚠ " before it
    hands.wait("the message", lambda s: s.find("label", message))
    shot = hands.screenshot("passwords-differ")
    snap = hands.look()
    said = snap.one("label", message)
    second = snap.one("password text", "Ulangi kata sandi")
    buttons = snap.one("push button", "Tambahkan petugas")
    assert _under(said, second, buttons), (said, second, buttons)
    assert _border_colour(shot, second) == LIGHT.colours.danger
    problems = problems_on_screen(snap, desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    assert not app.crashes()


def test_a_wrong_nik_is_said_under_the_nik_field(launch, desktop: Desktop) -> None:
    app = launch(desktop, "--demo")
    hands: Hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Perekaman")
    hands.click("page tab", "Tambah orang di tempat")
    hands.fill("text", "NIK", "1234")
    hands.click("push button", "Periksa NIK dan KK")

    said = hands.wait("the NIK's error under the NIK", _said_between_nik_and_kk)
    shot = hands.screenshot("wrong-nik")
    assert isinstance(said, list)
    assert "NIK" in said[0].name, said
    nik = hands.look().one("text", "NIK")
    assert _border_colour(shot, nik) == LIGHT.colours.danger
    # Corrected, the mark goes away.
    hands.fill("text", "NIK", "3315014107500001")
    hands.click("push button", "Periksa NIK dan KK")
    hands.wait("the NIK's error gone", lambda s: not _said_between_nik_and_kk(s))
    hands.screenshot("nik-corrected")
    assert not app.crashes()


def test_a_listed_nik_added_on_the_spot_is_refused_with_the_listed_name(
    launch, desktop: Desktop
) -> None:
    """Issue 56.5: a listed person added again had two rows, counted twice on every paper."""
    listed = listed_person(0)  # today's demo visit lists them first
    app = launch(desktop, "--demo")
    hands: Hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Perekaman")
    assert len(hands.look().find("table cell", listed.name)) == 1
    hands.click("page tab", "Tambah orang di tempat")
    hands.fill("text", "NIK", listed.nik)  # the birth date and sex are read from it
    hands.fill("text", "Nama lengkap", listed.name)
    hands.click("push button", "Tambah dan mulai perekaman")

    said = hands.wait("the refusal under the NIK", _said_between_nik_and_kk)
    shot = hands.screenshot("listed-nik-refused")
    assert isinstance(said, list)
    assert f"sudah ada di daftar kunjungan ini atas nama {listed.name}" in said[0].name, said
    snap = hands.look()
    assert _border_colour(shot, snap.one("text", "NIK")) == LIGHT.colours.danger
    assert not snap.find("push button", "Catat persetujuan"), "no draft was started"
    assert not snap.find("label", contains="NIK dan KK valid"), "refused, not valid"
    problems = problems_on_screen(snap, desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    # The list still holds the person once.
    hands.click("page tab", "Daftar sasaran")
    hands.wait("the visit's list", lambda s: s.find("table cell", listed.name))
    assert len(hands.look().find("table cell", listed.name)) == 1
    assert not app.crashes()
